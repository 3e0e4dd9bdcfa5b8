#include "prunekit/prune/nn/second_order.hpp"

#include <cmath>

#include <Eigen/Cholesky>

#include "prunekit/core/error.hpp"
#include "prunekit/prune/nn/curvature.hpp"
#include "prunekit/prune/spec_reader.hpp"

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

nlohmann::json ObdPruner::params() const {
  nlohmann::json j = common_json();
  j["scope"] = params_.global ? "global" : "layer";
  j["rounds"] = params_.rounds;
  j["retrain_epochs"] = params_.retrain_epochs;
  j["hessian_rows"] = params_.hessian_rows;
  return j;
}

std::unique_ptr<Pruner> ObdPruner::from_json(const nlohmann::json& spec, const std::string& file,
                                             const std::string& json_path) {
  SpecReader reader(spec, file, json_path);
  ObdParams p;
  p.global = reader.choice("scope", "global", {"global", "layer"}) == "global";
  p.rounds = static_cast<std::size_t>(reader.integer("rounds", 1, 1, 1000));
  p.retrain_epochs = static_cast<std::size_t>(reader.integer("retrain_epochs", 1, 0, 1000000));
  p.hessian_rows = static_cast<std::size_t>(reader.integer("hessian_rows", 0, 0, 1LL << 40));
  NnCommonParams common = parse_nn_common(reader);
  auto keys = nn_common_keys();
  for (const char* k : {"scope", "rounds", "retrain_epochs", "hessian_rows"}) keys.emplace_back(k);
  reader.finish(keys);
  return std::make_unique<ObdPruner>(std::move(common), p);
}

void ObdPruner::prune_network(MlpModel& model, double sparsity, const Dataset& train,
                              Rng& rng) const {
  Network& net = model.network();
  const bool out = common().prune_output_layer;
  const MlpModel::Prepared prepared = model.prepare(train);
  const auto x = hessian_inputs(prepared, params_.hessian_rows);
  const double start = prunable_sparsity(net, out);
  for (std::size_t t = 1; t <= params_.rounds; ++t) {
    const double s = t == params_.rounds ? sparsity : geometric_sparsity(start, sparsity, t, params_.rounds);
    mask_lowest(net, obd_saliencies(net, x, model.loss()), s, params_.global, out);
    if (t < params_.rounds) train_masked(model, train, params_.retrain_epochs, rng);
  }
}

nlohmann::json ObsPruner::params() const {
  nlohmann::json j = common_json();
  j["lambda"] = params_.lambda;
  j["max_layer_weights"] = params_.max_layer_weights;
  j["hessian_rows"] = params_.hessian_rows;
  return j;
}

std::unique_ptr<Pruner> ObsPruner::from_json(const nlohmann::json& spec, const std::string& file,
                                             const std::string& json_path) {
  SpecReader reader(spec, file, json_path);
  ObsParams p;
  p.lambda = reader.number("lambda", 1e-4, 0.0, INFINITY, false, true);
  p.max_layer_weights = static_cast<std::size_t>(reader.integer("max_layer_weights", 4000, 1, 20000));
  p.hessian_rows = static_cast<std::size_t>(reader.integer("hessian_rows", 0, 0, 1LL << 40));
  NnCommonParams common = parse_nn_common(reader);
  auto keys = nn_common_keys();
  for (const char* k : {"lambda", "max_layer_weights", "hessian_rows"}) keys.emplace_back(k);
  reader.finish(keys);
  return std::make_unique<ObsPruner>(std::move(common), p, file, json_path);
}

void ObsPruner::prune_network(MlpModel& model, double sparsity, const Dataset& train,
                              Rng&) const {
  Network& net = model.network();
  const bool out = common().prune_output_layer;
  for (std::size_t l = 0; l < net.n_layers(); ++l) {
    if (!layer_prunable(net, l, out)) continue;
    const auto p = static_cast<std::size_t>(net.layer(l).weight.size());
    if (p > params_.max_layer_weights)
      throw ConfigError(file_, json_path_ + "/max_layer_weights",
                        "obs: layer " + std::to_string(l) + " has " + std::to_string(p) +
                            " weights, more than max_layer_weights = " +
                            std::to_string(params_.max_layer_weights) +
                            " (the inverse Hessian needs P^2 doubles and O(P^3) time)");
  }
  const MlpModel::Prepared prepared = model.prepare(train);
  const auto x = hessian_inputs(prepared, params_.hessian_rows);
  for (std::size_t l = 0; l < net.n_layers(); ++l) {
    if (!layer_prunable(net, l, out)) continue;
    DenseLayer& L = net.layer(l);
    const Index p = L.weight.size();
    Eigen::MatrixXd h = layer_gauss_newton(net, l, x, model.loss());
    h.diagonal().array() += params_.lambda;
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
    net.apply_masks();
  }
}

}  // namespace prunekit
