#pragma once
/// Pruning paths: the nested sequence of ever smaller models a schedule walks, and the record
/// of how a selection rule chose one point of it.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>
#include "prunekit/core/polymorphic.hpp"

#include "prunekit/data/dataset.hpp"
#include "prunekit/model/model.hpp"

namespace prunekit {

/// One model of a path. A larger knob always means more pruning (alpha for trees, sparsity
/// for networks), so selection rules can treat every method alike.
struct PathPoint {
  double knob = 0.0;
  /// Training risk at this point (trees: total leaf risk; networks: training loss).
  double risk = 0.0;
  /// The size measure the path trades (leaves, non-zero weights).
  double complexity = 0.0;
};

struct PruningPath {
  std::string knob_name;          ///< "alpha", "sparsity", ...
  std::string complexity_name;    ///< "leaves", "nonzeros", ...
  std::vector<PathPoint> points;  ///< in increasing knob order
};

/// A walked path whose models can be materialised on demand.
class PathModels : public Polymorphic {
 public:
  [[nodiscard]] virtual const PruningPath& path() const = 0;
  /// Knob values at which cross-validation scores the path: one representative per distinct
  /// model (rpart uses the geometric mean of consecutive alphas; networks use their grid).
  /// The default: every point's knob.
  [[nodiscard]] virtual std::vector<double> candidate_knobs() const;
  /// The model the path gives at `knob` (for alpha: the optimal subtree for that alpha).
  [[nodiscard]] virtual std::unique_ptr<Model> at(double knob) const = 0;
  /// Held-out error (misclassification rate, or mean squared error) of the path's model at
  /// each of `knobs` on `test`. The default materialises every model; a path may override it
  /// with an equivalent that scores the whole path at once (a tree routes each row once).
  [[nodiscard]] virtual std::vector<double> held_out_errors(const Dataset& test,
                                                            const std::vector<double>& knobs) const;
};

/// How a knob was chosen by a selection rule (drawn as rpart's plotcp: error against knob with
/// the one-standard-error line).
struct SelectionTrace {
  std::string rule;                ///< "fixed", "validation", "cv_min", "cv_1se"
  std::vector<double> knobs;       ///< candidate knobs, increasing
  std::vector<double> error_mean;  ///< held-out error per candidate (CV mean, or validation)
  std::vector<double> error_se;    ///< its standard error over folds (0 for validation)
  std::vector<double> complexity;  ///< the full model's complexity at each candidate
  double threshold = 0.0;          ///< min error + se_factor * its SE (1-SE rule)
  std::size_t chosen = 0;          ///< index into knobs
};

}  // namespace prunekit
