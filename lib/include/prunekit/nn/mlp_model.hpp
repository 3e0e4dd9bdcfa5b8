#pragma once
/// The multi-layer perceptron as a prunekit Model (kind "mlp"): a Network (network.hpp)
/// trained by train_network (train.hpp), predicting through an inference engine (engine.hpp),
/// saved as versioned JSON with exact float32 weights and masks. docs/networks.md has the
/// parameters and the file format.

#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "prunekit/nn/engine.hpp"
#include "prunekit/nn/network.hpp"
#include "prunekit/nn/neural_model.hpp"
#include "prunekit/nn/train.hpp"

namespace prunekit {

class MlpModel final : public NeuralModel {
 public:
  explicit MlpModel(MlpParams params = {});

  /// Factory of the model registry: parses `params` strictly (ConfigError naming the path).
  [[nodiscard]] static std::unique_ptr<Model> make(const nlohmann::json& params,
                                                   const std::string& config_file,
                                                   const std::string& json_path);
  /// Loader of the model registry: a corrupt file is a DataError naming `file`.
  [[nodiscard]] static std::unique_ptr<Model> load(const nlohmann::json& saved,
                                                   const std::string& file);

  [[nodiscard]] std::string kind() const override { return "mlp"; }
  [[nodiscard]] std::unique_ptr<Model> clone() const override;
  /// Builds a network for train's features and classes (or one regression output, trained on
  /// standardised targets) and trains it. Features must be numeric without NaN (preprocessed).
  void fit(const Dataset& train, Rng& rng) override;
  [[nodiscard]] std::vector<double> predict(const Dataset& data) const override;
  /// Predictions through a chosen engine (they agree to float rounding).
  [[nodiscard]] std::vector<double> predict(const Dataset& data, EngineKind engine) const;
  /// Raw network outputs (rows x outputs: logits, or the regression value in target units).
  [[nodiscard]] Eigen::MatrixXf outputs(const Dataset& data, EngineKind engine) const;
  [[nodiscard]] Task task() const override { return task_; }
  [[nodiscard]] ModelSize size() const override;
  [[nodiscard]] nlohmann::json params() const override { return prunekit::to_json(params_); }
  [[nodiscard]] nlohmann::json body_json() const override;
  [[nodiscard]] std::string render(const std::string& format) const override;

  [[nodiscard]] const MlpParams& mlp_params() const noexcept { return params_; }
  /// The network, for pruners (edit masks, then call network().apply_masks()).
  [[nodiscard]] Network& network() noexcept { return network_; }
  [[nodiscard]] const Network& network() const noexcept { return network_; }
  [[nodiscard]] bool fitted() const noexcept override { return network_.n_layers() > 0; }
  /// The loss the network is trained with.
  [[nodiscard]] Loss loss() const noexcept;
  /// Training data in the network's terms (x, labels or standardised targets).
  struct Prepared {
    Eigen::Map<const Eigen::MatrixXf> x;
    std::vector<std::int32_t> labels;
    Eigen::MatrixXf targets;
  };
  [[nodiscard]] Prepared prepare(const Dataset& data) const;
  /// Continues training the current network (fine-tuning after pruning) for `epochs` epochs
  /// with the model's parameters; masks are kept.
  TrainReport train_more(const Dataset& train, std::size_t epochs, Rng& rng);
  [[nodiscard]] const TrainReport& last_report() const noexcept { return report_; }

  // NeuralModel: what the pruning methods use.
  using NeuralModel::weight_matrices;
  [[nodiscard]] std::vector<WeightMatrix> weight_matrices() override;
  void apply_masks() override { network_.apply_masks(); }
  void train_masked(const Dataset& train, std::size_t epochs, Rng& rng,
                    std::optional<double> dropout = std::nullopt) override;
  void reinitialise(Rng& rng) override;
  double batch_gradients(const Dataset& train, std::span<const std::size_t> rows) override;
  [[nodiscard]] double mean_loss(const Dataset& train) const override;
  [[nodiscard]] std::size_t training_epochs() const override { return params_.epochs; }
  [[nodiscard]] double dropout_probability() const override { return params_.dropout; }
  [[nodiscard]] double learning_rate() const override { return params_.lr; }
  void set_learning_rate(double lr) override { params_.lr = lr; }

 private:
  void check_data(const Dataset& data) const;

  MlpParams params_;
  Network network_;
  Task task_ = Task::classification;
  std::vector<std::string> class_names_;
  float target_mean_ = 0.0f;
  float target_scale_ = 1.0f;
  TrainReport report_;
};

}  // namespace prunekit
