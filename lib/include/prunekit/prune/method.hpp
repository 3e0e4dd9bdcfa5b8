#pragma once
/// A pruning method is a declaration: its name, family, paper, one typed parameter table, and
/// either a path builder (methods that walk a path of ever smaller models: cost-complexity,
/// magnitude, ...) or a one-shot prune. One generic pruner (make_pruner) reads and checks the
/// parameters, writes them back, expands grids, selects a point of the path and assembles the
/// report for every method alike (docs/architecture.md, "Pruning").

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/core/params.hpp"
#include "prunekit/prune/pruner.hpp"

namespace prunekit {

/// What a one-shot prune returns.
struct PrunedModel {
  std::unique_ptr<Model> model;
  std::string knob_name;  ///< "" when the method has no knob
  double knob = 0.0;
  nlohmann::json details = nlohmann::json::object();
};

/// What a model family contributes to each of its methods.
struct FamilyDeclaration {
  std::string name;  ///< "decision_tree", "mlp" or "any"
  /// Parameters every method of the family accepts (after the method's own).
  std::vector<Param> params;
  /// Whether a method of the family can prune `model`.
  std::function<bool(const Model& model)> supports;
  /// Throws InvalidArgument naming `method` when `model` cannot be pruned (wrong kind, unfitted).
  std::function<void(const Model& model, const std::string& method)> check;
  /// Family-wide finishing of a result (merging leaves) and its report details.
  std::function<void(const Model& before, const ParamValues& values, PruneResult& result)> finish;
};

using PathBuilder = std::function<std::unique_ptr<PathModels>(
    const Model& model, const ParamValues& values, const Dataset& train, Rng& rng)>;
using KnobPrune = std::function<std::unique_ptr<Model>(
    const Model& model, const ParamValues& values, double knob, const Dataset& train, Rng& rng)>;
using OneShotPrune = std::function<PrunedModel(const Model& model, const ParamValues& values,
                                               const PruneContext& context, Rng& rng)>;

/// The knob of a path method and how it may be given.
struct KnobDeclaration {
  /// The fixed knob ("alpha", "sparsity", ...). With a default, `fixed` is the default rule;
  /// without one, `cv_1se`.
  Param param;
  /// Other names for a fixed knob (cost-complexity's "cp"); at most one of all may be given.
  std::vector<Param> alternatives;
  /// The candidates are a "grid" parameter of knob values (networks), not the path's points.
  std::optional<Param> grid;
};

struct MethodDeclaration {
  std::string name;
  const FamilyDeclaration* family = nullptr;
  std::string summary;
  std::string reference;
  /// The method's own parameters (the knob, selection and family parameters are added).
  std::vector<Param> params;
  bool classification_only = false;

  /// Path methods: the knob, and the path of a fitted model.
  std::optional<KnobDeclaration> knob;
  PathBuilder walk;
  /// Optional: a model at a fixed knob without walking the path (networks, whose path is
  /// costly); without it a fixed knob is taken from the walked path, which is reported.
  KnobPrune at_knob;
  /// Optional: the path's knob for the fixed value given (cost-complexity: cp x R(root)).
  std::function<double(const PathModels& full, const ParamValues& values, double given)> resolve;
  /// Optional: method-specific report details once a point is chosen.
  std::function<void(const PathModels& full, const ParamValues& values, PruneResult& result)>
      annotate;

  /// One-shot methods.
  OneShotPrune prune;

  /// Optional: rules between parameters and derived values, run after the table has read them
  /// (errors through values.fail, naming the key).
  std::function<void(ParamValues& values)> check;
};

/// A declaration's identity: name, family, one-line summary and the paper it follows; the
/// method then adds its parameters and its path or one-shot prune.
[[nodiscard]] MethodDeclaration declare_method(std::string name, const FamilyDeclaration& family,
                                               std::string summary, std::string reference = {});

}  // namespace prunekit
