#pragma once
/// The dataset every model, protocol and pruner consumes.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "prunekit/core/enum_names.hpp"

namespace prunekit {

enum class Task { classification, regression };
constexpr EnumNames<Task, 2> enum_names(Task) {
  return {{{Task::classification, "classification"}, {Task::regression, "regression"}}};
}

/// One feature column. A categorical feature stores level indices (0, 1, ...) as floats until
/// it is encoded (see preprocess.hpp); `levels` names them.
struct FeatureInfo {
  std::string name;
  bool categorical = false;
  std::vector<std::string> levels;
};

/// What the columns mean.
struct Schema {
  std::vector<FeatureInfo> features;
  std::string target_name = "label";
  Task task = Task::classification;
  /// Class names, indexed by class id; empty for regression.
  std::vector<std::string> class_names;
  /// For images: the shape of a row's features, channels x height x width (the features in
  /// that order, PyTorch's); empty for tabular data. Convolutional networks read it.
  std::vector<std::size_t> item_shape;
};

/// Where the data came from (the JSON sidecar's fields for bundled data).
struct Provenance {
  std::string name;
  std::string path;
  std::string source;
  std::string origin;
  std::string license;
};

/// A dense dataset: features are float32, stored column-major (feature j's values are
/// contiguous), so that a tree scans one feature at a time and Eigen maps the matrix without a
/// copy. A missing value is NaN. Classification targets are class ids in [0, n_classes);
/// regression targets are doubles.
struct Dataset {
  Schema schema;
  Provenance provenance;
  std::size_t rows = 0;
  /// rows x n_features values, column-major: value(i, j) = features[j * rows + i].
  std::vector<float> features;
  /// Class id per row (classification only).
  std::vector<std::int32_t> labels;
  /// Target per row (regression only).
  std::vector<double> targets;
  /// The last rows that form the dataset's published test set (fashion_mnist's t10k images),
  /// which the "published_split" protocol tests on; 0: none. Row subsets drop it.
  std::size_t published_test_rows = 0;

  [[nodiscard]] std::size_t n_rows() const noexcept { return rows; }
  [[nodiscard]] std::size_t n_features() const noexcept { return schema.features.size(); }
  [[nodiscard]] std::size_t n_classes() const noexcept { return schema.class_names.size(); }
  [[nodiscard]] bool is_classification() const noexcept {
    return schema.task == Task::classification;
  }

  [[nodiscard]] float value(std::size_t row, std::size_t feature) const noexcept {
    return features[feature * rows + row];
  }
  /// Feature j's column (valid until `features` is resized).
  [[nodiscard]] std::span<const float> column(std::size_t feature) const noexcept {
    return {features.data() + feature * rows, rows};
  }
  [[nodiscard]] std::span<float> column(std::size_t feature) noexcept {
    return {features.data() + feature * rows, rows};
  }
  /// The feature matrix as an Eigen view (rows x n_features), no copy.
  [[nodiscard]] Eigen::Map<const Eigen::MatrixXf> matrix() const noexcept {
    return {features.data(), static_cast<Eigen::Index>(rows),
            static_cast<Eigen::Index>(n_features())};
  }

  /// Number of NaN values in feature j.
  [[nodiscard]] std::size_t missing_in(std::size_t feature) const noexcept;
  /// Number of NaN values in the whole matrix.
  [[nodiscard]] std::size_t missing_total() const noexcept;
  /// Rows per class (classification only).
  [[nodiscard]] std::vector<std::size_t> class_counts() const;

  /// The rows at `indices`, in that order, with the same schema.
  [[nodiscard]] Dataset subset(std::span<const std::size_t> indices) const;

  /// Checks the invariants (sizes agree, labels in range); throws InvalidArgument otherwise.
  void check() const;
};

inline constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

}  // namespace prunekit
