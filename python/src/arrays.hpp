#pragma once
/// numpy arrays in and out. Inputs are checked before anything runs (a ValueError naming the
/// argument: dimensions, dtype, contiguity, length, NaN or infinity), so that a bad array never
/// reaches the library. Features become a prunekit::Dataset (float32, column-major), as
/// scikit-learn's trees convert X to float32.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "prunekit/data/dataset.hpp"

namespace prunekit::python {

namespace py = pybind11;

/// A Dataset holding X's features (named x0, x1, ...), without targets. X: a 2-D float64 or
/// float32 array (anything numpy.asarray turns into one), C- or Fortran-contiguous, at least one
/// row and one column, finite (within float32's range). `n_features` > 0 requires that many
/// columns (the fitted model's).
[[nodiscard]] Dataset features_from_numpy(py::handle X, std::size_t n_features = 0);

/// y as a 1-D array of `rows` entries (ValueError otherwise; NaN in a float y too).
[[nodiscard]] py::array target_array(py::handle y, std::size_t rows);

/// Row weights (sample_weight): empty for None, else `rows` finite non-negative numbers that do
/// not all vanish (ValueError otherwise).
[[nodiscard]] std::vector<double> row_weights(py::handle sample_weight, std::size_t rows);

/// Classification targets: the sorted distinct labels (numpy.unique, as scikit-learn's
/// classes_) and each row's class id.
struct EncodedClasses {
  py::array classes;
  std::vector<std::int32_t> ids;
};
[[nodiscard]] EncodedClasses encode_classes(const py::array& y);

/// The class id of each label of y in `classes` (distinct, in any order); a label not in it is
/// a ValueError.
[[nodiscard]] std::vector<std::int32_t> class_ids(const py::array& y, const py::array& classes);

/// Regression targets as doubles (numeric, finite).
[[nodiscard]] std::vector<double> regression_targets(const py::array& y);

/// The class names a Dataset carries for `classes` (str() of each label).
[[nodiscard]] std::vector<std::string> class_names(const py::array& classes);

/// A new 1-D or 2-D (rows x cols, row-major) float64 array with a copy of `values`.
[[nodiscard]] py::array_t<double> to_numpy(std::span<const double> values);
[[nodiscard]] py::array_t<double> to_numpy(std::span<const double> values, std::size_t rows,
                                           std::size_t cols);

}  // namespace prunekit::python
