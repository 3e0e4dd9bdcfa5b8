#include "network_estimator.hpp"

#include <algorithm>
#include <cmath>

#include "prunekit/core/enum_names.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/nn/engine.hpp"

namespace prunekit::python {

namespace {

const MlpModel& as_mlp(const Model& model) {
  const auto* mlp = dynamic_cast<const MlpModel*>(&model);
  if (mlp == nullptr) throw InvalidArgument("not an mlp model: " + model.kind());
  return *mlp;
}

const CnnModel* as_cnn(const Model& model) { return dynamic_cast<const CnnModel*>(&model); }

/// A new float32 (or bool, for masks) numpy array with the shape and values of `m`.
template <class Matrix>
py::array float_array(const Matrix& m, bool as_mask, bool one_dimensional) {
  std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(m.rows())};
  if (!one_dimensional) shape.push_back(static_cast<py::ssize_t>(m.cols()));
  const auto n = static_cast<std::size_t>(m.size());
  if (as_mask) {
    py::array_t<bool> out(shape);
    for (std::size_t k = 0; k < n; ++k) out.mutable_data()[k] = m.data()[k] != 0.0f;
    return out;
  }
  py::array_t<float> out(shape);
  std::copy(m.data(), m.data() + n, out.mutable_data());
  return out;
}

}  // namespace

const MlpModel& MlpEstimator::model(const std::string& what) const {
  return as_mlp(fitted_model(what));
}

void NetworkEstimator::fit_rows(Model& model, const Dataset& data, std::span<const double> weights,
                                Rng& rng) const {
  if (data.n_classes() < 2)
    throw py::value_error(
        "y has one class only; a network classifier needs at least two (one output each)");
  Estimator::fit_rows(model, data, weights, rng);
}

std::size_t NetworkEstimator::model_features(const Model& model) const {
  if (const CnnModel* cnn = as_cnn(model)) return static_cast<std::size_t>(cnn->network().inputs());
  return static_cast<std::size_t>(as_mlp(model).network().inputs());
}

std::size_t NetworkEstimator::model_classes(const Model& model) const {
  if (const CnnModel* cnn = as_cnn(model))
    return static_cast<std::size_t>(cnn->network().outputs());
  return static_cast<std::size_t>(as_mlp(model).network().outputs());
}

std::vector<double> NetworkEstimator::probabilities(const Model& model, const Dataset& data) const {
  const CnnModel* cnn = as_cnn(model);
  const MlpModel* mlp = cnn == nullptr ? &as_mlp(model) : nullptr;
  py::gil_scoped_release release;
  const Eigen::MatrixXf logits =
      cnn != nullptr ? cnn->outputs(data) : mlp->outputs(data, choose_engine(mlp->network(), 256));
  const auto rows = static_cast<std::size_t>(logits.rows());
  const auto cols = static_cast<std::size_t>(logits.cols());
  std::vector<double> p(rows * cols);
  for (std::size_t i = 0; i < rows; ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    const double top = static_cast<double>(logits.row(r).maxCoeff());
    double total = 0.0;
    for (std::size_t k = 0; k < cols; ++k) {
      p[i * cols + k] =
          std::exp(static_cast<double>(logits(r, static_cast<Eigen::Index>(k))) - top);
      total += p[i * cols + k];
    }
    for (std::size_t k = 0; k < cols; ++k) p[i * cols + k] /= total;
  }
  return p;
}

py::list MlpEstimator::layers() const {
  py::list out;
  for (const DenseLayer& layer : model("layers_").network().layers()) {
    py::dict d;
    d["weight"] = float_array(layer.weight, false, false);
    d["bias"] = float_array(layer.bias, false, true);
    d["weight_mask"] = float_array(layer.weight_mask, true, false);
    d["bias_mask"] = float_array(layer.bias_mask, true, true);
    d["activation"] = to_string(layer.activation);
    out.append(d);
  }
  return out;
}

}  // namespace prunekit::python
