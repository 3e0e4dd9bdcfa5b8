#include "prunekit/experiment/runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <mutex>
#include <ostream>
#include <set>
#include <sstream>
#include <thread>

#include "prunekit/core/error.hpp"
#include "experiment/output_folder.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/data/preprocess.hpp"
#include "prunekit/experiment/results.hpp"
#include "prunekit/model/metrics.hpp"
#include "prunekit/report/html_report.hpp"

namespace prunekit {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

nlohmann::json path_json(const PruningPath& path) {
  nlohmann::json points = nlohmann::json::array();
  for (const auto& p : path.points)
    points.push_back({{"knob", p.knob}, {"risk", p.risk}, {"complexity", p.complexity}});
  return {{"knob_name", path.knob_name},
          {"complexity_name", path.complexity_name},
          {"points", points}};
}

nlohmann::json selection_json(const SelectionTrace& s) {
  return {{"rule", s.rule},          {"knobs", s.knobs},
          {"error_mean", s.error_mean}, {"error_se", s.error_se},
          {"complexity", s.complexity}, {"threshold", s.threshold},
          {"chosen", s.chosen}};
}

constexpr int kHistogramBins = 40;

/// Replaces raw weight arrays by one shared-edges histogram (docs/report.md).
nlohmann::json compact_details(nlohmann::json details) {
  if (!details.is_object()) return details;
  const auto before = details.find("weights_before");
  const auto after = details.find("weights_after");
  if (before == details.end() || after == details.end() || !before->is_array() ||
      !after->is_array())
    return details;
  double lo = INFINITY;
  double hi = -INFINITY;
  for (const auto* arr : {&*before, &*after})
    for (const auto& w : *arr) {
      const double v = w.get<double>();
      if (v == 0.0) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (!(lo < hi)) {
    lo = -1.0;
    hi = 1.0;
  }
  nlohmann::json hist = {{"edges", nlohmann::json::array()}};
  for (int b = 0; b <= kHistogramBins; ++b)
    hist["edges"].push_back(lo + (hi - lo) * b / kHistogramBins);
  for (const auto& [name, arr] : {std::pair{"before", &*before}, std::pair{"after", &*after}}) {
    std::vector<long long> counts(kHistogramBins, 0);
    long long zeros = 0;
    for (const auto& w : *arr) {
      const double v = w.get<double>();
      if (v == 0.0) {
        ++zeros;
        continue;
      }
      auto b = static_cast<int>((v - lo) / (hi - lo) * kHistogramBins);
      counts[static_cast<std::size_t>(std::clamp(b, 0, kHistogramBins - 1))] += 1;
    }
    hist[name] = counts;
    hist[std::string("zeros_") + name] = zeros;
  }
  details.erase("weights_before");
  details.erase("weights_after");
  details["weight_histogram"] = hist;
  return details;
}

}  // namespace

nlohmann::json without_timings(nlohmann::json value) {
  if (value.is_object()) {
    value.erase("timing");
    for (auto& [k, v] : value.items()) v = without_timings(v);
  } else if (value.is_array()) {
    for (auto& v : value) v = without_timings(v);
  }
  return value;
}

std::vector<nlohmann::json> execute_group(const ExperimentPlan& plan, std::size_t group,
                                          const std::vector<std::size_t>& wanted,
                                          const Factories& factories) {
  const auto& g = plan.groups[group];
  const auto& config = plan.config;
  const auto& ds = plan.datasets[g.dataset];
  const auto& split = ds.splits[g.split];

  const Dataset train_raw = ds.data.subset(split.train);
  const Dataset test_raw = ds.data.subset(split.test);
  PreprocessOptions prep_options = config.preprocess.options;
  prep_options.scale_unit_range = config.preprocess.scales(g.model_kind);
  const Preprocessor prep(train_raw, prep_options);
  const Dataset train = prep.apply(train_raw);
  const Dataset test = prep.apply(test_raw);

  auto model = factories.model(g.model_kind, g.model_params, config.file,
                               config.models[g.model].json_path);
  Rng fit_rng = Rng::for_stream(g.seed, g.stream);
  const auto fit_start = Clock::now();
  model->fit(train, fit_rng);
  const double fit_seconds = seconds_since(fit_start);

  // Cross-validation inside a pruner refits through the runner's factories, so that a model
  // kind a library user registered can be cross-validated too.
  const PruneContext context{train, nullptr, 1,
                             [&factories](const std::string& kind, const nlohmann::json& params) {
                               return factories.model(kind, params, {}, {});
                             }};
  std::vector<nlohmann::json> records;
  for (const auto run_index : g.runs) {
    if (std::find(wanted.begin(), wanted.end(), run_index) == wanted.end()) continue;
    const auto& run = plan.runs[run_index];
    const auto& v = plan.variants[run.variant];
    const auto& entry = config.pruners[v.pruner_index];
    const auto pruner = factories.pruner(v.pruner_spec, config.file, entry.json_path);
    if (!pruner->supports(*model))
      throw ConfigError(config.file, entry.json_path + "/method",
                        "method '" + v.method + "' does not support this " +
                            g.model_kind + " model (" + to_string(model->task()) + ")");
    Rng prune_rng = Rng::for_stream(run.seed, run.stream);
    const auto prune_start = Clock::now();
    PruneResult result = pruner->prune(*model, context, prune_rng);
    const double prune_seconds = seconds_since(prune_start);
    const auto train_pred = result.model->predict(train);
    const auto predict_start = Clock::now();
    const auto test_pred = result.model->predict(test);
    const double predict_seconds = seconds_since(predict_start);

    nlohmann::json r;
    r["run_id"] = run.id;
    r["group_id"] = g.id;
    r["dataset"] = ds.entry.name;
    r["split"] = {{"repeat", split.repeat},
                  {"fold", split.fold},
                  {"train_fraction", split.train_fraction},
                  {"train_rows", split.train.size()},
                  {"test_rows", split.test.size()}};
    r["seed"] = run.seed;
    r["variant"] = run.variant;
    r["label"] = v.label;
    r["entry_label"] = v.entry_label;
    r["method"] = v.method;
    r["pruner"] = pruner->params();
    r["grid"] = v.grid;
    r["model"] = {{"kind", g.model_kind},
                  {"label", config.models[g.model].label},
                  {"params", v.model_params}};
    r["task"] = to_string(train.schema.task);
    const double train_score = score(train, train_pred);
    const double test_score = score(test, test_pred);
    r["train_score"] = train_score;
    r["test_score"] = test_score;
    r["gap"] = train_score - test_score;
    if (!train.is_classification()) {
      r["train_rmse"] = rmse(train, train_pred);
      r["test_rmse"] = rmse(test, test_pred);
    }
    r["size_before"] = nlohmann::json(result.report.before);
    r["size_after"] = nlohmann::json(result.report.after);
    r["knob_name"] = result.report.knob_name;
    r["knob"] = result.report.knob;
    r["path"] = result.path ? path_json(*result.path) : nlohmann::json();
    r["selection"] = result.selection ? selection_json(*result.selection) : nlohmann::json();
    r["details"] = compact_details(result.report.details);
    r["timing"] = {{"fit_seconds", fit_seconds},
                   {"prune_seconds", prune_seconds},
                   {"predict_seconds", predict_seconds}};
    records.push_back(std::move(r));
  }
  return records;
}

std::vector<nlohmann::json> read_run_log(const std::string& path) {
  std::vector<nlohmann::json> records;
  if (!std::filesystem::exists(path)) return records;
  const std::string text = read_file(path);
  std::size_t start = 0;
  std::size_t line = 1;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const bool last = end == std::string::npos;
    const std::string_view content(text.data() + start, (last ? text.size() : end) - start);
    if (!content.empty()) {
      check_json_limits(content, path);
      auto parsed = nlohmann::json::parse(content, nullptr, false);
      if (parsed.is_discarded() || !parsed.is_object() || !parsed.contains("run_id")) {
        if (last) break;  // an interrupted append
        throw DataError(path, line, 1, "not a run record; the file is damaged");
      }
      if (last) break;  // no newline yet: the write was not finished
      records.push_back(std::move(parsed));
    }
    if (last) break;
    start = end + 1;
    ++line;
  }
  return records;
}

namespace {

class Progress {
 public:
  Progress(const ExperimentPlan& plan, const RunnerOptions& options, std::size_t total,
           std::size_t resumed, const std::vector<std::size_t>& pending_per_dataset)
      : plan_(plan),
        options_(options),
        total_(total),
        done_(resumed),
        resumed_(resumed),
        left_(pending_per_dataset),
        start_(Clock::now()),
        dataset_start_(pending_per_dataset.size(), Clock::now()) {}

  void finished(std::size_t dataset, std::size_t runs) {
    if (options_.progress == nullptr) return;
    done_ += runs;
    left_[dataset] -= runs;
    std::ostream& out = *options_.progress;
    const double elapsed = seconds_since(start_);
    if (options_.progress_is_terminal) {
      const double rate = static_cast<double>(done_ - resumed_) / std::max(elapsed, 1e-9);
      const double remaining = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0.0;
      out << "\r  " << done_ << "/" << total_ << " runs, " << std::fixed << std::setprecision(1)
          << elapsed << " s elapsed, ~" << remaining << " s remaining   " << std::flush;
      out.unsetf(std::ios::fixed);
      if (done_ == total_) out << "\n";
    } else if (left_[dataset] == 0) {
      out << plan_.datasets[dataset].entry.name << ": done (" << done_ << "/" << total_
          << " runs, " << std::fixed << std::setprecision(1) << elapsed << " s)\n"
          << std::flush;
      out.unsetf(std::ios::fixed);
    }
  }

 private:
  const ExperimentPlan& plan_;
  const RunnerOptions& options_;
  std::size_t total_;
  std::size_t done_;
  std::size_t resumed_;
  std::vector<std::size_t> left_;
  Clock::time_point start_;
  std::vector<Clock::time_point> dataset_start_;
};

}  // namespace

ExperimentOutcome run_experiment(const ExperimentPlan& plan, const Factories& factories,
                                 const RunnerOptions& options) {
  if (options.jobs < 1) throw InvalidArgument("--jobs must be at least 1");
  namespace fs = std::filesystem;
  const auto& config = plan.config;
  ExperimentOutcome outcome;
  check_output_folder(config, options.output);
  outcome.output_dir = options.output.empty() ? config.output : options.output;
  outcome.runs_total = plan.runs.size();
  const fs::path out(outcome.output_dir);
  const fs::path log_path = out / "runs.jsonl";
  const fs::path config_copy = out / "config.json";

  std::map<std::string, std::size_t> index_of_id;
  for (std::size_t i = 0; i < plan.runs.size(); ++i) index_of_id[plan.runs[i].id] = i;
  std::vector<nlohmann::json> records(plan.runs.size());
  std::vector<bool> done(plan.runs.size(), false);

  create_output_folder(out);
  const OutputFolderLock lock(out);
  if (options.resume) {
    // Run ids are content hashes: every finished run still in the plan is kept, whatever else
    // changed in the config (an added seed or grid value runs only the new runs).
    for (auto& r : read_run_log(log_path.string())) {
      const auto id = r.find("run_id");
      const auto it = id != r.end() && id->is_string() ? index_of_id.find(id->get<std::string>())
                                                       : index_of_id.end();
      if (it == index_of_id.end() || done[it->second]) {
        ++outcome.runs_dropped;
        continue;
      }
      done[it->second] = true;
      records[it->second] = std::move(r);
      ++outcome.runs_resumed;
    }
  } else {
    std::error_code ec;
    if (!options.force && fs::exists(log_path, ec)) {
      const std::size_t finished = read_run_log(log_path.string()).size();
      if (finished > 0)
        throw Error(out.string() + ": the output folder holds " + std::to_string(finished) +
                    " finished runs; continue them with --resume, or start over with --force");
    }
    for (const char* name : {"runs.jsonl", "results.json", "summary.csv", "report.html"})
      if (fs::remove(out / name, ec); ec)
        throw Error((out / name).string() + ": cannot remove: " + ec.message());
  }
  write_file_atomically(config_copy.string(), config.raw.dump(2) + "\n");
  {
    // Rewrite the log with exactly the kept records (drops a truncated last line).
    std::string kept;
    for (std::size_t i = 0; i < records.size(); ++i)
      if (done[i]) kept += records[i].dump() + "\n";
    write_file_atomically(log_path.string(), kept);
  }

  std::vector<std::size_t> todo_groups;
  std::vector<std::vector<std::size_t>> wanted(plan.groups.size());
  std::vector<std::size_t> pending_per_dataset(plan.datasets.size(), 0);
  for (std::size_t g = 0; g < plan.groups.size(); ++g) {
    for (const auto r : plan.groups[g].runs)
      if (!done[r]) wanted[g].push_back(r);
    if (!wanted[g].empty()) {
      todo_groups.push_back(g);
      pending_per_dataset[plan.groups[g].dataset] += wanted[g].size();
    }
  }
  if (options.progress != nullptr) {
    *options.progress << "prunekit run: " << config.name << ": " << plan.runs.size()
                      << " runs in " << plan.groups.size() << " fit groups";
    if (outcome.runs_resumed > 0) *options.progress << " (" << outcome.runs_resumed << " already done)";
    *options.progress << ", " << options.jobs << " job" << (options.jobs > 1 ? "s" : "") << "\n";
  }
  Progress progress(plan, options, plan.runs.size(), outcome.runs_resumed, pending_per_dataset);

  std::FILE* log = std::fopen(log_path.string().c_str(), "ab");
  if (log == nullptr) throw Error("cannot append to " + log_path.string());
  std::mutex mutex;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::exception_ptr failure;
  const auto worker = [&] {
    for (;;) {
      if (stop) return;
      if (options.interrupt != nullptr && options.interrupt->load()) return;
      const std::size_t k = next.fetch_add(1);
      if (k >= todo_groups.size()) return;
      const std::size_t g = todo_groups[k];
      try {
        auto group_records = execute_group(plan, g, wanted[g], factories);
        const std::lock_guard lock(mutex);
        for (std::size_t i = 0; i < group_records.size(); ++i) {
          const std::string line = group_records[i].dump() + "\n";
          if (std::fwrite(line.data(), 1, line.size(), log) != line.size() ||
              std::fflush(log) != 0)
            throw Error("cannot append to " + log_path.string());
          const std::size_t r = wanted[g][i];
          records[r] = std::move(group_records[i]);
          done[r] = true;
        }
        progress.finished(plan.groups[g].dataset, group_records.size());
      } catch (...) {
        const std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
        return;
      }
    }
  };
  const int threads = std::min<int>(options.jobs, static_cast<int>(std::max<std::size_t>(todo_groups.size(), 1)));
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  std::fclose(log);
  if (failure) std::rethrow_exception(failure);
  outcome.runs_done = static_cast<std::size_t>(std::count(done.begin(), done.end(), true));
  if (outcome.runs_done < plan.runs.size()) {
    outcome.interrupted = true;  // only an interrupt leaves runs undone without a failure
    return outcome;
  }

  const auto summary = summarize(plan, records);
  outcome.results = results_document(plan, records, summary);
  write_file_atomically((out / "results.json").string(), outcome.results.dump(1) + "\n");
  write_file_atomically((out / "summary.csv").string(), summary_csv(summary));
  write_file_atomically((out / "report.html").string(), render_html_report(outcome.results));
  return outcome;
}

}  // namespace prunekit
