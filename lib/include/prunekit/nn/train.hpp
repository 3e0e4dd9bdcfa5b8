#pragma once
/// Hyper-parameters of an MLP (architecture and training) and the training loop: seeded
/// minibatch shuffling, SGD/Adam, learning-rate schedules, inverted dropout, L1/L2 weight decay
/// and early stopping on a validation split. Masks are honoured throughout (network.hpp).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "prunekit/core/enum_names.hpp"
#include "prunekit/core/params.hpp"
#include "prunekit/core/rng.hpp"
#include "prunekit/nn/conv_network.hpp"
#include "prunekit/nn/network.hpp"
#include "prunekit/nn/optimizer.hpp"

namespace prunekit {

enum class Schedule { constant, step, cosine };
constexpr EnumNames<Schedule, 3> enum_names(Schedule) {
  return {
      {{Schedule::constant, "constant"}, {Schedule::step, "step"}, {Schedule::cosine, "cosine"}}};
}

/// The training hyper-parameters shared by every network kind, with their defaults.
struct TrainParams {
  std::optional<Loss> loss;  ///< empty: from the task
  OptimizerKind optimizer = OptimizerKind::sgd;
  double lr = 0.05;
  double momentum = 0.9;
  bool nesterov = false;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
  double weight_decay = 0.0;  ///< L2 coefficient
  double l1 = 0.0;            ///< L1 coefficient
  std::size_t batch = 64;
  std::size_t epochs = 20;
  Schedule schedule = Schedule::constant;
  std::size_t step_size = 10;  ///< step schedule: epochs between decays
  double gamma = 0.1;          ///< step schedule: decay factor
  double lr_min = 0.0;         ///< cosine schedule: final learning rate
  bool early_stopping = false;
  std::size_t patience = 5;
  double validation_fraction = 0.1;

  [[nodiscard]] OptimizerParams optimizer_params() const;
  /// The learning rate of (0-based) `epoch`.
  [[nodiscard]] double lr_at(std::size_t epoch) const;
};

/// Every hyper-parameter of an MLP, with its default. docs/networks.md describes each one.
struct MlpParams : TrainParams {
  std::vector<std::size_t> hidden{100};      ///< hidden layer widths
  Activation activation = Activation::relu;  ///< of the hidden layers
  double dropout = 0.0;                      ///< drop probability after each hidden layer
  std::optional<Init> init;                  ///< empty: he for relu, glorot otherwise

  [[nodiscard]] Init init_for_activation() const {
    return init ? *init : (activation == Activation::relu ? Init::he : Init::glorot);
  }
};

/// The hyper-parameters' declarations (docs/networks.md shows this table).
[[nodiscard]] const ParamTable& mlp_param_table();

/// The declarations of TrainParams' keys, shared by the network kinds' tables.
[[nodiscard]] std::vector<Param> train_param_list();
/// TrainParams' keys from the values a table read (every key of train_param_list() present).
void read_train_params(const nlohmann::json& values, TrainParams& params);
/// TrainParams' keys into `json`.
void write_train_params(const TrainParams& params, nlohmann::json& json);
/// The "init" key ("auto" or an Init name) and its reader (empty for "auto").
[[nodiscard]] Param init_param();
[[nodiscard]] std::optional<Init> read_init(const nlohmann::json& value);

/// Parses `json` strictly through mlp_param_table() (a "kind" key is skipped): unknown keys, wrong
/// types and impossible values throw ConfigError naming `file` and the JSON path (`json_path` +
/// "/key"). Training keys may also be nested in a "train" object.
[[nodiscard]] MlpParams parse_mlp_params(const nlohmann::json& json, const std::string& file = {},
                                         const std::string& json_path = "");
/// All parameters as JSON (parse_mlp_params(to_json(p)) == p).
[[nodiscard]] nlohmann::json to_json(const MlpParams& params);

/// Training data: x (rows x inputs, column-major), and labels (classification) or targets
/// (rows x outputs, regression).
struct TrainData {
  Eigen::Ref<const Eigen::MatrixXf> x;
  std::span<const std::int32_t> labels;
  const Eigen::MatrixXf* targets = nullptr;
};

struct TrainReport {
  std::size_t epochs_run = 0;
  std::size_t best_epoch = 0;      ///< 1-based, with early stopping
  std::vector<double> train_loss;  ///< mean minibatch loss per epoch
  /// Share of the epoch's training rows its minibatches classified right, as each batch was
  /// met (dropout on, weights moving: the running figure training loops print); classification
  /// only.
  std::vector<double> train_accuracy;
  std::vector<double> validation_loss;      ///< per epoch, with early stopping
  std::vector<double> validation_accuracy;  ///< per epoch, with early stopping (classification)
  std::vector<double> epoch_seconds;        ///< training time per epoch (steps only)
};

/// Called after each epoch with its 0-based index; return false to stop training.
using EpochCallback = bool (*)(std::size_t epoch, const Network& network, void* user);
using ConvEpochCallback = bool (*)(std::size_t epoch, const ConvNetwork& network, void* user);

/// Trains `network` in place with `loss`. Draws only from `rng` (validation split, shuffling,
/// dropout): the same seed gives the same weights bit for bit.
TrainReport train_network(Network& network, const TrainData& data, const MlpParams& params,
                          Loss loss, Rng& rng, EpochCallback callback = nullptr,
                          void* user = nullptr);

/// The same for a convolutional network (dropout is its layers'; `params` has no dropout).
TrainReport train_network(ConvNetwork& network, const TrainData& data, const TrainParams& params,
                          Loss loss, Rng& rng, ConvEpochCallback callback = nullptr,
                          void* user = nullptr);

/// Mean loss of `network` over `data` (no dropout), computed in chunks of `batch` rows.
[[nodiscard]] double evaluate_loss(const Network& network, const TrainData& data, Loss loss,
                                   std::size_t batch = 256);
[[nodiscard]] double evaluate_loss(const ConvNetwork& network, const TrainData& data, Loss loss,
                                   std::size_t batch = 256);

}  // namespace prunekit
