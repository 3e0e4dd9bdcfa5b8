#pragma once
/// The shared pruning interface. Every method, tree or neural, has the same shape
/// (docs/architecture.md, "Pruning"):
///   1. units it may remove (a tree's internal node collapsed to a leaf; a weight; a neuron),
///   2. a score per unit (how little it matters),
///   3. a schedule (how much to remove, and when),
///   4. a pruning path (the nested sequence of ever smaller models the schedule walks),
///   5. a selection rule that picks one point of the path (selection.hpp).
/// A Pruner never changes the model it is given: it returns a new, compact model.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include "prunekit/core/polymorphic.hpp"

#include <nlohmann/json.hpp>

#include "prunekit/core/rng.hpp"
#include "prunekit/data/dataset.hpp"
#include "prunekit/model/model.hpp"
#include "prunekit/prune/path.hpp"

namespace prunekit {

/// Makes an unfitted model of a kind from its parameters (cross-validation refits with it).
using ModelMaker =
    std::function<std::unique_ptr<Model>(const std::string& kind, const nlohmann::json& params)>;

/// What a pruner may use besides the model.
struct PruneContext {
  /// The (preprocessed) data the model was fitted on. Methods that need a pruning set carve it
  /// from here (and refit on the rest) or use `validation`.
  const Dataset& train;
  /// Optional held-out data for the `validation` selection rule; never the test set.
  const Dataset* validation = nullptr;
  /// Worker threads a method may use (cross-validation folds run in parallel). Results do not
  /// depend on it.
  int threads = 1;
  /// How cross-validation and `validation_fraction` refit the model (empty: the model
  /// registry's make_model), so that a model kind registered by a library user can be refitted.
  ModelMaker make_model = {};
};

/// What a pruning removed: size before and after, the chosen knob, method-specific details.
struct PruneReport {
  std::string method;
  /// Name of the complexity knob ("alpha", "sparsity", "confidence", ... or "" for none).
  std::string knob_name;
  double knob = 0.0;
  ModelSize before;
  ModelSize after;
  /// Method-specific facts: per-layer sparsity, weight values before and after, removed nodes.
  nlohmann::json details = nlohmann::json::object();
};

struct PruneResult {
  std::unique_ptr<Model> model;
  PruneReport report;
  /// The path that was walked, when the method has one (drawn in reports).
  std::optional<PruningPath> path;
  /// The walked path's models, to score each point (the report's accuracy against alpha).
  std::shared_ptr<const PathModels> path_models;
  /// How the point was chosen, when it was chosen by a selection rule.
  std::optional<SelectionTrace> selection;
};

class Pruner : public Polymorphic {
 public:
  /// Registry name ("cost_complexity", "magnitude", ...).
  [[nodiscard]] virtual std::string method() const = 0;
  /// The parameters as JSON (what make_pruner accepted, with defaults filled in).
  [[nodiscard]] virtual nlohmann::json params() const = 0;
  /// Whether this method can prune `model` (by family and task).
  [[nodiscard]] virtual bool supports(const Model& model) const = 0;
  /// Whether prune() needs PruneContext::validation (the `validation` rule without a
  /// validation_fraction), so that a config can be refused before anything is fitted.
  [[nodiscard]] virtual bool needs_validation_data() const { return false; }
  /// Prunes a fitted model; `rng` drives any random choice (random pruning, CV folds).
  [[nodiscard]] virtual PruneResult prune(const Model& model, const PruneContext& context,
                                          Rng& rng) const = 0;
};

}  // namespace prunekit
