#include "prunekit/prune/nn/structured.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "prune/builtin_methods.hpp"
#include "prune/nn/network_family.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/nn/engine.hpp"

namespace prunekit {

using Eigen::Index;

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

namespace {

NeuronCriterion criterion_named(const std::string& name) {
  if (name == "l2") return NeuronCriterion::l2;
  return name == "activation" ? NeuronCriterion::activation : NeuronCriterion::l1;
}

/// Removes the hidden neurons of lowest score (every hidden layer keeps at least one).
void prune_neurons(NeuralModel& neural, double sparsity, const Dataset& train, Rng&,
                   const ParamValues& values) {
  MlpModel& model = as_mlp_model(neural);
  const NeuronCriterion criterion = criterion_named(values.choice("criterion"));
  const bool global = values.choice("scope") == "global";
  if (!(sparsity >= 0.0 && sparsity < 1.0))
    throw InvalidArgument("neuron: sparsity must be in [0, 1)");
  Network& net = model.network();
  const std::size_t hidden = net.n_layers() - 1;
  std::vector<Eigen::VectorXf> scores;
  if (criterion == NeuronCriterion::activation) {
    const MlpModel::Prepared prepared = model.prepare(train);
    scores = neuron_scores(net, criterion, prepared.x);
  } else {
    scores = neuron_scores(net, criterion, Eigen::MatrixXf(0, net.inputs()));
  }
  struct Unit {
    float score;
    std::size_t layer;
    Index j;
  };
  std::vector<std::vector<Unit>> groups(global ? 1 : hidden);
  std::vector<std::size_t> alive(hidden, 0);
  std::size_t total = 0;
  for (std::size_t l = 0; l < hidden; ++l) {
    for (Index j = 0; j < net.layer(l).out(); ++j) {
      const bool removed = net.neuron_removed(l, j);
      float s = removed ? -std::numeric_limits<float>::infinity() : scores[l](j);
      if (std::isnan(s)) s = std::numeric_limits<float>::infinity();
      groups[global ? 0 : l].push_back({s, l, j});
      alive[l] += removed ? 0 : 1;
    }
    total += static_cast<std::size_t>(net.layer(l).out());
  }
  for (auto& units : groups) {
    std::stable_sort(units.begin(), units.end(),
                     [](const Unit& a, const Unit& b) { return a.score < b.score; });
    const auto target =
        static_cast<std::size_t>(std::llround(sparsity * static_cast<double>(units.size())));
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
  if (values.flag("compact")) net = compact(net);
}

}  // namespace

void apply_n_m(const std::vector<WeightMatrix>& layers, std::size_t n, std::size_t m,
               bool prune_output_layer) {
  std::vector<Index> order;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    if (!layer_prunable(l, layers.size(), prune_output_layer)) continue;
    DenseLayer& L = *layers[l].params;
    // A group is M consecutive input channels at one kernel position: columns
    // tap + stride * (c0 .. c0 + M - 1) (stride 1 for a dense layer: M consecutive columns).
    const Index stride = layers[l].channel_stride;
    const Index channels = L.in() / stride;
    for (Index r = 0; r < L.out(); ++r) {
      for (Index tap = 0; tap < stride; ++tap) {
        for (Index start = 0; start < channels; start += static_cast<Index>(m)) {
          const Index g = std::min<Index>(static_cast<Index>(m), channels - start);
          order.resize(static_cast<std::size_t>(g));
          for (Index k = 0; k < g; ++k)
            order[static_cast<std::size_t>(k)] = (start + k) * stride + tap;
          const auto score = [&](Index c) {
            return L.weight_mask(r, c) == 0.0f ? -1.0f : std::abs(L.weight(r, c));
          };
          std::stable_sort(order.begin(), order.end(),
                           [&](Index a, Index b) { return score(a) > score(b); });
          for (std::size_t k = std::min<std::size_t>(n, static_cast<std::size_t>(g));
               k < order.size(); ++k)
            L.weight_mask(r, order[k]) = 0.0f;
        }
      }
    }
    L.apply_mask();
  }
}

void apply_n_m(Network& network, std::size_t n, std::size_t m, bool prune_output_layer) {
  apply_n_m(weight_matrices(network), n, m, prune_output_layer);
}

MethodDeclaration neuron_method() {
  return network_method(
      "neuron", "removes whole hidden neurons (sparsity = fraction removed), physically compacted",
      "Li et al. 2017 (norms); Hu et al. 2016 (activations)",
      {choice_param("criterion", "l1", {"l1", "l2", "activation"},
                    "l1 / l2: norm of the neuron's incoming weights (Li et al. 2017); activation: "
                    "mean |a| over the training set (Hu et al. 2016)"),
       scope_param("layer"),
       flag_param("compact", true,
                  "delete the removed neurons physically (false: only mask them)")},
      {prune_neurons, {}}, mlp_family());
}

MethodDeclaration nm_method() {
  MethodDeclaration m =
      declare_method("nm", network_family(),
                     "N:M semi-structured sparsity: N largest |w| kept in each group of M of a row",
                     "Mishra et al. 2021");
  m.params = {integer_param("n", 2, Range::closed(1, 1024), "weights kept per group"),
              integer_param("m", 4, Range::closed(1, 1024), "group size")};
  m.params.back().default_text = "4 (>= n)";
  m.check = [](ParamValues& values) {
    if (values.integer("n") > values.integer("m"))
      values.fail("n", "must be at most m = " + std::to_string(values.integer("m")));
  };
  // No knob: the sparsity is 1 - n/m.
  m.prune = [](const Model& model, const ParamValues& values, const PruneContext& context,
               Rng& rng) {
    const auto n = static_cast<std::size_t>(values.integer("n"));
    const auto group = static_cast<std::size_t>(values.integer("m"));
    const SparsityPrune apply{
        [n, group](NeuralModel& pruned, double, const Dataset&, Rng&, const ParamValues& v) {
          apply_n_m(pruned.weight_matrices(), n, group, v.flag("prune_output_layer"));
          pruned.apply_masks();
        },
        {}};
    PrunedModel out;
    out.knob_name = "sparsity";
    out.knob = 1.0 - static_cast<double>(n) / static_cast<double>(group);
    out.model =
        prune_network_at(apply, values, as_neural_model(model), out.knob, context.train, rng);
    return out;
  };
  return m;
}

}  // namespace prunekit
