// prunekit.run's C++ half: an experiment config (a file, or a dict) planned and run as
// `prunekit run` runs it, with the same output files; what results.json holds comes back as
// Python objects (python/prunekit/_run.py makes the table).

#include <atomic>
#include <csignal>
#include <iostream>
#include <string>

#include "json_convert.hpp"
#include "module.hpp"
#include "prunekit/experiment/config.hpp"
#include "prunekit/experiment/plan.hpp"
#include "prunekit/experiment/runner.hpp"

namespace prunekit::python {

namespace {

namespace py = pybind11;

/// How a config given as a dict is named in error messages (its relative paths are the
/// working directory's).
constexpr const char* kConfigDict = "<config dict>";

std::atomic<bool> g_interrupted{false};
extern "C" void on_interrupt(int) { g_interrupted = true; }

ExperimentConfig read_config(const py::handle& config) {
  if (py::isinstance<py::dict>(config))
    return parse_experiment_config(to_json(config, "config"), kConfigDict);
  const py::object path = py::module_::import("os").attr("fspath")(config);
  return read_experiment_config(path.cast<std::string>());
}

/// Ctrl-C during the run stops it between fit groups (the finished runs stay in runs.jsonl)
/// and then raises KeyboardInterrupt, as Python would have.
class InterruptScope {
 public:
  InterruptScope() : previous_(std::signal(SIGINT, on_interrupt)) { g_interrupted = false; }
  ~InterruptScope() { std::signal(SIGINT, previous_); }
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

 private:
  void (*previous_)(int);
};

py::dict run(const py::handle& config_in, int jobs, const std::string& out, bool resume, bool force,
             bool figures, bool progress) {
  if (jobs < 1) throw py::value_error("jobs must be at least 1");
  const ExperimentConfig config = read_config(config_in);
  check_output_folder(config, out);
  const Factories factories = Factories::registries();
  RunnerOptions options;
  options.jobs = jobs;
  options.resume = resume;
  options.force = force;
  options.figures = figures;
  options.output = out;
  options.progress = progress ? &std::cerr : nullptr;
  options.interrupt = &g_interrupted;
  ExperimentOutcome outcome;
  {
    py::gil_scoped_release release;
    const ExperimentPlan plan = plan_experiment(config, factories);
    const InterruptScope interrupt_scope;
    outcome = run_experiment(plan, factories, options);
  }
  if (outcome.interrupted) {
    const std::string message = "prunekit.run: interrupted; " + std::to_string(outcome.runs_done) +
                                " of " + std::to_string(outcome.runs_total) +
                                " runs are saved in " + outcome.output_dir +
                                "/runs.jsonl (resume=True continues)";
    PyErr_SetString(PyExc_KeyboardInterrupt, message.c_str());
    throw py::error_already_set();
  }
  py::dict answer;
  answer["output_dir"] = outcome.output_dir;
  answer["runs_total"] = outcome.runs_total;
  answer["runs_resumed"] = outcome.runs_resumed;
  answer["results"] = to_python(outcome.results);
  return answer;
}

}  // namespace

void bind_experiment(py::module_& module) {
  module.def("_run", &run, py::arg("config"), py::arg("jobs") = 1, py::arg("out") = "",
             py::arg("resume") = false, py::arg("force") = false, py::arg("figures") = true,
             py::arg("progress") = false,
             "Runs an experiment config as `prunekit run` does; what results.json holds.");
}

}  // namespace prunekit::python
