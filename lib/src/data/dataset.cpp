#include "prunekit/data/dataset.hpp"

#include <cmath>

#include "prunekit/core/error.hpp"

namespace prunekit {

std::size_t Dataset::missing_in(std::size_t feature) const noexcept {
  std::size_t count = 0;
  for (float v : column(feature)) count += std::isnan(v) ? 1 : 0;
  return count;
}

std::size_t Dataset::missing_total() const noexcept {
  std::size_t count = 0;
  for (float v : features) count += std::isnan(v) ? 1 : 0;
  return count;
}

std::vector<std::size_t> Dataset::class_counts() const {
  std::vector<std::size_t> counts(n_classes(), 0);
  for (std::int32_t label : labels) ++counts[static_cast<std::size_t>(label)];
  return counts;
}

Dataset Dataset::subset(std::span<const std::size_t> indices) const {
  Dataset out;
  out.schema = schema;
  out.provenance = provenance;
  out.rows = indices.size();
  const std::size_t d = n_features();
  out.features.resize(out.rows * d);
  for (std::size_t j = 0; j < d; ++j) {
    const float* src = features.data() + j * rows;
    float* dst = out.features.data() + j * out.rows;
    for (std::size_t i = 0; i < indices.size(); ++i) dst[i] = src[indices[i]];
  }
  if (!labels.empty()) {
    out.labels.resize(out.rows);
    for (std::size_t i = 0; i < indices.size(); ++i) out.labels[i] = labels[indices[i]];
  }
  if (!targets.empty()) {
    out.targets.resize(out.rows);
    for (std::size_t i = 0; i < indices.size(); ++i) out.targets[i] = targets[indices[i]];
  }
  return out;
}

void Dataset::check() const {
  if (features.size() != rows * n_features())
    throw InvalidArgument("dataset '" + provenance.name + "': feature matrix has " +
                          std::to_string(features.size()) + " values, expected " +
                          std::to_string(rows * n_features()));
  if (is_classification()) {
    if (labels.size() != rows)
      throw InvalidArgument("dataset '" + provenance.name + "': " + std::to_string(labels.size()) +
                            " labels for " + std::to_string(rows) + " rows");
    for (std::int32_t label : labels)
      if (label < 0 || static_cast<std::size_t>(label) >= n_classes())
        throw InvalidArgument("dataset '" + provenance.name + "': label " + std::to_string(label) +
                              " outside [0, " + std::to_string(n_classes()) + ")");
  } else if (targets.size() != rows) {
    throw InvalidArgument("dataset '" + provenance.name + "': " + std::to_string(targets.size()) +
                          " targets for " + std::to_string(rows) + " rows");
  }
}

}  // namespace prunekit
