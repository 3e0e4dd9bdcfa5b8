// The files of an output folder that `prunekit run` and `prunekit merge` both write: the run
// log, and the summary with results.json, summary.csv and the report.
#include <filesystem>

#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/experiment/results.hpp"
#include "prunekit/experiment/runner.hpp"
#include "prunekit/report/html_report.hpp"

namespace prunekit {
namespace {

namespace fs = std::filesystem;

/// report.html and, when asked, each of its charts as a standalone SVG file and a CSV file.
void write_report(const fs::path& out, const nlohmann::json& results, bool figures) {
  const HtmlReport report = render_report(results);
  if (figures) {
    const fs::path dir = out / "figures";
    std::error_code ec;
    if (fs::create_directories(dir, ec); ec)
      throw Error(dir.string() + ": cannot create: " + ec.message());
    for (const auto& f : report.figures) {
      write_file_atomically((dir / (f.id + ".svg")).string(),
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + f.svg + "\n");
      write_file_atomically((dir / (f.id + ".csv")).string(), f.csv);
    }
  }
  write_file_atomically((out / "report.html").string(), report.html);
}

}  // namespace

std::string output_folder_of(const ExperimentPlan& plan, const std::string& output,
                             ShardSpec shard) {
  if (!output.empty()) return output;
  return shard.whole() ? plan.config.output : plan.config.output + "." + shard_name(shard);
}

std::string run_log_line(const RunRecord& record) { return nlohmann::json(record).dump() + "\n"; }

void write_run_log(const std::string& path, const std::vector<RunRecord>& records) {
  std::string text;
  for (const auto& r : records) text += run_log_line(r);
  write_file_atomically(path, text);
}

void remove_results(const std::string& out) {
  const fs::path dir(out);
  std::error_code ec;
  for (const char* name : {"results.json", "summary.csv", "report.html"})
    if (fs::remove(dir / name, ec); ec)
      throw Error((dir / name).string() + ": cannot remove: " + ec.message());
  if (fs::remove_all(dir / "figures", ec); ec)
    throw Error((dir / "figures").string() + ": cannot remove: " + ec.message());
}

ExperimentResults write_experiment_results(const ExperimentPlan& plan,
                                           const std::vector<RunRecord>& records,
                                           const std::string& out, bool figures) {
  ExperimentResults r;
  r.summary = summarize(plan, records);
  r.results = results_document(plan, records, r.summary);
  const fs::path dir(out);
  write_file_atomically((dir / "results.json").string(), r.results.dump(1) + "\n");
  write_file_atomically((dir / "summary.csv").string(), summary_csv(r.summary));
  write_report(dir, r.results, figures);
  return r;
}

}  // namespace prunekit
