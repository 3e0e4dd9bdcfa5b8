#include "prunekit/model/metrics.hpp"

#include <cmath>

#include "prunekit/core/error.hpp"

namespace prunekit {
namespace {

void check_sizes(const Dataset& data, const std::vector<double>& predicted) {
  if (predicted.size() != data.rows)
    throw InvalidArgument(std::to_string(predicted.size()) + " predictions for " +
                          std::to_string(data.rows) + " rows");
}

}  // namespace

double accuracy(const Dataset& data, const std::vector<double>& predicted) {
  check_sizes(data, predicted);
  if (data.rows == 0) return 0.0;
  std::size_t correct = 0;
  for (std::size_t i = 0; i < data.rows; ++i)
    correct += static_cast<double>(data.labels[i]) == predicted[i] ? 1 : 0;
  return static_cast<double>(correct) / static_cast<double>(data.rows);
}

double r2_score(const Dataset& data, const std::vector<double>& predicted) {
  check_sizes(data, predicted);
  if (data.rows == 0) return 0.0;
  double mean = 0.0;
  for (double t : data.targets) mean += t;
  mean /= static_cast<double>(data.rows);
  double ss_res = 0.0;
  double ss_tot = 0.0;
  for (std::size_t i = 0; i < data.rows; ++i) {
    ss_res += (data.targets[i] - predicted[i]) * (data.targets[i] - predicted[i]);
    ss_tot += (data.targets[i] - mean) * (data.targets[i] - mean);
  }
  return ss_tot > 0.0 ? 1.0 - ss_res / ss_tot : 0.0;
}

double rmse(const Dataset& data, const std::vector<double>& predicted) {
  check_sizes(data, predicted);
  if (data.rows == 0) return 0.0;
  double ss = 0.0;
  for (std::size_t i = 0; i < data.rows; ++i)
    ss += (data.targets[i] - predicted[i]) * (data.targets[i] - predicted[i]);
  return std::sqrt(ss / static_cast<double>(data.rows));
}

std::vector<std::vector<std::size_t>> confusion_matrix(const Dataset& data,
                                                       const std::vector<double>& predicted) {
  check_sizes(data, predicted);
  const std::size_t k = data.n_classes();
  std::vector<std::vector<std::size_t>> counts(k, std::vector<std::size_t>(k, 0));
  for (std::size_t i = 0; i < data.rows; ++i) {
    const auto p = static_cast<std::size_t>(predicted[i]);
    if (p < k) ++counts[static_cast<std::size_t>(data.labels[i])][p];
  }
  return counts;
}

double score(const Dataset& data, const std::vector<double>& predicted) {
  return data.is_classification() ? accuracy(data, predicted) : r2_score(data, predicted);
}

}  // namespace prunekit
