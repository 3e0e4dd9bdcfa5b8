#include "prunekit/prune/nn/network_pruning.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/engine.hpp"

namespace prunekit {

using Eigen::Index;

std::vector<WeightMatrix> weight_matrices(Network& network) {
  std::vector<WeightMatrix> out;
  for (std::size_t l = 0; l < network.n_layers(); ++l)
    out.push_back({&network.layer(l), 1, 1, "dense"});
  return out;
}

bool layer_prunable(std::size_t l, std::size_t count, bool prune_output_layer) {
  return l + 1 < count || prune_output_layer;
}

bool layer_prunable(const Network& network, std::size_t l, bool prune_output_layer) {
  return layer_prunable(l, network.n_layers(), prune_output_layer);
}

void mask_lowest(const std::vector<WeightMatrix>& layers, const std::vector<RowMatrixXf>& scores,
                 double sparsity, bool global, bool prune_output_layer) {
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
      layers[entries[k].layer].params->weight_mask.data()[entries[k].index] = 0.0f;
  };
  std::vector<Entry> entries;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    if (!layer_prunable(l, layers.size(), prune_output_layer)) continue;
    const DenseLayer& L = *layers[l].params;
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
  for (const auto& layer : layers) layer.params->apply_mask();
}

void mask_lowest(NeuralModel& model, const std::vector<RowMatrixXf>& scores, double sparsity,
                 bool global, bool prune_output_layer) {
  mask_lowest(model.weight_matrices(), scores, sparsity, global, prune_output_layer);
  model.apply_masks();
}

void mask_lowest(Network& network, const std::vector<RowMatrixXf>& scores, double sparsity,
                 bool global, bool prune_output_layer) {
  mask_lowest(weight_matrices(network), scores, sparsity, global, prune_output_layer);
}

double prunable_sparsity(const std::vector<WeightMatrix>& layers, bool prune_output_layer) {
  double total = 0.0;
  double masked = 0.0;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    if (!layer_prunable(l, layers.size(), prune_output_layer)) continue;
    const auto& L = *layers[l].params;
    total += static_cast<double>(L.weight.size());
    masked += static_cast<double>(L.weight.size()) - static_cast<double>(L.kept_weights());
  }
  return total > 0.0 ? masked / total : 0.0;
}

double prunable_sparsity(const NeuralModel& model, bool prune_output_layer) {
  return prunable_sparsity(model.weight_matrices(), prune_output_layer);
}

double prunable_sparsity(const Network& network, bool prune_output_layer) {
  return prunable_sparsity(weight_matrices(const_cast<Network&>(network)), prune_output_layer);
}

double geometric_sparsity(double start, double target, std::size_t t, std::size_t rounds) {
  if (rounds == 0 || t >= rounds || start >= target) return std::max(start, target);
  const double fraction = static_cast<double>(t) / static_cast<double>(rounds);
  return 1.0 - (1.0 - start) * std::pow((1.0 - target) / (1.0 - start), fraction);
}

void train_masked(NeuralModel& model, const Dataset& train, std::size_t epochs, Rng& rng,
                  std::optional<double> dropout) {
  model.train_masked(train, epochs, rng, dropout);
}

namespace {

/// Every (n / limit)-th value of `all`, at most `limit` of them.
std::vector<float> subsample(std::vector<float> all, std::size_t limit) {
  if (all.size() <= limit) return all;
  std::vector<float> sample(limit);
  for (std::size_t i = 0; i < limit; ++i) sample[i] = all[i * all.size() / limit];
  return sample;
}

}  // namespace

std::vector<float> weight_sample(const NeuralModel& model, bool prune_output_layer,
                                 std::size_t limit) {
  std::vector<float> all;
  const auto layers = model.weight_matrices();
  for (std::size_t l = 0; l < layers.size(); ++l) {
    if (!layer_prunable(l, layers.size(), prune_output_layer)) continue;
    const auto& w = layers[l].params->weight;
    all.insert(all.end(), w.data(), w.data() + w.size());
  }
  return subsample(std::move(all), limit);
}

nlohmann::json layer_weight_samples(const NeuralModel& before, const NeuralModel& after,
                                    bool prune_output_layer, std::size_t limit) {
  const auto old_layers = before.weight_matrices();
  const auto new_layers = after.weight_matrices();
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t l = 0; l < old_layers.size() && l < new_layers.size(); ++l) {
    if (!layer_prunable(l, old_layers.size(), prune_output_layer)) continue;
    const auto values = [&](const WeightMatrix& m) {
      const auto& w = m.params->weight;
      return subsample(std::vector<float>(w.data(), w.data() + w.size()), limit);
    };
    out.push_back({{"layer", "layer " + std::to_string(l) + " (" + old_layers[l].kind + ")"},
                   {"before", values(old_layers[l])},
                   {"after", values(new_layers[l])}});
  }
  return out;
}

std::size_t nonzero_weights(const NeuralModel& model) {
  std::size_t n = 0;
  for (const auto& layer : model.weight_matrices())
    n += static_cast<std::size_t>((layer.params->weight.array() != 0.0f).count());
  return n;
}

namespace {

/// One weight matrix's entry in the details: an MLP layer's removed neurons, a conv layer's
/// removed filters (rows entirely masked) and multiply-adds.
nlohmann::json layer_details(const NeuralModel& model, const std::vector<WeightMatrix>& layers,
                             std::size_t l, bool prune_output_layer) {
  const DenseLayer& L = *layers[l].params;
  const auto n = static_cast<std::size_t>(L.weight.size());
  const std::size_t k = L.kept_weights();
  nlohmann::json j{{"layer", l},
                   {"shape", {L.out(), L.in()}},
                   {"weights", n},
                   {"nonzero_weights", k},
                   {"sparsity", n ? 1.0 - static_cast<double>(k) / static_cast<double>(n) : 0.0}};
  if (const auto* mlp = dynamic_cast<const MlpModel*>(&model)) {
    std::size_t removed = 0;
    if (l + 1 < layers.size())
      for (Index j2 = 0; j2 < L.out(); ++j2)
        removed += mlp->network().neuron_removed(l, j2) ? 1 : 0;
    j["removed_neurons"] = removed;
  } else {
    Index removed = 0;
    for (Index r = 0; r < L.out(); ++r) removed += (L.weight_mask.row(r).array() == 0.0f).all();
    j["kind"] = layers[l].kind;
    j["removed_units"] = removed;
    j["multiply_adds"] = static_cast<std::int64_t>(n) * layers[l].positions;
  }
  j["prunable"] = layer_prunable(l, layers.size(), prune_output_layer);
  return j;
}

}  // namespace

nlohmann::json network_details(const NeuralModel& model, bool prune_output_layer) {
  const auto layers = model.weight_matrices();
  nlohmann::json entries = nlohmann::json::array();
  std::size_t weights = 0;
  std::size_t kept = 0;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    weights += static_cast<std::size_t>(layers[l].params->weight.size());
    kept += layers[l].params->kept_weights();
    entries.push_back(layer_details(model, layers, l, prune_output_layer));
  }
  nlohmann::json j = model.size();
  j["layers"] = std::move(entries);
  j["weight_sparsity"] =
      weights ? 1.0 - static_cast<double>(kept) / static_cast<double>(weights) : 0.0;
  j["prunable_sparsity"] = prunable_sparsity(layers, prune_output_layer);
  return j;
}

}  // namespace prunekit
