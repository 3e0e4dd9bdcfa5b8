#include "prunekit/prune/nn/second_order.hpp"

#include <cmath>

#include <Eigen/Cholesky>

#include "prune/builtin_methods.hpp"
#include "prune/nn/network_family.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/prune/nn/curvature.hpp"

namespace prunekit {

using Eigen::Index;

namespace {

/// The first `rows` rows of the training inputs (all when 0).
Eigen::Ref<const Eigen::MatrixXf> hessian_inputs(const MlpModel::Prepared& prepared,
                                                 std::size_t rows) {
  const Index n = prepared.x.rows();
  const Index r = rows == 0 ? n : std::min<Index>(n, static_cast<Index>(rows));
  return prepared.x.topRows(r);
}

}  // namespace

std::vector<RowMatrixXf> obd_saliencies(const Network& network,
                                        const Eigen::Ref<const Eigen::MatrixXf>& x, Loss loss) {
  std::vector<RowMatrixXf> s = gauss_newton_diagonal(network, x, loss);
  for (std::size_t l = 0; l < s.size(); ++l)
    s[l] = (0.5f * s[l].array() * network.layer(l).weight.array().square()).matrix();
  return s;
}

namespace {

std::size_t hessian_rows(const ParamValues& values) {
  return static_cast<std::size_t>(values.integer("hessian_rows"));
}

/// Saliency s_k = h_kk w_k^2 / 2 with h_kk the Gauss-Newton diagonal; the lowest saliencies
/// are deleted, the network retrained, the saliencies recomputed, for `rounds` rounds on a
/// geometric schedule to the target.
void prune_obd(NeuralModel& neural, double sparsity, const Dataset& train, Rng& rng,
               const ParamValues& values) {
  MlpModel& model = as_mlp_model(neural);
  Network& net = model.network();
  const bool out = values.flag("prune_output_layer");
  const bool global = values.choice("scope") == "global";
  const auto rounds = static_cast<std::size_t>(values.integer("rounds"));
  const MlpModel::Prepared prepared = model.prepare(train);
  const auto x = hessian_inputs(prepared, hessian_rows(values));
  const double start = prunable_sparsity(net, out);
  for (std::size_t t = 1; t <= rounds; ++t) {
    const double s = t == rounds ? sparsity : geometric_sparsity(start, sparsity, t, rounds);
    mask_lowest(net, obd_saliencies(net, x, model.loss()), s, global, out);
    if (t < rounds)
      train_masked(model, train, static_cast<std::size_t>(values.integer("retrain_epochs")), rng);
  }
}

/// Refuses, naming the parameter, a prunable layer too large for its inverse Hessian.
void check_layer_sizes(const Network& net, const ParamValues& values) {
  const auto limit = static_cast<std::size_t>(values.integer("max_layer_weights"));
  for (std::size_t l = 0; l < net.n_layers(); ++l) {
    if (!layer_prunable(net, l, values.flag("prune_output_layer"))) continue;
    const auto p = static_cast<std::size_t>(net.layer(l).weight.size());
    if (p > limit)
      values.fail("max_layer_weights",
                  "obs: layer " + std::to_string(l) + " has " + std::to_string(p) +
                      " weights, more than max_layer_weights = " + std::to_string(limit) +
                      " (the inverse Hessian needs P^2 doubles and O(P^3) time)");
  }
}

/// Per prunable layer, in order: the Gauss-Newton Hessian of that layer's weights (the other
/// layers fixed), H + lambda I inverted (LDLT), then obs_prune (curvature.hpp) down to
/// round(sparsity x layer weights) removed weights. O(P^2) memory and O(N P^2 + P^3) time for
/// a layer of P weights, hence max_layer_weights.
void prune_obs(NeuralModel& neural, double sparsity, const Dataset& train, Rng&,
               const ParamValues& values) {
  MlpModel& model = as_mlp_model(neural);
  Network& net = model.network();
  check_layer_sizes(net, values);
  const MlpModel::Prepared prepared = model.prepare(train);
  const auto x = hessian_inputs(prepared, hessian_rows(values));
  for (std::size_t l = 0; l < net.n_layers(); ++l) {
    if (!layer_prunable(net, l, values.flag("prune_output_layer"))) continue;
    DenseLayer& L = net.layer(l);
    const Index p = L.weight.size();
    Eigen::MatrixXd h = layer_gauss_newton(net, l, x, model.loss());
    h.diagonal().array() += values.number("lambda");
    const Eigen::MatrixXd hinv = h.ldlt().solve(Eigen::MatrixXd::Identity(p, p));
    Eigen::VectorXd w = Eigen::Map<const Eigen::VectorXf>(L.weight.data(), p).cast<double>();
    std::vector<bool> kept(static_cast<std::size_t>(p));
    for (Index q = 0; q < p; ++q)
      kept[static_cast<std::size_t>(q)] = L.weight_mask.data()[q] != 0.0f;
    const auto target = static_cast<std::size_t>(std::llround(sparsity * static_cast<double>(p)));
    (void)obs_prune(w, kept, hinv, target);
    for (Index q = 0; q < p; ++q) {
      L.weight.data()[q] = static_cast<float>(w(q));
      if (!kept[static_cast<std::size_t>(q)]) L.weight_mask.data()[q] = 0.0f;
    }
    net.apply_masks();
  }
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
      {prune_obd, {}}, mlp_family());
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
      {prune_obs, {}}, mlp_family());
}

}  // namespace prunekit
