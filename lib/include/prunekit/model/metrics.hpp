#pragma once
/// Scores of predictions against a dataset's targets.

#include <cstddef>
#include <vector>

#include "prunekit/data/dataset.hpp"

namespace prunekit {

/// Fraction of rows whose predicted class id equals the label.
[[nodiscard]] double accuracy(const Dataset& data, const std::vector<double>& predicted);
/// Coefficient of determination 1 - SS_res / SS_tot (0 when the targets are constant).
[[nodiscard]] double r2_score(const Dataset& data, const std::vector<double>& predicted);
/// Root mean squared error.
[[nodiscard]] double rmse(const Dataset& data, const std::vector<double>& predicted);
/// counts[true][predicted], n_classes x n_classes.
[[nodiscard]] std::vector<std::vector<std::size_t>> confusion_matrix(
    const Dataset& data, const std::vector<double>& predicted);
/// The task's main score: accuracy for classification, R2 for regression.
[[nodiscard]] double score(const Dataset& data, const std::vector<double>& predicted);

}  // namespace prunekit
