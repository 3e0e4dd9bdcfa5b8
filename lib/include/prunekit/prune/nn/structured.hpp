#pragma once
/// Structured pruning: whole hidden neurons (rows of W_l, with their biases and the matching
/// columns of W_(l+1)), physically deleted; and N:M semi-structured sparsity (N kept weights in
/// every group of M consecutive weights of a row, the pattern of NVIDIA's sparse tensor cores;
/// Mishra et al. 2021, "Accelerating Sparse Deep Neural Networks").

#include <memory>
#include <string>

#include "prunekit/prune/nn/nn_pruner.hpp"

namespace prunekit {

enum class NeuronCriterion { l1, l2, activation };

struct NeuronParams {
  NeuronCriterion criterion = NeuronCriterion::l1;
  bool global = false;   ///< one ranking over all hidden layers, or per layer
  bool compact = true;   ///< physically delete the removed neurons (else only mask them)
};

/// "neuron": the knob is the fraction of hidden neurons removed (every hidden layer keeps at
/// least one). Scores: the L1 or L2 norm of a neuron's incoming weights (Li et al. 2017,
/// "Pruning Filters for Efficient ConvNets", for dense layers), or its mean absolute
/// activation over the training set (Hu et al. 2016, "Network Trimming", with |a|).
class NeuronPruner final : public NnPruner {
 public:
  NeuronPruner(NnCommonParams common, NeuronParams params)
      : NnPruner(std::move(common)), params_(params) {}
  [[nodiscard]] std::string method() const override { return "neuron"; }
  [[nodiscard]] nlohmann::json params() const override;
  [[nodiscard]] static std::unique_ptr<Pruner> from_json(const nlohmann::json& spec,
                                                         const std::string& file,
                                                         const std::string& json_path);

 protected:
  void prune_network(MlpModel& model, double sparsity, const Dataset& train,
                     Rng& rng) const override;

 private:
  NeuronParams params_;
};

/// Scores of the hidden neurons, one vector per hidden layer.
[[nodiscard]] std::vector<Eigen::VectorXf> neuron_scores(const Network& network,
                                                         NeuronCriterion criterion,
                                                         const Eigen::Ref<const Eigen::MatrixXf>& x);

/// "nm": in every group of M consecutive weights of a row of a prunable layer, keeps the N of
/// largest magnitude (ties: the lower column). A last, shorter group of g < M weights keeps
/// min(N, g). Sparsity is 1 - N/M when M divides the layer widths. No knob.
class NmPruner final : public NnPruner {
 public:
  NmPruner(NnCommonParams common, std::size_t n, std::size_t m)
      : NnPruner(std::move(common)), n_(n), m_(m) {}
  [[nodiscard]] std::string method() const override { return "nm"; }
  [[nodiscard]] nlohmann::json params() const override;
  [[nodiscard]] static std::unique_ptr<Pruner> from_json(const nlohmann::json& spec,
                                                         const std::string& file,
                                                         const std::string& json_path);

 protected:
  void prune_network(MlpModel& model, double sparsity, const Dataset& train,
                     Rng& rng) const override;
  [[nodiscard]] std::optional<double> implied_sparsity() const override {
    return 1.0 - static_cast<double>(n_) / static_cast<double>(m_);
  }

 private:
  std::size_t n_;
  std::size_t m_;
};

/// Applies the N:M pattern to the prunable layers of `network` (masks, then apply_masks()).
void apply_n_m(Network& network, std::size_t n, std::size_t m, bool prune_output_layer);

}  // namespace prunekit
