#include "prunekit/prune/nn/structured.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/engine.hpp"
#include "prunekit/prune/spec_reader.hpp"

namespace prunekit {

using Eigen::Index;

namespace {

const char* to_string(NeuronCriterion c) {
  switch (c) {
    case NeuronCriterion::l1: return "l1";
    case NeuronCriterion::l2: return "l2";
    case NeuronCriterion::activation: return "activation";
  }
  return "l1";
}

}  // namespace

std::vector<Eigen::VectorXf> neuron_scores(const Network& network, NeuronCriterion criterion,
                                           const Eigen::Ref<const Eigen::MatrixXf>& x) {
  const std::size_t hidden = network.n_layers() > 0 ? network.n_layers() - 1 : 0;
  std::vector<Eigen::VectorXf> scores(hidden);
  if (criterion != NeuronCriterion::activation) {
    for (std::size_t l = 0; l < hidden; ++l) {
      const auto& w = network.layer(l).weight;
      scores[l] = criterion == NeuronCriterion::l1 ? Eigen::VectorXf(w.cwiseAbs().rowwise().sum())
                                                   : Eigen::VectorXf(w.rowwise().norm());
    }
    return scores;
  }
  std::vector<Eigen::VectorXd> sums(hidden);
  for (std::size_t l = 0; l < hidden; ++l) sums[l] = Eigen::VectorXd::Zero(network.layer(l).out());
  Workspace ws;
  constexpr Index kChunk = 256;
  for (Index start = 0; start < x.rows(); start += kChunk) {
    const Index b = std::min(kChunk, x.rows() - start);
    network.forward(x.middleRows(start, b), ws);
    for (std::size_t l = 0; l < hidden; ++l)
      sums[l] += ws.act[l].topRows(b).cwiseAbs().colwise().sum().transpose().cast<double>();
  }
  for (std::size_t l = 0; l < hidden; ++l)
    scores[l] = (sums[l] / static_cast<double>(std::max<Index>(1, x.rows()))).cast<float>();
  return scores;
}

nlohmann::json NeuronPruner::params() const {
  nlohmann::json j = common_json();
  j["criterion"] = to_string(params_.criterion);
  j["scope"] = params_.global ? "global" : "layer";
  j["compact"] = params_.compact;
  return j;
}

std::unique_ptr<Pruner> NeuronPruner::from_json(const nlohmann::json& spec,
                                                const std::string& file,
                                                const std::string& json_path) {
  SpecReader reader(spec, file, json_path);
  NeuronParams p;
  const std::string c = reader.choice("criterion", "l1", {"l1", "l2", "activation"});
  p.criterion = c == "l1" ? NeuronCriterion::l1 : c == "l2" ? NeuronCriterion::l2 : NeuronCriterion::activation;
  p.global = reader.choice("scope", "layer", {"global", "layer"}) == "global";
  p.compact = reader.boolean("compact", true);
  NnCommonParams common = parse_nn_common(reader);
  auto keys = nn_common_keys();
  for (const char* k : {"criterion", "scope", "compact"}) keys.emplace_back(k);
  reader.finish(keys);
  return std::make_unique<NeuronPruner>(std::move(common), p);
}

void NeuronPruner::prune_network(MlpModel& model, double sparsity, const Dataset& train,
                                 Rng&) const {
  if (!(sparsity >= 0.0 && sparsity < 1.0))
    throw InvalidArgument("neuron: sparsity must be in [0, 1)");
  Network& net = model.network();
  const std::size_t hidden = net.n_layers() - 1;
  std::vector<Eigen::VectorXf> scores;
  if (params_.criterion == NeuronCriterion::activation) {
    const MlpModel::Prepared prepared = model.prepare(train);
    scores = neuron_scores(net, params_.criterion, prepared.x);
  } else {
    scores = neuron_scores(net, params_.criterion, Eigen::MatrixXf(0, net.inputs()));
  }
  struct Unit {
    float score;
    std::size_t layer;
    Index j;
  };
  std::vector<std::vector<Unit>> groups(params_.global ? 1 : hidden);
  std::vector<std::size_t> alive(hidden, 0);
  std::size_t total = 0;
  for (std::size_t l = 0; l < hidden; ++l) {
    for (Index j = 0; j < net.layer(l).out(); ++j) {
      const bool removed = net.neuron_removed(l, j);
      float s = removed ? -std::numeric_limits<float>::infinity() : scores[l](j);
      if (std::isnan(s)) s = std::numeric_limits<float>::infinity();
      groups[params_.global ? 0 : l].push_back({s, l, j});
      alive[l] += removed ? 0 : 1;
    }
    total += static_cast<std::size_t>(net.layer(l).out());
  }
  for (auto& units : groups) {
    std::stable_sort(units.begin(), units.end(),
                     [](const Unit& a, const Unit& b) { return a.score < b.score; });
    const auto target = static_cast<std::size_t>(std::llround(sparsity * static_cast<double>(units.size())));
    std::size_t removed = 0;
    for (const Unit& u : units) {
      if (removed >= target) break;
      if (!net.neuron_removed(u.layer, u.j)) {
        if (alive[u.layer] <= 1) continue;  // every hidden layer keeps a neuron
        net.remove_neuron(u.layer, u.j);
        --alive[u.layer];
      }
      ++removed;
    }
  }
  (void)total;
  net.apply_masks();
  if (params_.compact) net = compact(net);
}

nlohmann::json NmPruner::params() const {
  nlohmann::json j = common_json();
  j["n"] = n_;
  j["m"] = m_;
  return j;
}

std::unique_ptr<Pruner> NmPruner::from_json(const nlohmann::json& spec, const std::string& file,
                                            const std::string& json_path) {
  SpecReader reader(spec, file, json_path);
  const auto m = static_cast<std::size_t>(reader.integer("m", 4, 1, 1024));
  const auto n = static_cast<std::size_t>(reader.integer("n", 2, 1, 1024));
  if (n > m) throw ConfigError(file, json_path + "/n", "must be at most m = " + std::to_string(m));
  if (spec.contains("sparsity") || spec.contains("select"))
    throw ConfigError(file, json_path + (spec.contains("sparsity") ? "/sparsity" : "/select"),
                      "nm has no sparsity knob: its sparsity is 1 - n/m");
  NnCommonParams common = parse_nn_common(reader, false);
  auto keys = nn_common_keys(false);
  keys.emplace_back("n");
  keys.emplace_back("m");
  reader.finish(keys);
  return std::make_unique<NmPruner>(std::move(common), n, m);
}

void apply_n_m(Network& network, std::size_t n, std::size_t m, bool prune_output_layer) {
  std::vector<Index> order;
  for (std::size_t l = 0; l < network.n_layers(); ++l) {
    if (!layer_prunable(network, l, prune_output_layer)) continue;
    DenseLayer& L = network.layer(l);
    for (Index r = 0; r < L.out(); ++r) {
      for (Index start = 0; start < L.in(); start += static_cast<Index>(m)) {
        const Index g = std::min<Index>(static_cast<Index>(m), L.in() - start);
        order.resize(static_cast<std::size_t>(g));
        std::iota(order.begin(), order.end(), start);
        const auto score = [&](Index c) {
          return L.weight_mask(r, c) == 0.0f ? -1.0f : std::abs(L.weight(r, c));
        };
        std::stable_sort(order.begin(), order.end(),
                         [&](Index a, Index b) { return score(a) > score(b); });
        for (std::size_t k = std::min<std::size_t>(n, static_cast<std::size_t>(g)); k < order.size(); ++k)
          L.weight_mask(r, order[k]) = 0.0f;
      }
    }
  }
  network.apply_masks();
}

void NmPruner::prune_network(MlpModel& model, double, const Dataset&, Rng&) const {
  apply_n_m(model.network(), n_, m_, common().prune_output_layer);
}

}  // namespace prunekit
