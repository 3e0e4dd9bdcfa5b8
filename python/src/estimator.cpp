#include "estimator.hpp"

#include <utility>

#include "arrays.hpp"
#include "errors.hpp"
#include "json_convert.hpp"
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
        "random_state must be an int >= 0 (the seed of the tree's random "
        "draws), got " +
        py::repr(value).cast<std::string>());
  return value.cast<std::uint64_t>();
}

nlohmann::json without_seed(const py::dict& params) {
  nlohmann::json json = dict_to_json(params);
  json.erase(kRandomState);
  return json;
}

/// `model` as the decision tree it must be (`where` names the source in the error).
std::unique_ptr<DecisionTreeModel> as_tree(std::unique_ptr<Model> model, const std::string& where) {
  auto* tree = dynamic_cast<DecisionTreeModel*>(model.get());
  if (tree == nullptr) throw InvalidArgument(where + ": not a decision tree model");
  model.release();
  return std::unique_ptr<DecisionTreeModel>(tree);
}

std::unique_ptr<DecisionTreeModel> make_tree(const nlohmann::json& params) {
  return as_tree(make_model("decision_tree", params), "make_model");
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

}  // namespace

TreeEstimator::TreeEstimator(Task task, py::dict params)
    : task_(task), params_(std::move(params)), classes_(py::none()) {
  check_params(params_);
  seed_ = seed_of(params_);
}

void TreeEstimator::check_params(const py::dict& given) {
  (void)seed_of(given);
  (void)make_tree(without_seed(given));
}

nlohmann::json TreeEstimator::model_params() const { return without_seed(params_); }

DecisionTreeConfig TreeEstimator::model_config() const {
  return make_tree(model_params())->config();
}

py::dict TreeEstimator::get_params() const {
  py::dict out = to_python(make_tree(model_params())->params());
  out[kRandomState] = py::int_(0);
  // The values as given, not their JSON copies: sklearn.base.clone checks identity.
  for (const auto& [key, value] : params_) out[key] = value;
  return out;
}

void TreeEstimator::set_params(const py::dict& updates) {
  py::dict next = params_.attr("copy")();
  for (const auto& [key, value] : updates) next[key] = value;
  check_params(next);
  params_ = next;
  seed_ = seed_of(params_);
}

std::string TreeEstimator::repr(const std::string& class_name) const {
  std::string out = class_name + "(";
  bool first = true;
  for (const auto& [key, value] : params_) {
    if (!first) out += ", ";
    first = false;
    out += py::str(key).cast<std::string>() + "=" + py::repr(value).cast<std::string>();
  }
  return out + ")";
}

Dataset TreeEstimator::features(py::handle X) const {
  return features_from_numpy(X, fitted() ? n_features() : 0);
}

Dataset TreeEstimator::dataset(py::handle X, py::handle y_in) const {
  Dataset data = features(X);
  const py::array y = target_array(y_in, data.rows);
  data.schema.task = task_;
  if (task_ == Task::regression) {
    data.targets = regression_targets(y);
    return data;
  }
  if (fitted()) {
    data.labels = class_ids(y, classes_);
    data.schema.class_names = class_names(classes_);
  } else {
    EncodedClasses encoded = encode_classes(y);
    data.labels = std::move(encoded.ids);
    data.schema.class_names = class_names(encoded.classes);
  }
  return data;
}

std::unique_ptr<DecisionTreeModel> TreeEstimator::fit_model(
    const Dataset& data, std::span<const double> sample_weight) const {
  std::unique_ptr<DecisionTreeModel> model = make_tree(model_params());
  Rng rng(seed_);
  py::gil_scoped_release release;
  if (sample_weight.empty())
    model->fit(data, rng);
  else
    model->fit(data, rng, sample_weight);
  return model;
}

void TreeEstimator::fit(py::handle X, py::handle y_in, py::handle sample_weight) {
  Dataset data = features_from_numpy(X);
  const py::array y = target_array(y_in, data.rows);
  data.schema.task = task_;
  py::object classes = py::none();
  if (task_ == Task::regression) {
    data.targets = regression_targets(y);
  } else {
    EncodedClasses encoded = encode_classes(y);
    data.labels = std::move(encoded.ids);
    data.schema.class_names = class_names(encoded.classes);
    classes = encoded.classes;
  }
  const std::vector<double> weights = row_weights(sample_weight, data.rows);
  model_ = fit_model(data, weights);
  classes_ = classes;
}

const DecisionTreeModel& TreeEstimator::model(const std::string& what) const {
  if (!model_) throw_not_fitted("this estimator is not fitted yet: call fit(X, y) before " + what);
  return *model_;
}

py::object TreeEstimator::classes() const {
  if (task_ != Task::classification) throw py::attribute_error("a regressor has no classes_");
  if (!model_) throw_not_fitted("classes_ is set by fit(X, y)");
  return classes_;
}

std::size_t TreeEstimator::n_features() const { return model("n_features_in_").tree().n_features; }

py::array TreeEstimator::predict(py::handle X) const {
  const DecisionTreeModel& tree = model("predict");
  const Dataset data = features(X);
  std::vector<double> values;
  {
    py::gil_scoped_release release;
    values = tree.predict(data);
  }
  if (task_ == Task::regression) return to_numpy(values);
  py::array_t<std::int64_t> ids(static_cast<py::ssize_t>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i)
    ids.mutable_data()[i] = static_cast<std::int64_t>(values[i]);
  return classes_.attr("take")(ids);
}

py::array TreeEstimator::predict_proba(py::handle X) const {
  const DecisionTreeModel& tree = model("predict_proba");
  const Dataset data = features(X);
  std::vector<double> p;
  {
    py::gil_scoped_release release;
    p = tree.tree().predict_proba(data);
  }
  return to_numpy(p, data.rows, tree.tree().n_classes);
}

double TreeEstimator::score(py::handle X, py::handle y_in, py::handle sample_weight) const {
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

py::array TreeEstimator::apply(py::handle X) const {
  const DecisionTreeModel& tree = model("apply");
  const Dataset data = features(X);
  const std::vector<std::int32_t> leaves = tree.tree().apply(data);
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(leaves.size()));
  for (std::size_t i = 0; i < leaves.size(); ++i) out.mutable_data()[i] = leaves[i];
  return out;
}

py::array TreeEstimator::feature_importances() const {
  return to_numpy(model("feature_importances_").tree().feature_importances());
}

std::string TreeEstimator::to_json() const { return model("to_json").to_json().dump(); }

std::unique_ptr<TreeEstimator> TreeEstimator::with_model(std::unique_ptr<Model> model) const {
  std::unique_ptr<TreeEstimator> copy = clone();
  copy->model_ = as_tree(std::move(model), "prune");
  return copy;
}

void TreeEstimator::restore(const std::string& model_json, py::object classes) {
  adopt(as_tree(model_from_json(nlohmann::json::parse(model_json), "pickle"), "pickle"),
        std::move(classes));
}

void TreeEstimator::adopt(std::unique_ptr<DecisionTreeModel> model, py::object classes) {
  if (task_ == Task::classification && py::len(classes) != model->tree().n_classes)
    throw py::value_error("the tree has " + std::to_string(model->tree().n_classes) +
                          " classes, but " + std::to_string(py::len(classes)) +
                          " labels were given");
  model_ = std::move(model);
  classes_ = std::move(classes);
}

}  // namespace prunekit::python
