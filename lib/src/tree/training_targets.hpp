#pragma once
// What the tree builder reads of each training row besides its features: the class (or the
// target, read in place from the dataset) and the row's weight.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "prunekit/data/dataset.hpp"
#include "prunekit/tree/builder.hpp"

namespace prunekit::tree_detail {

struct TrainingTargets {
  std::vector<std::uint32_t> labels;  ///< classification: each row's class; else empty
  std::vector<double> weights;        ///< each row's weight when `weighted`; else empty
  double total_weight = 0.0;          ///< the sum of the weights (the row count if unweighted)
  bool weighted = false;              ///< sample or class weights were given
};

/// Checks the labels (n_classes > 0) or the targets (n_classes == 0) of `data`, and combines
/// `sample_weight` (empty, or one per row) with params' class weights (scikit-learn's rules,
/// "balanced" included). Throws InvalidArgument naming the first problem.
[[nodiscard]] TrainingTargets training_targets(const Dataset& data, const TreeParams& params,
                                               std::size_t n_classes,
                                               std::span<const double> sample_weight);

}  // namespace prunekit::tree_detail
