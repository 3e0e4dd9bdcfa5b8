#pragma once
/// The convolutional network as a prunekit Model (kind "cnn"): a ConvNetwork (conv_network.hpp)
/// built from a named architecture or a list of layers, trained by train_network (train.hpp),
/// saved as versioned JSON with exact float32 parameters, masks and batch-norm statistics.
/// Classification only. docs/networks.md has the parameters and the architectures.

#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "prunekit/nn/conv_network.hpp"
#include "prunekit/nn/neural_model.hpp"
#include "prunekit/nn/train.hpp"

namespace prunekit {

/// The hyper-parameters of a cnn: its architecture and the shared training keys.
struct CnnParams : TrainParams {
  /// A named architecture (architecture_names()) or a list of layer specs.
  nlohmann::json architecture = "lenet5";
  /// channels, height, width of an input; empty: the dataset's image shape.
  std::vector<std::size_t> input_shape;
  std::optional<Init> init;  ///< empty: he
  /// L1 penalty on the batch-norm scales during training (network slimming, Liu et al. 2017):
  /// adds bn_l1 * sign(gamma) to each scale's gradient.
  double bn_l1 = 0.0;
};

/// The hyper-parameters' declarations (docs/networks.md shows this table).
[[nodiscard]] const ParamTable& cnn_param_table();
/// Parses `json` strictly through cnn_param_table() (a "kind" key is skipped); ConfigError
/// naming `file` and the JSON path.
[[nodiscard]] CnnParams parse_cnn_params(const nlohmann::json& json, const std::string& file = {},
                                         const std::string& json_path = "");
[[nodiscard]] nlohmann::json to_json(const CnnParams& params);

/// The named architectures: lenet5 (Caffe LeNet-5 of Han et al. 2015: conv 20 5x5, max pool,
/// conv 50 5x5, max pool, dense 500, dense), vgg_bn_small (four blocks of conv 3x3 with batch
/// norm, ReLU and max pool, 16-32-64-64 channels, then dense 128 and the output layer).
[[nodiscard]] std::vector<std::string> architecture_names();
/// The layer specs of `architecture` (a name or a list) for `outputs` outputs: a final dense
/// layer without "units" gets `outputs`. InvalidArgument for an unknown name.
[[nodiscard]] nlohmann::json architecture_specs(const nlohmann::json& architecture,
                                                std::size_t outputs);

class CnnModel final : public NeuralModel {
 public:
  explicit CnnModel(CnnParams params = {});

  [[nodiscard]] static std::unique_ptr<Model> make(const nlohmann::json& params,
                                                   const std::string& config_file,
                                                   const std::string& json_path);
  [[nodiscard]] static std::unique_ptr<Model> load(const nlohmann::json& saved,
                                                   const std::string& file);

  [[nodiscard]] std::string kind() const override { return "cnn"; }
  [[nodiscard]] std::unique_ptr<Model> clone() const override;
  /// Builds the network for train's image shape (or the configured input_shape) and classes
  /// and trains it. Features must be numeric without NaN (preprocessed).
  void fit(const Dataset& train, Rng& rng) override;
  [[nodiscard]] std::vector<double> predict(const Dataset& data) const override;
  /// Logits (rows x classes), in chunks of 256 rows.
  [[nodiscard]] Eigen::MatrixXf outputs(const Dataset& data) const;
  [[nodiscard]] Task task() const override { return Task::classification; }
  [[nodiscard]] ModelSize size() const override;
  [[nodiscard]] nlohmann::json params() const override { return prunekit::to_json(params_); }
  [[nodiscard]] nlohmann::json body_json() const override;
  [[nodiscard]] std::string render(const std::string& format) const override;

  [[nodiscard]] const CnnParams& cnn_params() const noexcept { return params_; }
  [[nodiscard]] ConvNetwork& network() noexcept { return network_; }
  [[nodiscard]] const ConvNetwork& network() const noexcept { return network_; }
  [[nodiscard]] bool fitted() const noexcept override { return network_.n_layers() > 0; }
  [[nodiscard]] Loss loss() const noexcept { return Loss::cross_entropy; }
  /// Continues training (fine-tuning after pruning) for `epochs` epochs; masks are kept.
  TrainReport train_more(const Dataset& train, std::size_t epochs, Rng& rng);
  [[nodiscard]] const TrainReport& last_report() const noexcept { return report_; }
  /// Replaces the network (compaction after filter pruning); same input and outputs.
  void set_network(ConvNetwork network);

  // NeuralModel: what the pruning methods use. A cnn's dropout is its dropout layers'.
  using NeuralModel::weight_matrices;
  [[nodiscard]] std::vector<WeightMatrix> weight_matrices() override;
  void apply_masks() override { network_.apply_masks(); }
  void train_masked(const Dataset& train, std::size_t epochs, Rng& rng,
                    std::optional<double> dropout = std::nullopt) override;
  void reinitialise(Rng& rng) override;
  double batch_gradients(const Dataset& train, std::span<const std::size_t> rows) override;
  [[nodiscard]] double mean_loss(const Dataset& train) const override;
  [[nodiscard]] std::size_t training_epochs() const override { return params_.epochs; }
  [[nodiscard]] double learning_rate() const override { return params_.lr; }
  void set_learning_rate(double lr) override { params_.lr = lr; }

 private:
  [[nodiscard]] TensorShape input_shape_for(const Dataset& data) const;
  /// Trains `epochs` epochs with the batch-norm scale penalty in place.
  void train_epochs(const Dataset& train, std::size_t epochs, bool early_stopping, Rng& rng);
  void check_data(const Dataset& data) const;

  CnnParams params_;
  ConvNetwork network_;
  std::vector<std::string> class_names_;
  TrainReport report_;
};

}  // namespace prunekit
