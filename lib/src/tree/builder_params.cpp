// TreeParams: resolving the settings that depend on the data's size, and checking the values
// (the builder itself is builder.cpp).
#include <algorithm>
#include <cmath>
#include <string>

#include "prunekit/core/error.hpp"
#include "prunekit/tree/builder.hpp"

namespace prunekit {

std::size_t MaxFeatures::resolve(std::size_t n_features) const {
  double k = static_cast<double>(n_features);
  switch (kind) {
    case Kind::all:
      break;
    case Kind::count:
      k = amount;
      break;
    case Kind::fraction:
      k = std::floor(amount * static_cast<double>(n_features));
      break;
    case Kind::sqrt:
      k = std::floor(std::sqrt(static_cast<double>(n_features)));
      break;
    case Kind::log2:
      k = std::floor(std::log2(static_cast<double>(n_features)));
      break;
  }
  const auto n = static_cast<std::size_t>(std::max(1.0, k));
  return std::min(n, std::max<std::size_t>(n_features, 1));
}

std::size_t SampleCount::resolve(std::size_t n_rows) const {
  if (!is_fraction) return static_cast<std::size_t>(amount);
  return static_cast<std::size_t>(std::ceil(amount * static_cast<double>(n_rows)));
}

void check_params(const TreeParams& p) {
  auto fail = [](const std::string& what) { throw InvalidArgument("decision tree: " + what); };
  if (p.max_depth && *p.max_depth < 1) fail("max_depth must be >= 1");
  if (p.min_samples_split.is_fraction
          ? !(p.min_samples_split.amount > 0.0 && p.min_samples_split.amount <= 1.0)
          : p.min_samples_split.amount < 2.0)
    fail("min_samples_split must be an integer >= 2 or a fraction in (0, 1]");
  if (p.min_samples_leaf.is_fraction
          ? !(p.min_samples_leaf.amount > 0.0 && p.min_samples_leaf.amount < 1.0)
          : p.min_samples_leaf.amount < 1.0)
    fail("min_samples_leaf must be an integer >= 1 or a fraction in (0, 1)");
  if (!(p.min_weight_fraction_leaf >= 0.0 && p.min_weight_fraction_leaf <= 0.5))
    fail("min_weight_fraction_leaf must be in [0, 0.5]");
  if (!(p.min_impurity_decrease >= 0.0) || !std::isfinite(p.min_impurity_decrease))
    fail("min_impurity_decrease must be >= 0");
  if (p.max_leaf_nodes && *p.max_leaf_nodes < 2) fail("max_leaf_nodes must be >= 2");
  switch (p.max_features.kind) {
    case MaxFeatures::Kind::count:
      if (p.max_features.amount < 1.0) fail("max_features must be >= 1");
      break;
    case MaxFeatures::Kind::fraction:
      if (!(p.max_features.amount > 0.0 && p.max_features.amount <= 1.0))
        fail("max_features as a fraction must be in (0, 1]");
      break;
    default:
      break;
  }
  for (double w : p.class_weight)
    if (!(w >= 0.0) || !std::isfinite(w)) fail("class weights must be finite and >= 0");
}

}  // namespace prunekit
