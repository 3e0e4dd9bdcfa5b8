#include "prune/folds.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "prunekit/core/error.hpp"
#include "prunekit/core/rng.hpp"

namespace prunekit {

std::vector<FoldSplit> kfold_splits(const Dataset& data, std::size_t k, std::uint64_t seed) {
  if (k < 2 || k > data.rows)
    throw InvalidArgument("cannot make " + std::to_string(k) + " folds of " +
                          std::to_string(data.rows) + " rows");
  Rng rng(seed);
  std::vector<std::size_t> fold_of(data.rows, 0);
  // Deal the shuffled rows of each class round-robin, continuing where the last class ended,
  // so fold sizes differ by at most one and each class is spread evenly.
  std::vector<std::vector<std::size_t>> groups(data.is_classification() ? data.n_classes() : 1);
  for (std::size_t i = 0; i < data.rows; ++i)
    groups[data.is_classification() ? static_cast<std::size_t>(data.labels[i]) : 0].push_back(i);
  std::size_t next = 0;
  for (auto& group : groups) {
    rng.shuffle(std::span<std::size_t>(group));
    for (std::size_t row : group) fold_of[row] = next++ % k;
  }
  std::vector<FoldSplit> splits(k);
  for (std::size_t i = 0; i < data.rows; ++i)
    for (std::size_t f = 0; f < k; ++f) (f == fold_of[i] ? splits[f].test : splits[f].train).push_back(i);
  return splits;
}

}  // namespace prunekit

namespace prunekit {

FoldSplit holdout_split(const Dataset& data, double fraction, std::uint64_t seed) {
  if (!(fraction > 0.0 && fraction < 1.0))
    throw InvalidArgument("held-out fraction must be in (0, 1)");
  Rng rng(seed);
  std::vector<std::vector<std::size_t>> groups(data.is_classification() ? data.n_classes() : 1);
  for (std::size_t i = 0; i < data.rows; ++i)
    groups[data.is_classification() ? static_cast<std::size_t>(data.labels[i]) : 0].push_back(i);
  FoldSplit split;
  for (auto& group : groups) {
    rng.shuffle(std::span<std::size_t>(group));
    const auto held = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(group.size())));
    for (std::size_t k = 0; k < group.size(); ++k) (k < held ? split.test : split.train).push_back(group[k]);
  }
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.test.begin(), split.test.end());
  if (split.train.empty() || split.test.empty())
    throw InvalidArgument("held-out fraction " + std::to_string(fraction) + " of " +
                          std::to_string(data.rows) + " rows leaves one side empty");
  return split;
}

}  // namespace prunekit
