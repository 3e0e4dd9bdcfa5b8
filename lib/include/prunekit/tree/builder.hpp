#pragma once
/// Growing CART trees (Breiman, Friedman, Olshen, Stone 1984), with the pre-pruning controls
/// and their meaning taken from scikit-learn's DecisionTreeClassifier/Regressor.
///
/// The builder follows scikit-learn's design: criterion, splitter and tree are separate; the
/// samples of a node are one contiguous index range, partitioned in place; no allocation per
/// node and no recursion (an explicit stack for depth-first growth, a priority queue for
/// best-first growth when max_leaf_nodes is set). The splitter is exact: every feature is sorted
/// once, and each node keeps its samples in sorted order for every feature; a split partitions
/// those lists stably (the presorted approach of SLIQ, Mehta et al. 1996, and SPRINT, Shafer
/// et al. 1996), so no node ever sorts again.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "prunekit/core/enum_names.hpp"
#include "prunekit/core/rng.hpp"
#include "prunekit/data/dataset.hpp"
#include "prunekit/tree/tree.hpp"

namespace prunekit {

/// How many features each split considers (scikit-learn's max_features).
struct MaxFeatures {
  enum class Kind { all, count, fraction, sqrt, log2 };
  Kind kind = Kind::all;
  /// count (Kind::count) or fraction in (0, 1] (Kind::fraction).
  double amount = 0.0;

  /// The number of features to draw out of n_features (at least 1).
  [[nodiscard]] std::size_t resolve(std::size_t n_features) const;
};

/// The order in which a node's features are searched; the first strictly best split wins, so the
/// order decides between features whose best splits tie.
enum class FeatureOrder {
  random,  ///< a fresh seeded permutation at every node (scikit-learn's BestSplitter)
  column,  ///< the columns' order (rpart's)
};
constexpr EnumNames<FeatureOrder, 2> enum_names(FeatureOrder) {
  return {{{FeatureOrder::random, "random"}, {FeatureOrder::column, "column"}}};
}

/// A count given either as an absolute number (>= 1) or as a fraction of the training rows,
/// ceil(fraction * n) as scikit-learn does for min_samples_split / min_samples_leaf.
struct SampleCount {
  double amount = 1.0;
  bool is_fraction = false;
  [[nodiscard]] std::size_t resolve(std::size_t n_rows) const;
};

/// Hyper-parameters of a CART tree, scikit-learn's names, meanings and defaults.
struct TreeParams {
  /// gini or entropy for classification, squared_error for regression. Unset: gini for
  /// classification, squared_error for regression.
  std::optional<Criterion> criterion{};
  /// Maximum depth (root depth 0); unset = unlimited.
  std::optional<std::size_t> max_depth{};
  /// A node with fewer samples is not split (>= 2, or a fraction of the rows).
  SampleCount min_samples_split{2.0, false};
  /// Each child of a split keeps at least this many samples (>= 1, or a fraction).
  SampleCount min_samples_leaf{1.0, false};
  /// Each child keeps at least this fraction of the total sample weight, in [0, 0.5].
  double min_weight_fraction_leaf = 0.0;
  /// A split must decrease the weighted impurity, N_t / N * (impurity - N_L / N_t *
  /// left_impurity - N_R / N_t * right_impurity), by at least this much (weights, not counts).
  double min_impurity_decrease = 0.0;
  /// Grow best-first to at most this many leaves (>= 2); unset = depth-first, unlimited.
  std::optional<std::size_t> max_leaf_nodes{};
  MaxFeatures max_features{};
  /// How ties between features are broken. `random` (the default, as scikit-learn) makes the
  /// tree independent of the column order; `column` makes it independent of the seed.
  FeatureOrder feature_order = FeatureOrder::random;
  /// Class weights (classification): empty = all 1; `balanced_class_weight` overrides them with
  /// n_samples / (n_classes * count_c).
  std::vector<double> class_weight{};
  bool balanced_class_weight = false;
};

/// Checks ranges (InvalidArgument on an impossible value, e.g. min_samples_split < 2).
void check_params(const TreeParams& params);

/// Grows a tree on `data` (numeric, no missing values; classification labels in
/// [0, n_classes)). `sample_weight` is empty (all 1) or has one non-negative weight per row.
/// Draws from `rng` at every node with feature_order = random or max_features below the
/// number of features; otherwise the tree does not depend on `rng`.
/// Feature and class names are copied from the schema.
[[nodiscard]] Tree build_tree(const Dataset& data, const TreeParams& params, Rng& rng,
                              std::span<const double> sample_weight = {});

}  // namespace prunekit
