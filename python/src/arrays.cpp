#include "arrays.hpp"

#include <algorithm>
#include <cmath>

#include "errors.hpp"

namespace prunekit::python {

namespace {

py::module_ numpy() { return py::module_::import("numpy"); }

std::string dtype_name(const py::array& a) { return py::str(a.dtype()).cast<std::string>(); }

py::array as_array(py::handle value, const char* name) {
  if (value.is_none()) throw py::value_error(std::string(name) + " is None; expected an array");
  const std::string module = py::str(py::type::handle_of(value).attr("__module__"));
  if (module.rfind("scipy.sparse", 0) == 0)
    throw py::type_error(std::string(name) +
                         " is a sparse matrix: sparse input is not supported; "
                         "pass " +
                         name + ".toarray()");
  return numpy().attr("asarray")(value);
}

/// X as float64 or float32 values: integers, booleans, other float widths and object arrays of
/// numbers are converted (as scikit-learn converts them; an object that is not a number raises
/// numpy's TypeError or ValueError); complex and text data are refused.
py::array real_features(const py::array& X) {
  const char kind = X.dtype().kind();
  const auto width = X.dtype().itemsize();
  if (kind == 'f' && (width == 4 || width == 8)) return X;
  if (kind == 'c')
    throw py::value_error("Complex data not supported: X has dtype " + dtype_name(X));
  if (kind == 'f' || kind == 'i' || kind == 'u' || kind == 'b' || kind == 'O')
    return numpy().attr("asarray")(X, "float64");
  throw py::value_error(
      "X must be numeric (float64 or float32, or convertible to them), got "
      "dtype " +
      dtype_name(X) + "; encode text features as numbers first");
}

void check_shape(const py::array& X) {
  if (X.ndim() != 2)
    throw py::value_error("X must be a 2-D array (rows x features), got " +
                          std::to_string(X.ndim()) +
                          " dimension(s). Reshape your data either using X.reshape(-1, 1) if it "
                          "has a single feature or X.reshape(1, -1) if it is a single row");
  const std::string shape =
      "(shape=(" + std::to_string(X.shape(0)) + ", " + std::to_string(X.shape(1)) + "))";
  // scikit-learn's wording, which its estimator checks look for.
  if (X.shape(0) == 0)
    throw py::value_error("X has 0 sample(s) " + shape + " while a minimum of 1 is required.");
  if (X.shape(1) == 0)
    throw py::value_error("X has 0 feature(s) " + shape + " while a minimum of 1 is required.");
  const bool c = (X.flags() & py::array::c_style) != 0;
  const bool f = (X.flags() & py::array::f_style) != 0;
  if (!c && !f)
    throw py::value_error(
        "X must be contiguous (C or Fortran order); pass numpy.ascontiguousarray(X)");
}

/// Copies X into the dataset's column-major float32 features; T is double or float.
template <class T>
void copy_features(const py::array& X, Dataset& data) {
  const auto view = X.unchecked<T, 2>();
  const std::size_t rows = data.rows;
  for (std::size_t j = 0; j < data.n_features(); ++j) {
    float* column = data.features.data() + j * rows;
    for (std::size_t i = 0; i < rows; ++i) {
      const float v =
          static_cast<float>(view(static_cast<py::ssize_t>(i), static_cast<py::ssize_t>(j)));
      if (!std::isfinite(v))
        throw py::value_error("X has a NaN, an infinity or a value too large for float32 at row " +
                              std::to_string(i) + ", column " + std::to_string(j) +
                              "; impute or drop it first");
      column[i] = v;
    }
  }
}

}  // namespace

Dataset features_from_numpy(py::handle X_in, std::size_t n_features) {
  const py::array X = real_features(as_array(X_in, "X"));
  const bool f64 = py::isinstance<py::array_t<double>>(X);
  check_shape(X);
  const auto cols = static_cast<std::size_t>(X.shape(1));
  if (n_features > 0 && cols != n_features)
    throw py::value_error("X has " + std::to_string(cols) +
                          " features, but the model was fitted on " + std::to_string(n_features));
  Dataset data;
  data.rows = static_cast<std::size_t>(X.shape(0));
  data.schema.features.resize(cols);
  for (std::size_t j = 0; j < cols; ++j) data.schema.features[j].name = "x" + std::to_string(j);
  data.features.resize(data.rows * cols);
  if (f64)
    copy_features<double>(X, data);
  else
    copy_features<float>(X, data);
  return data;
}

py::array target_array(py::handle y_in, std::size_t rows) {
  py::array y = as_array(y_in, "y");
  if (y.ndim() == 2 && y.shape(1) == 1) {
    warn_data_conversion(
        "A column-vector y was passed when a 1d array was expected; it was flattened as "
        "y.ravel() would");
    y = y.attr("ravel")();
  }
  if (y.ndim() != 1)
    throw py::value_error("y must be a 1-D array, got " + std::to_string(y.ndim()) +
                          " dimension(s); pass y.ravel() for a single column");
  if (static_cast<std::size_t>(y.shape(0)) != rows)
    throw py::value_error("y has " + std::to_string(y.shape(0)) + " entries, but X has " +
                          std::to_string(rows) + " rows");
  const char kind = y.dtype().kind();
  if ((kind == 'f' || kind == 'c') && !numpy().attr("isfinite")(y).attr("all")().cast<bool>())
    throw py::value_error("y contains NaN or infinity");
  return y;
}

std::vector<double> row_weights(py::handle sample_weight, std::size_t rows) {
  if (sample_weight.is_none()) return {};
  const py::array_t<double> w = numpy().attr("asarray")(sample_weight, "float64");
  if (w.ndim() != 1 || static_cast<std::size_t>(w.shape(0)) != rows)
    throw py::value_error("sample_weight must be a 1-D array of one weight per row (" +
                          std::to_string(rows) + "), got shape " +
                          py::str(w.attr("shape")).cast<std::string>());
  const auto view = w.unchecked<1>();
  std::vector<double> out(rows);
  double total = 0.0;
  for (std::size_t i = 0; i < rows; ++i) {
    const double v = view(static_cast<py::ssize_t>(i));
    if (!std::isfinite(v) || v < 0.0)
      throw py::value_error("sample_weight must be finite and >= 0, got " + std::to_string(v) +
                            " at row " + std::to_string(i));
    out[i] = v;
    total += v;
  }
  if (total <= 0.0) throw py::value_error("sample_weight sums to 0: no row would count");
  return out;
}

EncodedClasses encode_classes(const py::array& y) {
  const py::module_ np = numpy();
  if (y.dtype().kind() == 'f' && !np.attr("array_equal")(y, np.attr("floor")(y)).cast<bool>())
    throw py::value_error(
        "Unknown label type: y holds continuous values; a classifier needs class labels "
        "(a regressor predicts numbers)");
  const py::tuple unique = np.attr("unique")(y, py::arg("return_inverse") = true);
  const py::array_t<std::int64_t> inverse = np.attr("asarray")(unique[1], "int64");
  EncodedClasses out{unique[0].cast<py::array>(), {}};
  out.ids.resize(static_cast<std::size_t>(inverse.size()));
  const auto view = inverse.unchecked<1>();
  for (py::ssize_t i = 0; i < view.shape(0); ++i)
    out.ids[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(view(i));
  return out;
}

std::vector<std::int32_t> class_ids(const py::array& y, const py::array& classes) {
  const py::module_ np = numpy();
  // classes in any order (a network's outputs keep the order they were given in): the
  // position in sorted order, then the class at that position.
  const py::array_t<std::int64_t> order = np.attr("asarray")(np.attr("argsort")(classes), "int64");
  const py::array_t<std::int64_t> at =
      np.attr("asarray")(np.attr("searchsorted")(classes, y, py::arg("sorter") = order), "int64");
  const auto view = at.unchecked<1>();
  const auto sorted = order.unchecked<1>();
  const auto n_classes = static_cast<std::int64_t>(classes.size());
  std::vector<std::int32_t> ids(static_cast<std::size_t>(view.shape(0)));
  for (py::ssize_t i = 0; i < view.shape(0); ++i) {
    const std::int64_t k = view(i) < n_classes ? sorted(view(i)) : n_classes;
    if (k >= n_classes || !classes[py::int_(k)].equal(y[py::int_(i)]))
      throw py::value_error("y has the label " + py::repr(y[py::int_(i)]).cast<std::string>() +
                            " (row " + std::to_string(i) +
                            "), which is not among the model's classes_ " +
                            py::repr(classes).cast<std::string>());
    ids[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(k);
  }
  return ids;
}

std::vector<double> regression_targets(const py::array& y) {
  const char kind = y.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u' && kind != 'b' && kind != 'O')
    throw py::value_error("y must be numeric for a regressor, got dtype " + dtype_name(y));
  // An object array of numbers converts; one holding text raises numpy's ValueError.
  const py::array_t<double> values = numpy().attr("asarray")(y, "float64");
  const auto view = values.unchecked<1>();
  std::vector<double> out(static_cast<std::size_t>(view.shape(0)));
  for (py::ssize_t i = 0; i < view.shape(0); ++i) {
    if (!std::isfinite(view(i)))
      throw py::value_error("y has a NaN or infinity at row " + std::to_string(i));
    out[static_cast<std::size_t>(i)] = view(i);
  }
  return out;
}

std::vector<std::string> class_names(const py::array& classes) {
  std::vector<std::string> names;
  for (py::handle c : classes) names.push_back(py::str(c).cast<std::string>());
  return names;
}

py::array_t<double> to_numpy(std::span<const double> values) {
  py::array_t<double> out(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

py::array_t<double> to_numpy(std::span<const double> values, std::size_t rows, std::size_t cols) {
  py::array_t<double> out({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)});
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

}  // namespace prunekit::python
