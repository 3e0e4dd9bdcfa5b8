#pragma once
// Small datasets for the tree tests.

#include <cstddef>
#include <string>
#include <vector>

#include "prunekit/core/rng.hpp"
#include "prunekit/data/dataset.hpp"

namespace prunekit::tree_testing {

/// One feature x, classification labels y (classes "c0", "c1", ...).
inline Dataset classification_1d(const std::vector<float>& x, const std::vector<int>& y,
                                 std::size_t n_classes = 2) {
  Dataset d;
  d.rows = x.size();
  d.schema.features = {{"x", false, {}}};
  for (std::size_t c = 0; c < n_classes; ++c)
    d.schema.class_names.push_back("c" + std::to_string(c));
  d.features = x;
  for (int v : y) d.labels.push_back(v);
  return d;
}

inline Dataset regression_1d(const std::vector<float>& x, const std::vector<double>& y) {
  Dataset d;
  d.rows = x.size();
  d.schema.task = Task::regression;
  d.schema.target_name = "y";
  d.schema.features = {{"x", false, {}}};
  d.features = x;
  d.targets = y;
  return d;
}

/// n rows, `features` continuous features (distinct values with probability 1), labels from
/// a noisy rule over the first features; 3 classes when `n_classes` is 3.
inline Dataset random_classification(std::size_t n, std::size_t features, std::uint64_t seed,
                                     std::size_t n_classes = 2) {
  Dataset d;
  d.rows = n;
  for (std::size_t f = 0; f < features; ++f)
    d.schema.features.push_back({"f" + std::to_string(f), false, {}});
  for (std::size_t c = 0; c < n_classes; ++c)
    d.schema.class_names.push_back("k" + std::to_string(c));
  Rng rng(seed);
  d.features.resize(n * features);
  for (auto& v : d.features) v = static_cast<float>(rng.normal());
  d.labels.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    double s = d.value(i, 0) + 0.7 * d.value(i, 1) * (features > 2 ? d.value(i, 2) : 1.0) +
               0.8 * rng.normal();
    int label = s > 0.0 ? 1 : 0;
    if (n_classes == 3 && s > 1.0) label = 2;
    d.labels[i] = label;
  }
  return d;
}

inline Dataset random_regression(std::size_t n, std::size_t features, std::uint64_t seed) {
  Dataset d = random_classification(n, features, seed);
  d.schema.task = Task::regression;
  d.schema.class_names.clear();
  d.labels.clear();
  Rng rng(seed + 1);
  d.targets.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    d.targets[i] = 3.0 * d.value(i, 0) - d.value(i, 1) * d.value(i, 1) + 0.3 * rng.normal();
  return d;
}

}  // namespace prunekit::tree_testing
