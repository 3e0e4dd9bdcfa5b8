#pragma once
/// rpart's cp table (Therneau and Atkinson, "An Introduction to Recursive Partitioning Using
/// the RPART Routines", sec. 4; rpart's printcp and xval.c): one row per distinct subtree of
/// the cost-complexity path, largest CP first, with
///   CP        = alpha / R(root), the smallest complexity at which the row's subtree is optimal;
///   rel error = R(subtree) / R(root);
///   xerror    = sum over rows of the cross-validated loss / (n R(root));
///   xstd      = sqrt(sum loss^2 - (sum loss)^2 / n) / (n R(root)).
/// Each fold's tree is grown with the model's parameters on the other folds, walked once, and
/// each left-out row is predicted at every row's candidate alpha (the geometric mean of the
/// alphas bounding the row's interval, as rpart's xval). R(root) is the root's risk under the
/// path's risk; xerror and xstd are relative to the root's misclassification rate (classification)
/// or mean squared error (regression) whatever the risk, so xerror is about 1 at nsplit 0.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "prunekit/data/dataset.hpp"
#include "prunekit/prune/tree/cost_complexity.hpp"
#include "prunekit/tree/decision_tree_model.hpp"

namespace prunekit {

struct CpTableRow {
  double alpha = 0.0;
  double cp = 0.0;
  std::size_t nsplit = 0;
  double rel_error = 0.0;
  double xerror = NAN;  ///< NAN without cross-validation
  double xstd = NAN;
};

struct CpTable {
  std::vector<CpTableRow> rows;  ///< largest CP first, as printcp
  double root_risk = 0.0;        ///< R(root) under the path's risk, divided by the root weight
  /// Rows with the lowest xerror (ties: fewer splits) and chosen by the 1-SE rule (the fewest
  /// splits with xerror <= min xerror + xstd at the minimum); unset without cross-validation.
  std::optional<std::size_t> row_min;
  std::optional<std::size_t> row_1se;
};

struct CpTableParams {
  /// rpart's conventions by default.
  CostComplexityOptions path{TreeRisk::misclassification, TieRule::all_at_once};
  /// Test fold of each row of the data, ids 1..K as rpart's `xval` vector. Empty: `folds`
  /// stratified folds drawn from `seed` (cv_folds).
  std::vector<std::size_t> fold_of_row;
  std::size_t folds = 10;  ///< 0: no cross-validation
  std::uint64_t seed = 0;
};

/// The cp table of `model`'s tree; `data` (the training rows) is needed for cross-validation
/// and ignored when there is none. InvalidArgument when a fold vector does not fit the data.
[[nodiscard]] CpTable cp_table(const DecisionTreeModel& model, const Dataset* data,
                               const CpTableParams& params);

}  // namespace prunekit
