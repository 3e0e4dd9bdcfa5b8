#pragma once
// Fold assignment for cross-validated selection: stratified for classification.

#include <cstdint>
#include <vector>

#include "prunekit/data/dataset.hpp"

namespace prunekit {

struct FoldSplit {
  std::vector<std::size_t> train;
  std::vector<std::size_t> test;
};

/// k stratified (classification) or plain (regression) folds of `data`, shuffled by `seed`.
[[nodiscard]] std::vector<FoldSplit> kfold_splits(const Dataset& data, std::size_t k,
                                                  std::uint64_t seed);

}  // namespace prunekit

namespace prunekit {

/// A stratified (classification) or plain split holding out `fraction` of the rows.
[[nodiscard]] FoldSplit holdout_split(const Dataset& data, double fraction, std::uint64_t seed);

}  // namespace prunekit
