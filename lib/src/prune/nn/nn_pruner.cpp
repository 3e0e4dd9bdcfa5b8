#include "prunekit/prune/nn/nn_pruner.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/engine.hpp"

namespace prunekit {

using Eigen::Index;

namespace {

std::unique_ptr<MlpModel> clone_mlp(const MlpModel& model) {
  auto copy = model.clone();
  return std::unique_ptr<MlpModel>(static_cast<MlpModel*>(copy.release()));
}

const MlpModel& as_mlp(const Model& model, const std::string& method) {
  const auto* mlp = dynamic_cast<const MlpModel*>(&model);
  if (mlp == nullptr)
    throw InvalidArgument("pruning method '" + method + "' does not apply to this " +
                          model.kind() + " model (it prunes mlp models)");
  if (!mlp->fitted()) throw InvalidArgument("pruning method '" + method + "' needs a fitted mlp");
  return *mlp;
}

}  // namespace

NnCommonParams parse_nn_common(SpecReader& reader, bool has_knob) {
  NnCommonParams c;
  c.finetune_epochs = static_cast<std::size_t>(reader.integer("finetune_epochs", 0, 0, 1000000));
  c.prune_output_layer = reader.boolean("prune_output_layer", false);
  if (!has_knob) {
    c.selection.rule = SelectionRule::fixed;
    return c;
  }
  auto& spec = reader.remaining();
  if (auto it = spec.find("grid"); it != spec.end()) {
    const std::string where = reader.path() + "/grid";
    if (!it->is_array() || it->empty())
      throw ConfigError(reader.file(), where, "must be a non-empty array of sparsities, got " + it->dump());
    c.grid.clear();
    for (std::size_t i = 0; i < it->size(); ++i) {
      const auto& v = (*it)[i];
      const std::string at = where + "/" + std::to_string(i);
      if (!v.is_number()) throw ConfigError(reader.file(), at, "must be a number, got " + v.dump());
      const double s = v.get<double>();
      if (!(s >= 0.0 && s < 1.0))
        throw ConfigError(reader.file(), at, "a sparsity must be in [0, 1), got " + v.dump());
      if (!c.grid.empty() && s <= c.grid.back())
        throw ConfigError(reader.file(), at, "the grid must be increasing, got " + v.dump());
      c.grid.push_back(s);
    }
    spec.erase(it);
  }
  c.selection = parse_selection(spec, "sparsity", reader.file(), reader.path());
  if (c.selection.rule == SelectionRule::fixed)
    c.selection.knob = reader.number("sparsity", 0.0, 0.0, 1.0, false, true);
  return c;
}

std::vector<std::string> nn_common_keys(bool has_knob) {
  std::vector<std::string> keys{"finetune_epochs", "prune_output_layer"};
  if (has_knob)
    for (const char* k : {"sparsity", "select", "folds", "se_factor", "grid"}) keys.emplace_back(k);
  return keys;
}

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
    const auto target = static_cast<std::size_t>(
        std::llround(sparsity * static_cast<double>(entries.size())));
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
      throw InvalidArgument("mask_lowest: scores of layer " + std::to_string(l) + " have the wrong shape");
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
  j["weight_sparsity"] = weights ? 1.0 - static_cast<double>(kept) / static_cast<double>(weights) : 0.0;
  j["prunable_sparsity"] = prunable_sparsity(network, prune_output_layer);
  return j;
}

NnSparsityPath::NnSparsityPath(const NnPruner& pruner, const MlpModel& model,
                               const Dataset& train, std::uint64_t seed)
    : pruner_(pruner), model_(model.clone()), train_(train), seed_(seed) {}

const MlpModel& NnSparsityPath::pruned(double sparsity) const {
  auto it = cache_.find(sparsity);
  if (it == cache_.end()) {
    Rng rng = Rng::for_stream(seed_, std::bit_cast<std::uint64_t>(sparsity));
    it = cache_.emplace(sparsity, pruner_.prune_at(static_cast<const MlpModel&>(*model_),
                                                   sparsity, train_, rng))
             .first;
  }
  return *it->second;
}

const PruningPath& NnSparsityPath::path() const {
  if (!path_) {
    PruningPath p;
    p.knob_name = "sparsity";
    p.complexity_name = "nonzeros";
    for (double s : pruner_.common().grid) {
      const MlpModel& m = pruned(s);
      const MlpModel::Prepared prepared = m.prepare(train_);
      const TrainData data{prepared.x, prepared.labels,
                           m.task() == Task::regression ? &prepared.targets : nullptr};
      p.points.push_back({s, evaluate_loss(m.network(), data, m.loss()),
                          static_cast<double>(network_size(m.network()).nonzero_weights)});
    }
    path_ = std::move(p);
  }
  return *path_;
}

std::vector<double> NnSparsityPath::candidate_knobs() const { return pruner_.common().grid; }

std::unique_ptr<Model> NnSparsityPath::at(double sparsity) const {
  return pruned(sparsity).clone();
}

bool NnPruner::supports(const Model& model) const {
  const auto* mlp = dynamic_cast<const MlpModel*>(&model);
  return mlp != nullptr;
}

std::unique_ptr<MlpModel> NnPruner::prune_at(const MlpModel& model, double sparsity,
                                             const Dataset& train, Rng& rng) const {
  auto pruned = clone_mlp(model);
  prune_network(*pruned, sparsity, train, rng);
  if (common_.finetune_epochs > 0) finetune(*pruned, train, common_.finetune_epochs, rng);
  return pruned;
}

void NnPruner::finetune(MlpModel& model, const Dataset& train, std::size_t epochs,
                        Rng& rng) const {
  train_masked(model, train, epochs, rng);
}

nlohmann::json NnPruner::common_json() const {
  nlohmann::json j = {{"method", method()},
                      {"finetune_epochs", common_.finetune_epochs},
                      {"prune_output_layer", common_.prune_output_layer}};
  if (implied_sparsity()) return j;
  const auto& s = common_.selection;
  j["select"] = to_string(s.rule);
  if (s.rule == SelectionRule::fixed) {
    j["sparsity"] = s.knob;
  } else {
    j["grid"] = common_.grid;
    if (s.rule != SelectionRule::validation) j["folds"] = s.folds;
    if (s.rule == SelectionRule::cv_1se) j["se_factor"] = s.se_factor;
  }
  return j;
}

PruneResult NnPruner::prune(const Model& model, const PruneContext& context, Rng& rng) const {
  const MlpModel& mlp = as_mlp(model, method());
  PruneResult result;
  std::unique_ptr<MlpModel> pruned;
  double knob = 0.0;
  if (const auto implied = implied_sparsity()) {
    knob = *implied;
    pruned = prune_at(mlp, knob, context.train, rng);
  } else if (common_.selection.rule == SelectionRule::fixed) {
    knob = common_.selection.knob;
    pruned = prune_at(mlp, knob, context.train, rng);
  } else {
    const NnSparsityPath full(*this, mlp, context.train, rng());
    const PathWalk walk = [this](const Model& fold_model, const Dataset& fold_train, Rng& r) {
      return std::make_unique<NnSparsityPath>(*this, as_mlp(fold_model, method()), fold_train,
                                              r());
    };
    Selection chosen = select_point(mlp, full, walk, common_.selection, context, rng);
    knob = chosen.knob;
    pruned = clone_mlp(static_cast<const MlpModel&>(*chosen.model));
    result.path = full.path();
    result.selection = std::move(chosen.trace);
  }
  result.report.method = method();
  result.report.knob_name = "sparsity";
  result.report.knob = knob;
  result.report.before = model.size();
  result.report.after = pruned->size();
  const bool out = common_.prune_output_layer;
  nlohmann::json details = network_details(pruned->network(), out);
  details["before"] = network_details(mlp.network(), out);
  details["weights_before"] = weight_sample(mlp.network(), out);
  details["weights_after"] = weight_sample(pruned->network(), out);
  details["finetune_epochs"] = common_.finetune_epochs;
  result.report.details = std::move(details);
  result.model = std::move(pruned);
  return result;
}

}  // namespace prunekit
