// prunekit.prune, prunekit.cost_complexity_path and prunekit.methods: the library's pruner
// registry as apps/cmd_prune.cpp uses it, with numpy data and dict reports.

#include <optional>
#include <string>
#include <vector>

#include "arrays.hpp"
#include "json_convert.hpp"
#include "module.hpp"
#include "prunekit/prune/registry.hpp"
#include "prunekit/prune/tree/cost_complexity.hpp"

namespace prunekit::python {

namespace {

namespace py = pybind11;

/// {"knob_name", "complexity_name", "knob", "risk", "complexity"}: the points as arrays.
py::dict path_dict(const PruningPath& path) {
  std::vector<double> knob, risk, complexity;
  for (const PathPoint& p : path.points) {
    knob.push_back(p.knob);
    risk.push_back(p.risk);
    complexity.push_back(p.complexity);
  }
  py::dict out;
  out["knob_name"] = path.knob_name;
  out["complexity_name"] = path.complexity_name;
  out["knob"] = to_numpy(knob);
  out["risk"] = to_numpy(risk);
  out["complexity"] = to_numpy(complexity);
  return out;
}

py::dict selection_dict(const SelectionTrace& trace) {
  py::dict out;
  out["rule"] = trace.rule;
  out["knobs"] = to_numpy(trace.knobs);
  out["error_mean"] = to_numpy(trace.error_mean);
  out["error_se"] = to_numpy(trace.error_se);
  out["complexity"] = to_numpy(trace.complexity);
  out["threshold"] = trace.threshold;
  out["chosen"] = trace.chosen;
  return out;
}

/// The report: method, parameters, sizes before and after, knob, details, path, selection.
py::dict report_dict(const PruneResult& result, const nlohmann::json& params) {
  const PruneReport& r = result.report;
  py::dict out;
  out["method"] = r.method;
  out["params"] = to_python(params);
  out["before"] = to_python(r.before);
  out["after"] = to_python(r.after);
  out["knob_name"] = r.knob_name.empty() ? py::object(py::none()) : py::str(r.knob_name);
  out["knob"] = r.knob_name.empty() ? py::object(py::none()) : py::float_(r.knob);
  out["details"] = to_python(r.details);
  out["path"] = result.path ? py::object(path_dict(*result.path)) : py::object(py::none());
  out["selection"] =
      result.selection ? py::object(selection_dict(*result.selection)) : py::object(py::none());
  return out;
}

/// The pruner of `method` with `params` (and `select` when given).
std::unique_ptr<Pruner> make_method(const std::string& method, const py::object& select,
                                    const py::kwargs& params) {
  nlohmann::json spec = dict_to_json(params);
  spec["method"] = method;
  if (!select.is_none()) spec["select"] = select.cast<std::string>();
  return make_pruner(spec);
}

/// The validation data of select="validation", when given (both or neither).
std::optional<Dataset> validation_data(const Estimator& model, const Pruner& pruner,
                                       py::handle X_val, py::handle y_val) {
  if (X_val.is_none() != y_val.is_none())
    throw py::value_error("give both X_val and y_val, or neither");
  if (X_val.is_none()) {
    if (pruner.needs_validation_data())
      throw py::value_error("select='validation' needs X_val and y_val, or validation_fraction=F");
    return std::nullopt;
  }
  if (pruner.params().value("select", "") != "validation")
    throw py::value_error("X_val and y_val are for select='validation'");
  return model.dataset(X_val, y_val);
}

py::tuple prune(const Estimator& model, const std::string& method, py::handle X, py::handle y,
                const py::object& select, std::uint64_t seed, int n_jobs, py::handle X_val,
                py::handle y_val, const py::kwargs& params) {
  if (X.is_none() || y.is_none())
    throw py::value_error("prune needs the data the model was fitted on: X=..., y=...");
  if (n_jobs < 1) throw py::value_error("n_jobs must be at least 1");
  const std::unique_ptr<Pruner> pruner = make_method(method, select, params);
  const Model& fitted = model.fitted_model("prune");
  if (!pruner->supports(fitted))
    throw py::value_error("method '" + method + "' does not apply to this " + fitted.kind() +
                          " model");
  const Dataset data = model.dataset(X, y);
  const std::optional<Dataset> validation = validation_data(model, *pruner, X_val, y_val);
  const PruneContext context{data, validation ? &*validation : nullptr, n_jobs, {}};
  Rng rng(seed);
  PruneResult result;
  {
    py::gil_scoped_release release;
    result = pruner->prune(fitted, context, rng);
  }
  const py::dict report = report_dict(result, pruner->params());
  return py::make_tuple(py::cast(model.with_model(std::move(result.model))), report);
}

}  // namespace

py::dict cost_complexity_path(const TreeEstimator& estimator, py::handle X, py::handle y) {
  // As scikit-learn: a tree with the estimator's parameters grown on X, y, then its path.
  const std::unique_ptr<Estimator> grown = estimator.clone();
  grown->fit(X, y, py::none());
  const Tree& tree = dynamic_cast<const TreeEstimator&>(*grown).model().tree();
  CostComplexityPath path;
  {
    py::gil_scoped_release release;
    path = prunekit::cost_complexity_path(tree);
  }
  std::vector<double> alphas, impurities;
  for (const CostComplexityStep& step : path.steps) {
    alphas.push_back(step.alpha);
    impurities.push_back(step.risk);
  }
  py::dict out;
  out["ccp_alphas"] = to_numpy(alphas);
  out["impurities"] = to_numpy(impurities);
  return out;
}

void bind_pruning(py::module_& module) {
  module.def("prune", &prune, py::arg("model"), py::arg("method") = "cost_complexity",
             py::arg("X") = py::none(), py::arg("y") = py::none(), py::arg("select") = py::none(),
             py::arg("seed") = 0, py::arg("n_jobs") = 1, py::arg("X_val") = py::none(),
             py::arg("y_val") = py::none(),
             "Prunes a fitted tree or network with a method of methods(); returns (pruned model, "
             "report).");
  module.def(
      "cost_complexity_path",
      [](const TreeEstimator& model, py::handle X, py::handle y) {
        return cost_complexity_path(model, X, y);
      },
      py::arg("model"), py::arg("X"), py::arg("y"),
      "scikit-learn's cost_complexity_pruning_path for a tree with model's parameters on X, y.");
  module.def(
      "methods", [] { return to_python(MethodRegistry::builtin().to_json()); },
      "Every pruning method with its parameters, as dicts.");
}

}  // namespace prunekit::python
