#include "estimator.hpp"

#include <utility>

#include "arrays.hpp"
#include "errors.hpp"
#include "json_convert.hpp"
#include "prunekit/core/enum_names.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/model/registry.hpp"

namespace prunekit::python {

namespace {

std::uint64_t seed_of(const py::dict& params) {
  if (!params.contains(kRandomState)) return 0;
  const py::object value = params[kRandomState];
  if (py::isinstance<py::bool_>(value) || !py::isinstance<py::int_>(value) ||
      value.cast<py::int_>() < py::int_(0))
    throw py::value_error(
        "random_state must be an int >= 0 (the seed of the model's random "
        "draws), got " +
        py::repr(value).cast<std::string>());
  return value.cast<std::uint64_t>();
}

nlohmann::json without_seed(const py::dict& params) {
  nlohmann::json json = dict_to_json(params);
  json.erase(kRandomState);
  return json;
}

/// scikit-learn's r2_score, weighted: 1 - SSE / SST around the weighted mean (for a constant y:
/// 1 for a perfect fit, 0 otherwise).
double r2_score(const std::vector<double>& truth, const py::array_t<double>& fitted,
                const std::vector<double>& weights) {
  const auto values = fitted.unchecked<1>();
  double mean = 0.0, total_weight = 0.0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    mean += weights[i] * truth[i];
    total_weight += weights[i];
  }
  mean /= total_weight;
  double residual = 0.0, total = 0.0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const double e = truth[i] - values(static_cast<py::ssize_t>(i));
    residual += weights[i] * e * e;
    total += weights[i] * (truth[i] - mean) * (truth[i] - mean);
  }
  if (total == 0.0) return residual == 0.0 ? 1.0 : 0.0;
  return 1.0 - residual / total;
}

/// Puts y into `data` as `task` wants it: regression targets, or the ids of its labels among
/// `known` classes (a label outside them is a ValueError), or, with `known` None, among y's own
/// sorted labels. Returns the classes used (None for a regressor).
py::object set_targets(Dataset& data, py::handle y_in, Task task, const py::object& known) {
  const py::array y = target_array(y_in, data.rows);
  data.schema.task = task;
  if (task == Task::regression) {
    data.targets = regression_targets(y);
    return py::none();
  }
  if (!known.is_none()) {
    data.labels = class_ids(y, known);
    data.schema.class_names = class_names(known);
    return known;
  }
  EncodedClasses encoded = encode_classes(y);
  data.labels = std::move(encoded.ids);
  data.schema.class_names = class_names(encoded.classes);
  return encoded.classes;
}

}  // namespace

Estimator::Estimator(std::string kind, Task task, py::dict params)
    : kind_(std::move(kind)), task_(task), params_(std::move(params)), classes_(py::none()) {
  check_params(params_);
  seed_ = seed_of(params_);
}

void Estimator::check_params(const py::dict& given) const {
  (void)seed_of(given);
  (void)make_model(kind_, without_seed(given));
}

std::unique_ptr<Model> Estimator::make() const { return make_model(kind_, model_params()); }

nlohmann::json Estimator::model_params() const { return without_seed(params_); }

py::dict Estimator::get_params() const {
  py::dict out = to_python(make()->params());
  out[kRandomState] = py::int_(0);
  // The values as given, not their JSON copies: sklearn.base.clone checks identity.
  for (const auto& [key, value] : params_) out[key] = value;
  return out;
}

void Estimator::set_params(const py::dict& updates) {
  py::dict next = params_.attr("copy")();
  for (const auto& [key, value] : updates) next[key] = value;
  check_params(next);
  params_ = next;
  seed_ = seed_of(params_);
}

std::string Estimator::repr(const std::string& class_name) const {
  std::string out = class_name + "(";
  bool first = true;
  for (const auto& [key, value] : params_) {
    if (!first) out += ", ";
    first = false;
    out += py::str(key).cast<std::string>() + "=" + py::repr(value).cast<std::string>();
  }
  return out + ")";
}

Dataset Estimator::features(py::handle X) const {
  return features_from_numpy(X, fitted() ? n_features() : 0);
}

Dataset Estimator::dataset(py::handle X, py::handle y_in) const {
  Dataset data = features(X);
  (void)set_targets(data, y_in, task_, fitted() ? classes_ : py::none());
  return data;
}

void Estimator::fit_rows(Model& model, const Dataset& data, std::span<const double> weights,
                         Rng& rng) const {
  if (!weights.empty())
    throw py::value_error("sample_weight is not supported by prunekit's " + kind_ + " model");
  py::gil_scoped_release release;
  model.fit(data, rng);
}

void Estimator::fit(py::handle X, py::handle y_in, py::handle sample_weight) {
  Dataset data = features_from_numpy(X);  // any number of columns: a new model
  const py::object classes = set_targets(data, y_in, task_, py::none());
  const std::vector<double> weights = row_weights(sample_weight, data.rows);
  std::unique_ptr<Model> model = make();
  Rng rng(seed_);
  fit_rows(*model, data, weights, rng);
  model_ = std::move(model);
  classes_ = classes;
}

const Model& Estimator::fitted_model(const std::string& what) const {
  if (!model_) throw_not_fitted("this estimator is not fitted yet: call fit(X, y) before " + what);
  return *model_;
}

py::object Estimator::classes() const {
  if (task_ != Task::classification) throw py::attribute_error("a regressor has no classes_");
  if (!model_) throw_not_fitted("classes_ is set by fit(X, y)");
  return classes_;
}

std::size_t Estimator::n_features() const { return model_features(fitted_model("n_features_in_")); }

py::object Estimator::size() const { return to_python(fitted_model("size_").size()); }

py::array Estimator::predict(py::handle X) const {
  const Model& model = fitted_model("predict");
  const Dataset data = features(X);
  std::vector<double> values;
  {
    py::gil_scoped_release release;
    values = model.predict(data);
  }
  if (task_ == Task::regression) return to_numpy(values);
  py::array_t<std::int64_t> ids(static_cast<py::ssize_t>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i)
    ids.mutable_data()[i] = static_cast<std::int64_t>(values[i]);
  return classes_.attr("take")(ids);
}

py::array Estimator::predict_proba(py::handle X) const {
  const Model& model = fitted_model("predict_proba");
  const Dataset data = features(X);
  const std::vector<double> p = probabilities(model, data);
  return to_numpy(p, data.rows, model_classes(model));
}

double Estimator::score(py::handle X, py::handle y_in, py::handle sample_weight) const {
  const py::module_ np = py::module_::import("numpy");
  const py::array predicted = predict(X);
  const auto rows = static_cast<std::size_t>(predicted.size());
  const py::array y = target_array(y_in, rows);
  std::vector<double> weights = row_weights(sample_weight, rows);
  if (weights.empty()) weights.assign(rows, 1.0);
  if (task_ == Task::classification) {
    // A named array: the view below must not outlive it.
    const py::array_t<double> matches =
        np.attr("asarray")(np.attr("equal")(predicted, y), "float64");
    const auto hits = matches.unchecked<1>();
    double right = 0.0, total = 0.0;
    for (std::size_t i = 0; i < rows; ++i) {
      right += weights[i] * hits(static_cast<py::ssize_t>(i));
      total += weights[i];
    }
    return right / total;
  }
  return r2_score(regression_targets(y), predicted.cast<py::array_t<double>>(), weights);
}

std::string Estimator::to_json() const { return fitted_model("to_json").to_json().dump(); }

std::unique_ptr<Estimator> Estimator::with_model(std::unique_ptr<Model> model) const {
  std::unique_ptr<Estimator> copy = clone();
  copy->adopt(std::move(model), classes_);
  return copy;
}

void Estimator::restore(const std::string& model_json, py::object classes,
                        const std::string& source) {
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(model_json);
  } catch (const nlohmann::json::parse_error& e) {
    throw DataError(source, std::string("not JSON: ") + e.what());
  }
  restore(parsed, std::move(classes), source);
}

void Estimator::restore(const nlohmann::json& model_file, py::object classes,
                        const std::string& source) {
  adopt(model_from_json(model_file, source), std::move(classes));
}

void Estimator::adopt(std::unique_ptr<Model> model, py::object classes) {
  if (model->kind() != kind_)
    throw InvalidArgument("a " + model->kind() + " model cannot be held by an estimator of " +
                          kind_ + " models");
  if (model->task() != task_)
    throw py::value_error(std::string("a ") + to_string(model->task()) +
                          " model cannot be held by a " + to_string(task_) + " estimator");
  if (task_ == Task::classification && py::len(classes) != model_classes(*model))
    throw py::value_error("the model has " + std::to_string(model_classes(*model)) +
                          " classes, but " + std::to_string(py::len(classes)) +
                          " labels were given");
  model_ = std::move(model);
  classes_ = std::move(classes);
}

}  // namespace prunekit::python
