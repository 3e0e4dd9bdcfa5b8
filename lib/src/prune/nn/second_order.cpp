#include "prunekit/prune/nn/second_order.hpp"

#include <cmath>

#include <Eigen/Cholesky>

#include "prune/builtin_methods.hpp"
#include "prune/nn/network_family.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/nn/cnn_model.hpp"
#include "prunekit/prune/nn/curvature.hpp"

namespace prunekit {

using Eigen::Index;

namespace {

/// The first `rows` rows of x (all when 0).
Eigen::Ref<const Eigen::MatrixXf> first_rows(const Eigen::Ref<const Eigen::MatrixXf>& x,
                                             std::size_t rows) {
  const Index r = rows == 0 ? x.rows() : std::min<Index>(x.rows(), static_cast<Index>(rows));
  return x.topRows(r);
}

/// f(network, inputs, loss) on an mlp (its prepared inputs) or a cnn, the inputs the first
/// `rows` rows of `train` (all when 0): the curvature functions take either network.
template <typename F>
auto with_network(const NeuralModel& model, const Dataset& train, std::size_t rows, F&& f) {
  if (const auto* mlp = dynamic_cast<const MlpModel*>(&model)) {
    const MlpModel::Prepared prepared = mlp->prepare(train);
    return f(mlp->network(), first_rows(prepared.x, rows), mlp->loss());
  }
  if (const auto* cnn = dynamic_cast<const CnnModel*>(&model))
    return f(cnn->network(), first_rows(train.matrix(), rows), cnn->loss());
  throw InvalidArgument("second-order pruning: the model is neither an mlp nor a cnn");
}

}  // namespace

std::vector<RowMatrixXf> obd_saliencies(const NeuralModel& model, const Dataset& train,
                                        std::size_t rows) {
  std::vector<RowMatrixXf> s =
      with_network(model, train, rows, [](const auto& network, const auto& x, Loss loss) {
        return gauss_newton_diagonal(network, x, loss);
      });
  const std::vector<WeightMatrix> layers = model.weight_matrices();
  for (std::size_t l = 0; l < s.size(); ++l)
    s[l] = (0.5f * s[l].array() * layers[l].params->weight.array().square()).matrix();
  return s;
}

namespace {

std::size_t hessian_rows(const ParamValues& values) {
  return static_cast<std::size_t>(values.integer("hessian_rows"));
}

/// Saliency s_k = h_kk w_k^2 / 2 with h_kk the Gauss-Newton diagonal; the lowest saliencies
/// are deleted, the network retrained, the saliencies recomputed, for `rounds` rounds on a
/// geometric schedule to the target.
void prune_obd(NeuralModel& model, double sparsity, const Dataset& train, Rng& rng,
               const ParamValues& values) {
  const bool out = values.flag("prune_output_layer");
  const bool global = values.choice("scope") == "global";
  const auto rounds = static_cast<std::size_t>(values.integer("rounds"));
  const double start = prunable_sparsity(model, out);
  for (std::size_t t = 1; t <= rounds; ++t) {
    const double s = t == rounds ? sparsity : geometric_sparsity(start, sparsity, t, rounds);
    mask_lowest(model, obd_saliencies(model, train, hessian_rows(values)), s, global, out);
    if (t < rounds)
      train_masked(model, train, static_cast<std::size_t>(values.integer("retrain_epochs")), rng);
  }
}

/// Refuses, naming the parameter, a prunable layer too large for its inverse Hessian.
void check_layer_sizes(const std::vector<WeightMatrix>& layers, const ParamValues& values) {
  const auto limit = static_cast<std::size_t>(values.integer("max_layer_weights"));
  for (std::size_t l = 0; l < layers.size(); ++l) {
    if (!layer_prunable(l, layers.size(), values.flag("prune_output_layer"))) continue;
    const auto p = static_cast<std::size_t>(layers[l].params->weight.size());
    if (p > limit)
      values.fail("max_layer_weights",
                  "obs: layer " + std::to_string(l) + " (" + layers[l].kind + ") has " +
                      std::to_string(p) +
                      " weights, more than max_layer_weights = " + std::to_string(limit) +
                      " (the inverse Hessian needs P^2 doubles and O(P^3) time)");
  }
}

/// One layer's OBS: H + lambda I inverted (LDLT), then obs_prune (curvature.hpp) down to
/// round(sparsity x layer weights) removed weights, the weights updated and masked.
void obs_prune_layer(DenseLayer& L, Eigen::MatrixXd h, double lambda, double sparsity) {
  const Index p = L.weight.size();
  h.diagonal().array() += lambda;
  const Eigen::MatrixXd hinv = h.ldlt().solve(Eigen::MatrixXd::Identity(p, p));
  Eigen::VectorXd w = Eigen::Map<const Eigen::VectorXf>(L.weight.data(), p).cast<double>();
  std::vector<bool> kept(static_cast<std::size_t>(p));
  for (Index q = 0; q < p; ++q) kept[static_cast<std::size_t>(q)] = L.weight_mask.data()[q] != 0.0f;
  const auto target = static_cast<std::size_t>(std::llround(sparsity * static_cast<double>(p)));
  (void)obs_prune(w, kept, hinv, target);
  for (Index q = 0; q < p; ++q) {
    L.weight.data()[q] = static_cast<float>(w(q));
    if (!kept[static_cast<std::size_t>(q)]) L.weight_mask.data()[q] = 0.0f;
  }
}

/// Per prunable layer, in order: the Gauss-Newton Hessian of that layer's weights (the other
/// layers fixed, the earlier ones already pruned and updated), then obs_prune_layer. O(P^2)
/// memory and O(N P^2 + P^3) time for a layer of P weights, hence max_layer_weights.
void prune_obs(NeuralModel& model, double sparsity, const Dataset& train, Rng&,
               const ParamValues& values) {
  const std::vector<WeightMatrix> layers = model.weight_matrices();
  check_layer_sizes(layers, values);
  // One preparation of the inputs for every layer; `network` is the model's own, so each
  // layer's Hessian sees the updates of the layers before it.
  (void)with_network(model, train, hessian_rows(values),
                     [&](const auto& network, const auto& x, Loss loss) {
                       for (std::size_t l = 0; l < layers.size(); ++l) {
                         if (!layer_prunable(l, layers.size(), values.flag("prune_output_layer")))
                           continue;
                         obs_prune_layer(*layers[l].params, layer_gauss_newton(network, l, x, loss),
                                         values.number("lambda"), sparsity);
                         model.apply_masks();
                       }
                       return 0;
                     });
}

Param hessian_rows_param() {
  return integer_param("hessian_rows", 0, Range::closed(0, 1099511627776.0),
                       "use only the first rows of the training set for the Hessian "
                       "(0: all rows, exact)");
}

}  // namespace

MethodDeclaration obd_method() {
  return network_method(
      "obd", "Optimal Brain Damage: saliency h_kk w_k^2 / 2, exact Gauss-Newton diagonal",
      "LeCun, Denker, Solla 1989",
      {scope_param("global"),
       integer_param("rounds", 1, Range::closed(1, 1000),
                     "delete-retrain rounds (compute saliencies, delete, "
                     "retrain, repeat), geometric schedule as magnitude"),
       integer_param("retrain_epochs", 1, Range::closed(0, 1000000),
                     "retraining epochs between rounds"),
       hessian_rows_param()},
      {prune_obd, {}});
}

MethodDeclaration obs_method() {
  return network_method(
      "obs", "Optimal Brain Surgeon per layer: inverse Gauss-Newton Hessian, weight updates",
      "Hassibi, Stork 1993",
      {number_param("lambda", 1e-4, Range::at_least(0),
                    "damping added to the Hessian's diagonal (dead ReLU inputs make "
                    "it singular)"),
       integer_param("max_layer_weights", 4000, Range::closed(1, 20000),
                     "the largest prunable layer handled (4,000 weights: a 128 MB "
                     "inverse)"),
       hessian_rows_param()},
      {prune_obs, {}});
}

}  // namespace prunekit
