#include "tree/training_targets.hpp"

#include <cmath>
#include <string>

#include "prunekit/core/error.hpp"

namespace prunekit::tree_detail {
namespace {

/// Each row's class, checked against n_classes; `counts` gets the rows per class.
std::vector<std::uint32_t> read_labels(const Dataset& data, std::size_t n_classes,
                                       std::vector<double>& counts) {
  const std::size_t n = data.rows;
  if (data.labels.size() != n) throw InvalidArgument("decision tree: labels size != rows");
  std::vector<std::uint32_t> labels(n);
  counts.assign(n_classes, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto y = data.labels[i];
    if (y < 0 || static_cast<std::size_t>(y) >= n_classes)
      throw InvalidArgument("decision tree: label out of range at row " + std::to_string(i));
    labels[i] = static_cast<std::uint32_t>(y);
    counts[static_cast<std::size_t>(y)] += 1.0;
  }
  return labels;
}

/// The weight of each class (empty: none given), from params and the rows per class.
std::vector<double> class_weights(const TreeParams& params, const std::vector<double>& counts,
                                  std::size_t n_rows) {
  const std::size_t n_classes = counts.size();
  std::vector<double> class_weight;
  if (params.balanced_class_weight) {
    std::size_t present = 0;
    for (double c : counts) present += c > 0.0;
    class_weight.assign(n_classes, 1.0);
    // scikit-learn: n_samples / (n_classes * bincount(y)), over the classes present.
    for (std::size_t c = 0; c < n_classes; ++c)
      if (counts[c] > 0.0)
        class_weight[c] = static_cast<double>(n_rows) / (static_cast<double>(present) * counts[c]);
  } else if (!params.class_weight.empty()) {
    if (params.class_weight.size() != n_classes)
      throw InvalidArgument("decision tree: " + std::to_string(params.class_weight.size()) +
                            " class weights for " + std::to_string(n_classes) + " classes");
    class_weight = params.class_weight;
  }
  return class_weight;
}

void check_targets(const Dataset& data) {
  if (data.targets.size() != data.rows)
    throw InvalidArgument("decision tree: targets size != rows");
  for (std::size_t i = 0; i < data.rows; ++i)
    if (!std::isfinite(data.targets[i]))
      throw InvalidArgument("decision tree: non-finite target at row " + std::to_string(i));
}

/// Sample weight times class weight, per row, and their total (which must be positive).
void weigh_rows(std::span<const double> sample_weight, const std::vector<double>& class_weight,
                std::size_t n_rows, TrainingTargets& out) {
  out.weights.assign(n_rows, 1.0);
  for (std::size_t i = 0; i < n_rows; ++i) {
    double w = sample_weight.empty() ? 1.0 : sample_weight[i];
    if (!(w >= 0.0) || !std::isfinite(w))
      throw InvalidArgument("decision tree: sample weights must be finite and >= 0");
    if (!class_weight.empty()) w *= class_weight[out.labels[i]];
    out.weights[i] = w;
  }
  out.total_weight = 0.0;
  for (double w : out.weights) out.total_weight += w;
  if (!(out.total_weight > 0.0)) throw InvalidArgument("decision tree: total sample weight is 0");
}

}  // namespace

TrainingTargets training_targets(const Dataset& data, const TreeParams& params,
                                 std::size_t n_classes, std::span<const double> sample_weight) {
  const std::size_t n = data.rows;
  if (!sample_weight.empty() && sample_weight.size() != n)
    throw InvalidArgument("decision tree: sample_weight has " +
                          std::to_string(sample_weight.size()) + " entries for " +
                          std::to_string(n) + " rows");
  TrainingTargets out;
  std::vector<double> class_weight;
  if (n_classes > 0) {
    std::vector<double> counts;
    out.labels = read_labels(data, n_classes, counts);
    class_weight = class_weights(params, counts, n);
  } else {
    check_targets(data);
  }
  out.weighted = !sample_weight.empty() || !class_weight.empty();
  if (out.weighted)
    weigh_rows(sample_weight, class_weight, n, out);
  else
    out.total_weight = static_cast<double>(n);
  return out;
}

}  // namespace prunekit::tree_detail
