#include "prune/nn/network_family.hpp"

#include <bit>
#include <map>
#include <optional>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/engine.hpp"
#include "prunekit/prune/nn/network_pruning.hpp"

namespace prunekit {

const MlpModel& as_mlp_model(const Model& model) { return dynamic_cast<const MlpModel&>(model); }

Param scope_param(const std::string& fallback) {
  return choice_param(
      "scope", fallback, {"global", "layer"},
      "global: one threshold over all prunable layers; layer: each layer pruned to the "
      "sparsity");
}

std::unique_ptr<MlpModel> prune_network_at(const SparsityPrune& prune, const ParamValues& values,
                                           const MlpModel& model, double sparsity,
                                           const Dataset& train, Rng& rng) {
  auto copy = model.clone();
  std::unique_ptr<MlpModel> pruned(static_cast<MlpModel*>(copy.release()));
  prune.prune(*pruned, sparsity, train, rng, values);
  const auto epochs = static_cast<std::size_t>(values.integer("finetune_epochs"));
  if (epochs > 0) {
    if (prune.finetune)
      prune.finetune(*pruned, train, epochs, rng, values);
    else
      train_masked(*pruned, train, epochs, rng);
  }
  return pruned;
}

namespace {

/// The sparsity path of one fitted network: the model pruned (and fine-tuned) at each grid
/// sparsity, built on demand and cached. at(s) draws from a stream fixed by the path's seed
/// and s, so it does not depend on the order of calls.
class SparsityPath final : public PathModels {
 public:
  SparsityPath(SparsityPrune prune, ParamValues values, const MlpModel& model, const Dataset& train,
               std::uint64_t seed)
      : prune_(std::move(prune)),
        values_(std::move(values)),
        model_(model.clone()),
        train_(train),
        seed_(seed),
        grid_(values_.numbers("grid")) {}

  /// Risk = training loss, complexity = non-zero weights, one point per grid sparsity.
  [[nodiscard]] const PruningPath& path() const override {
    if (!path_) {
      PruningPath p{"sparsity", "nonzeros", {}};
      for (double s : grid_) {
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
  [[nodiscard]] std::vector<double> candidate_knobs() const override { return grid_; }
  [[nodiscard]] std::unique_ptr<Model> at(double sparsity) const override {
    return pruned(sparsity).clone();
  }

 private:
  [[nodiscard]] const MlpModel& pruned(double sparsity) const {
    auto it = cache_.find(sparsity);
    if (it == cache_.end()) {
      Rng rng = Rng::for_stream(seed_, std::bit_cast<std::uint64_t>(sparsity));
      it = cache_
               .emplace(sparsity, prune_network_at(prune_, values_, as_mlp_model(*model_), sparsity,
                                                   train_, rng))
               .first;
    }
    return *it->second;
  }

  SparsityPrune prune_;
  ParamValues values_;
  std::unique_ptr<Model> model_;
  const Dataset& train_;
  std::uint64_t seed_;
  std::vector<double> grid_;
  mutable std::map<double, std::unique_ptr<MlpModel>> cache_;
  mutable std::optional<PruningPath> path_;
};

void check_mlp(const Model& model, const std::string& method) {
  const auto* mlp = dynamic_cast<const MlpModel*>(&model);
  if (mlp == nullptr)
    throw InvalidArgument("pruning method '" + method + "' does not apply to this " + model.kind() +
                          " model (it prunes mlp models)");
  if (!mlp->fitted()) throw InvalidArgument("pruning method '" + method + "' needs a fitted mlp");
}

/// Sizes, per-layer sparsity and weight samples before and after.
void finish_network(const Model& before, const ParamValues& values, PruneResult& result) {
  const bool out = values.flag("prune_output_layer");
  const Network& old_net = as_mlp_model(before).network();
  const Network& new_net = as_mlp_model(*result.model).network();
  nlohmann::json details = network_details(new_net, out);
  details["before"] = network_details(old_net, out);
  details["weights_before"] = weight_sample(old_net, out);
  details["weights_after"] = weight_sample(new_net, out);
  details["finetune_epochs"] = values.integer("finetune_epochs");
  details.update(result.report.details);
  result.report.details = std::move(details);
}

}  // namespace

const FamilyDeclaration& network_family() {
  static const FamilyDeclaration kFamily{
      "mlp",
      {integer_param("finetune_epochs", 0, Range::closed(0, 1000000),
                     "epochs of training after pruning, masks kept, with the model's own optimizer "
                     "settings"),
       flag_param("prune_output_layer", false, "also prune the output layer's weights")},
      [](const Model& model) { return dynamic_cast<const MlpModel*>(&model) != nullptr; },
      check_mlp,
      finish_network};
  return kFamily;
}

MethodDeclaration network_method(std::string name, std::string summary, std::string reference,
                                 std::vector<Param> params, SparsityPrune prune) {
  MethodDeclaration m =
      declare_method(std::move(name), network_family(), std::move(summary), std::move(reference));
  m.params = std::move(params);
  Param grid = number_list_param("grid", {0.5, 0.8, 0.9, 0.95, 0.98}, Range::right_open(0, 1),
                                 "candidate sparsities of the path (validation, cv_min, cv_1se)");
  grid.increasing = true;
  m.knob = KnobDeclaration{
      number_param("sparsity", std::nullopt, Range::right_open(0, 1),
                   "fixed absolute sparsity: the fraction of prunable weights that are zero"),
      {},
      grid};
  m.knob->param.default_text = "- (cv_1se over grid)";
  m.walk = [prune](const Model& model, const ParamValues& values, const Dataset& train, Rng& rng) {
    return std::make_unique<SparsityPath>(prune, values, as_mlp_model(model), train, rng());
  };
  m.at_knob = [prune](const Model& model, const ParamValues& values, double sparsity,
                      const Dataset& train, Rng& rng) -> std::unique_ptr<Model> {
    return prune_network_at(prune, values, as_mlp_model(model), sparsity, train, rng);
  };
  return m;
}

}  // namespace prunekit
