#include "prunekit/prune/nn/network_pruning.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/engine.hpp"

namespace prunekit {

using Eigen::Index;

bool layer_prunable(const Network& network, std::size_t l, bool prune_output_layer) {
  return l + 1 < network.n_layers() || prune_output_layer;
}

void mask_lowest(Network& network, const std::vector<RowMatrixXf>& scores, double sparsity,
                 bool global, bool prune_output_layer) {
  if (!(sparsity >= 0.0 && sparsity < 1.0))
    throw InvalidArgument("sparsity must be in [0, 1), got " + std::to_string(sparsity));
  struct Entry {
    float score;
    std::uint32_t layer;
    std::uint32_t index;
  };
  const auto less = [](const Entry& a, const Entry& b) {
    if (a.score != b.score) return a.score < b.score;
    if (a.layer != b.layer) return a.layer < b.layer;
    return a.index < b.index;
  };
  const auto select = [&](std::vector<Entry>& entries) {
    const auto target =
        static_cast<std::size_t>(std::llround(sparsity * static_cast<double>(entries.size())));
    if (target == 0) return;
    std::nth_element(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(target - 1),
                     entries.end(), less);
    for (std::size_t k = 0; k < target; ++k)
      network.layer(entries[k].layer).weight_mask.data()[entries[k].index] = 0.0f;
  };
  std::vector<Entry> entries;
  for (std::size_t l = 0; l < network.n_layers(); ++l) {
    if (!layer_prunable(network, l, prune_output_layer)) continue;
    const DenseLayer& L = network.layer(l);
    const RowMatrixXf& S = scores.at(l);
    if (S.rows() != L.out() || S.cols() != L.in())
      throw InvalidArgument("mask_lowest: scores of layer " + std::to_string(l) +
                            " have the wrong shape");
    if (!global) entries.clear();
    const Index n = L.weight.size();
    for (Index k = 0; k < n; ++k) {
      float s = S.data()[k];
      if (std::isnan(s)) s = std::numeric_limits<float>::infinity();
      if (L.weight_mask.data()[k] == 0.0f) s = -std::numeric_limits<float>::infinity();
      entries.push_back({s, static_cast<std::uint32_t>(l), static_cast<std::uint32_t>(k)});
    }
    if (!global) select(entries);
  }
  if (global) select(entries);
  network.apply_masks();
}

double prunable_sparsity(const Network& network, bool prune_output_layer) {
  double total = 0.0;
  double masked = 0.0;
  for (std::size_t l = 0; l < network.n_layers(); ++l) {
    if (!layer_prunable(network, l, prune_output_layer)) continue;
    const auto& L = network.layer(l);
    total += static_cast<double>(L.weight.size());
    masked += static_cast<double>(L.weight.size()) - static_cast<double>(L.kept_weights());
  }
  return total > 0.0 ? masked / total : 0.0;
}

double geometric_sparsity(double start, double target, std::size_t t, std::size_t rounds) {
  if (rounds == 0 || t >= rounds || start >= target) return std::max(start, target);
  const double fraction = static_cast<double>(t) / static_cast<double>(rounds);
  return 1.0 - (1.0 - start) * std::pow((1.0 - target) / (1.0 - start), fraction);
}

void train_masked(MlpModel& model, const Dataset& train, std::size_t epochs, Rng& rng,
                  std::optional<double> dropout) {
  if (epochs == 0) return;
  MlpParams p = model.mlp_params();
  p.epochs = epochs;
  if (dropout) p.dropout = *dropout;
  const MlpModel::Prepared prepared = model.prepare(train);
  const TrainData data{prepared.x, prepared.labels,
                       model.task() == Task::regression ? &prepared.targets : nullptr};
  (void)train_network(model.network(), data, p, model.loss(), rng);
}

std::vector<float> weight_sample(const Network& network, bool prune_output_layer,
                                 std::size_t limit) {
  std::vector<float> all;
  for (std::size_t l = 0; l < network.n_layers(); ++l) {
    if (!layer_prunable(network, l, prune_output_layer)) continue;
    const auto& w = network.layer(l).weight;
    all.insert(all.end(), w.data(), w.data() + w.size());
  }
  if (all.size() <= limit) return all;
  std::vector<float> sample(limit);
  for (std::size_t i = 0; i < limit; ++i) sample[i] = all[i * all.size() / limit];
  return sample;
}

nlohmann::json network_details(const Network& network, bool prune_output_layer) {
  nlohmann::json layers = nlohmann::json::array();
  std::size_t weights = 0;
  std::size_t kept = 0;
  for (std::size_t l = 0; l < network.n_layers(); ++l) {
    const auto& L = network.layer(l);
    const auto n = static_cast<std::size_t>(L.weight.size());
    const std::size_t k = L.kept_weights();
    weights += n;
    kept += k;
    std::size_t removed_neurons = 0;
    if (l + 1 < network.n_layers())
      for (Index j = 0; j < L.out(); ++j) removed_neurons += network.neuron_removed(l, j) ? 1 : 0;
    layers.push_back({{"layer", l},
                      {"shape", {L.out(), L.in()}},
                      {"weights", n},
                      {"nonzero_weights", k},
                      {"sparsity", n ? 1.0 - static_cast<double>(k) / static_cast<double>(n) : 0.0},
                      {"removed_neurons", removed_neurons},
                      {"prunable", layer_prunable(network, l, prune_output_layer)}});
  }
  nlohmann::json j = network_size(network).to_json();
  j["layers"] = std::move(layers);
  j["weight_sparsity"] =
      weights ? 1.0 - static_cast<double>(kept) / static_cast<double>(weights) : 0.0;
  j["prunable_sparsity"] = prunable_sparsity(network, prune_output_layer);
  return j;
}

}  // namespace prunekit
