#pragma once
/// Second-order pruning: Optimal Brain Damage (LeCun, Denker and Solla 1989) and layer-wise
/// Optimal Brain Surgeon (Hassibi and Stork 1993), both on the Gauss-Newton Hessian of the
/// mean training loss (curvature.hpp).

#include <memory>
#include <string>

#include "prunekit/prune/nn/nn_pruner.hpp"

namespace prunekit {

struct ObdParams {
  bool global = true;              ///< saliencies compared over all prunable layers, or per layer
  std::size_t rounds = 1;          ///< delete-retrain rounds (geometric schedule to the target)
  std::size_t retrain_epochs = 1;  ///< epochs of retraining after each round but the last
  std::size_t hessian_rows = 0;    ///< rows used for the Hessian (0: the whole training set)
};

/// "obd": saliency s_k = h_kk w_k^2 / 2 with h_kk the Gauss-Newton diagonal; the lowest
/// saliencies are deleted, the network retrained, the saliencies recomputed, for `rounds`.
class ObdPruner final : public NnPruner {
 public:
  ObdPruner(NnCommonParams common, ObdParams params) : NnPruner(std::move(common)), params_(params) {}
  [[nodiscard]] std::string method() const override { return "obd"; }
  [[nodiscard]] nlohmann::json params() const override;
  [[nodiscard]] static std::unique_ptr<Pruner> from_json(const nlohmann::json& spec,
                                                         const std::string& file,
                                                         const std::string& json_path);

 protected:
  void prune_network(MlpModel& model, double sparsity, const Dataset& train,
                     Rng& rng) const override;

 private:
  ObdParams params_;
};

/// OBD saliencies h_kk w_k^2 / 2 of every weight, over the rows of `x` (network inputs).
[[nodiscard]] std::vector<RowMatrixXf> obd_saliencies(const Network& network,
                                                      const Eigen::Ref<const Eigen::MatrixXf>& x,
                                                      Loss loss);

struct ObsParams {
  double lambda = 1e-4;                  ///< damping added to the Hessian's diagonal
  std::size_t max_layer_weights = 4000;  ///< larger prunable layers are refused
  std::size_t hessian_rows = 0;          ///< rows used for the Hessian (0: the whole training set)
};

/// "obs": per prunable layer, in order, the Gauss-Newton Hessian of that layer's weights (the
/// other layers fixed), H + lambda I inverted (LDLT), then obs_prune (curvature.hpp) down to
/// round(sparsity x layer weights) removed weights. Costs O(P^2) memory and O(N P^2 + P^3)
/// time for a layer of P weights, hence `max_layer_weights`.
class ObsPruner final : public NnPruner {
 public:
  ObsPruner(NnCommonParams common, ObsParams params, std::string file, std::string json_path)
      : NnPruner(std::move(common)), params_(params), file_(std::move(file)),
        json_path_(std::move(json_path)) {}
  [[nodiscard]] std::string method() const override { return "obs"; }
  [[nodiscard]] nlohmann::json params() const override;
  [[nodiscard]] static std::unique_ptr<Pruner> from_json(const nlohmann::json& spec,
                                                         const std::string& file,
                                                         const std::string& json_path);

 protected:
  void prune_network(MlpModel& model, double sparsity, const Dataset& train,
                     Rng& rng) const override;

 private:
  ObsParams params_;
  std::string file_;
  std::string json_path_;
};

}  // namespace prunekit
