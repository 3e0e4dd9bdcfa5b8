#pragma once
/// First-order optimizers over the uniform parameter views of a network (network.hpp).
///
/// SGD with momentum as in PyTorch: v <- mu v + g, w <- w - lr v; Nesterov momentum
/// (Sutskever et al. 2013, in the form w <- w - lr (g + mu v)). Adam (Kingma and Ba 2015) with
/// bias correction. Weight decay adds l2 * w and l1 * sign(w) to the gradient of weights (not
/// biases). State is kept per parameter position in Network::parameters(), never by address.
///
/// Masks: after every step, a masked parameter is set to exactly zero and its optimizer state
/// (momentum, Adam moments) is cleared, so a pruned weight never moves again.

#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "prunekit/core/enum_names.hpp"
#include "prunekit/nn/network.hpp"

namespace prunekit {

enum class OptimizerKind { sgd, adam };
constexpr EnumNames<OptimizerKind, 2> enum_names(OptimizerKind) {
  return {{{OptimizerKind::sgd, "sgd"}, {OptimizerKind::adam, "adam"}}};
}

struct OptimizerParams {
  OptimizerKind kind = OptimizerKind::sgd;
  float momentum = 0.9f;  ///< SGD only
  bool nesterov = false;  ///< SGD only
  float beta1 = 0.9f;     ///< Adam only
  float beta2 = 0.999f;   ///< Adam only
  float epsilon = 1e-8f;  ///< Adam only
  float l2 = 0.0f;        ///< L2 weight decay coefficient (weights only)
  float l1 = 0.0f;        ///< L1 weight decay coefficient (weights only)
};

class Optimizer {
 public:
  explicit Optimizer(const OptimizerParams& params) : params_(params) {}

  /// One update of every parameter from its gradient with learning rate `lr`. The state is
  /// (re)created with zeros when the parameter list's shapes change.
  void step(std::span<const ParamView> params, float lr);
  /// Forgets all state (momentum, moments, step count).
  void reset();

  [[nodiscard]] const OptimizerParams& params() const noexcept { return params_; }

 private:
  OptimizerParams params_;
  std::vector<Eigen::ArrayXf> first_;   // momentum / Adam first moment, one per parameter
  std::vector<Eigen::ArrayXf> second_;  // Adam second moment
  std::int64_t steps_ = 0;
};

}  // namespace prunekit
