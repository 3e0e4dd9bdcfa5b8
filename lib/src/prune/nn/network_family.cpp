#include "prune/nn/network_family.hpp"

#include <bit>
#include <map>
#include <optional>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/cnn_model.hpp"
#include "prunekit/nn/engine.hpp"
#include "prunekit/prune/nn/network_pruning.hpp"

namespace prunekit {

const NeuralModel& as_neural_model(const Model& model) {
  return dynamic_cast<const NeuralModel&>(model);
}

MlpModel& as_mlp_model(NeuralModel& model) { return dynamic_cast<MlpModel&>(model); }

Param scope_param(const std::string& fallback) {
  return choice_param(
      "scope", fallback, {"global", "layer"},
      "global: one threshold over all prunable layers; layer: each layer pruned to the "
      "sparsity");
}

std::unique_ptr<NeuralModel> prune_network_at(const SparsityPrune& prune, const ParamValues& values,
                                              const NeuralModel& model, double sparsity,
                                              const Dataset& train, Rng& rng) {
  auto copy = model.clone();
  std::unique_ptr<NeuralModel> pruned(static_cast<NeuralModel*>(copy.release()));
  prune.prune(*pruned, sparsity, train, rng, values);
  const auto epochs = static_cast<std::size_t>(values.integer("finetune_epochs"));
  if (epochs > 0) {
    // The rate is the fine-tuning's only: the pruned model keeps its own parameters.
    const double model_lr = pruned->learning_rate();
    if (values.has("finetune_lr")) pruned->set_learning_rate(values.number("finetune_lr"));
    if (prune.finetune)
      prune.finetune(*pruned, train, epochs, rng, values);
    else
      train_masked(*pruned, train, epochs, rng);
    pruned->set_learning_rate(model_lr);
  }
  return pruned;
}

namespace {

/// The sparsity path of one fitted network: the model pruned (and fine-tuned) at each grid
/// sparsity, built on demand and cached. at(s) draws from a stream fixed by the path's seed
/// and s, so it does not depend on the order of calls.
class SparsityPath final : public PathModels {
 public:
  SparsityPath(SparsityPrune prune, ParamValues values, const NeuralModel& model,
               const Dataset& train, std::uint64_t seed)
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
        const NeuralModel& m = pruned(s);
        p.points.push_back({s, m.mean_loss(train_), static_cast<double>(nonzero_weights(m))});
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
  [[nodiscard]] const NeuralModel& pruned(double sparsity) const {
    auto it = cache_.find(sparsity);
    if (it == cache_.end()) {
      Rng rng = Rng::for_stream(seed_, std::bit_cast<std::uint64_t>(sparsity));
      it = cache_
               .emplace(sparsity, prune_network_at(prune_, values_, as_neural_model(*model_),
                                                   sparsity, train_, rng))
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
  mutable std::map<double, std::unique_ptr<NeuralModel>> cache_;
  mutable std::optional<PruningPath> path_;
};

/// A check that `model` is a fitted network of the kinds `fits` accepts (`kinds` names them).
template <typename Fits>
auto network_check(Fits fits, std::string kinds) {
  return [fits, kinds](const Model& model, const std::string& method) {
    const auto* net = dynamic_cast<const NeuralModel*>(&model);
    if (net == nullptr || !fits(model))
      throw InvalidArgument("pruning method '" + method + "' does not apply to this " +
                            model.kind() + " model (it prunes " + kinds + " models)");
    if (!net->fitted())
      throw InvalidArgument("pruning method '" + method + "' needs a fitted " + model.kind());
  };
}

/// Sizes, per-layer sparsity and weight samples before and after.
void finish_network(const Model& before, const ParamValues& values, PruneResult& result) {
  const bool out = values.flag("prune_output_layer");
  const NeuralModel& old_net = as_neural_model(before);
  const NeuralModel& new_net = as_neural_model(*result.model);
  nlohmann::json details = network_details(new_net, out);
  details["before"] = network_details(old_net, out);
  details["weights_before"] = weight_sample(old_net, out);
  details["weights_after"] = weight_sample(new_net, out);
  details["layer_weights"] = layer_weight_samples(old_net, new_net, out);
  details["finetune_epochs"] = values.integer("finetune_epochs");
  details.update(result.report.details);
  result.report.details = std::move(details);
}

Param finetune_lr_param() {
  Param p = number_param("finetune_lr", std::nullopt, Range::left_open(0, 1e6),
                         "learning rate of the fine-tuning (Han et al. 2015 and Li et al. 2017 "
                         "retrain at a fraction of the training rate)");
  p.default_text = "the model's lr";
  return p;
}

std::vector<Param> family_params() {
  return {integer_param("finetune_epochs", 0, Range::closed(0, 1000000),
                        "epochs of training after pruning, masks kept, with the model's own "
                        "optimizer settings"),
          finetune_lr_param(),
          flag_param("prune_output_layer", false, "also prune the output layer's weights")};
}

}  // namespace

const FamilyDeclaration& network_family() {
  static const auto fits = [](const Model& model) {
    return dynamic_cast<const NeuralModel*>(&model) != nullptr;
  };
  static const FamilyDeclaration kFamily{"mlp, cnn", family_params(), fits,
                                         network_check(fits, "mlp and cnn"), finish_network};
  return kFamily;
}

const FamilyDeclaration& mlp_family() {
  static const auto fits = [](const Model& model) {
    return dynamic_cast<const MlpModel*>(&model) != nullptr;
  };
  static const FamilyDeclaration kFamily{"mlp", family_params(), fits, network_check(fits, "mlp"),
                                         finish_network};
  return kFamily;
}

const FamilyDeclaration& cnn_family() {
  static const auto fits = [](const Model& model) {
    return dynamic_cast<const CnnModel*>(&model) != nullptr;
  };
  static const FamilyDeclaration kFamily{"cnn", family_params(), fits, network_check(fits, "cnn"),
                                         finish_network};
  return kFamily;
}

MethodDeclaration network_method(std::string name, std::string summary, std::string reference,
                                 std::vector<Param> params, SparsityPrune prune,
                                 const FamilyDeclaration& family) {
  MethodDeclaration m =
      declare_method(std::move(name), family, std::move(summary), std::move(reference));
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
    return std::make_unique<SparsityPath>(prune, values, as_neural_model(model), train, rng());
  };
  m.at_knob = [prune](const Model& model, const ParamValues& values, double sparsity,
                      const Dataset& train, Rng& rng) -> std::unique_ptr<Model> {
    return prune_network_at(prune, values, as_neural_model(model), sparsity, train, rng);
  };
  return m;
}

}  // namespace prunekit
