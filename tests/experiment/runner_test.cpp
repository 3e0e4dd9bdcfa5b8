// The runner: identical results whatever --jobs, resumable after kill -9, summaries.
#include "prunekit/experiment/runner.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>

#include "experiment/test_models.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/experiment/results.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

namespace fs = std::filesystem;

nlohmann::json small_config(long long sleep_ms = 0) {
  auto c = nlohmann::json::parse(R"({
    "name": "small",
    "datasets": ["iris", "wine"],
    "protocol": {"kind": "kfold", "folds": 3, "seed": 2},
    "seeds": [0, 1],
    "model": {"kind": "test_centroid", "shrink": 0.1},
    "pruners": [{"method": "none"},
                {"method": "none", "model": {"dropout": 0.3}},
                {"method": "test_flatten", "fraction": [0.25, 0.75]}]
  })");
  c["model"]["sleep_ms"] = sleep_ms;
  return c;
}

ExperimentPlan plan_of(const nlohmann::json& config) {
  return plan_experiment(parse_experiment_config(config, "small.json"), testing::test_factories());
}

/// testing::comparable_results, then summary.csv without its timing columns.
std::string comparable_runner_output(const fs::path& out) {
  std::string text = testing::comparable_results(out);
  std::istringstream csv(read_file((out / "summary.csv").string()));
  std::string line;
  while (std::getline(csv, line)) {
    // The last three columns are timings.
    for (int k = 0; k < 3; ++k) line = line.substr(0, line.rfind(','));
    text += "\n" + line;
  }
  return text;
}

TEST(Runner, ResultsDoNotDependOnJobs) {
  const testing::TempDir dir;
  const auto plan = plan_of(small_config());
  RunnerOptions one;
  one.output = (dir.path() / "one").string();
  const auto a = run_experiment(plan, testing::test_factories(), one);
  RunnerOptions two = one;
  two.output = (dir.path() / "two").string();
  two.jobs = 2;
  (void)run_experiment(plan, testing::test_factories(), two);
  EXPECT_EQ(a.results["runs"].size(), plan.runs.size());
  EXPECT_EQ(comparable_runner_output(one.output), comparable_runner_output(two.output));
  EXPECT_TRUE(fs::exists(fs::path(one.output) / "report.html"));
  EXPECT_EQ(read_json_file((fs::path(one.output) / "config.json").string()), small_config());
  // Every record has what the report needs.
  const auto& r = a.results["runs"][5];
  for (const char* key : {"run_id", "dataset", "split", "seed", "method", "label", "grid",
                          "train_score", "test_score", "gap", "size_before", "size_after", "knob",
                          "path", "selection", "details", "timing"})
    EXPECT_TRUE(r.contains(key)) << key;
}

TEST(Runner, FlattenedRunsDifferFromTheBaselineAndShareItsFit) {
  const testing::TempDir dir;
  const auto plan = plan_of(small_config());
  RunnerOptions options;
  options.output = dir.path().string() + "/o";
  const auto outcome = run_experiment(plan, testing::test_factories(), options);
  const auto& runs = outcome.results["runs"];
  // Runs 0 (none), 2 and 3 (flatten) share a fit group; the flatten runs start from the same
  // fitted model: their size before pruning equals the baseline's.
  EXPECT_EQ(runs[0]["group_id"], runs[2]["group_id"]);
  EXPECT_NE(runs[0]["group_id"], runs[1]["group_id"]);
  EXPECT_EQ(runs[2]["size_before"], runs[0]["size_after"]);
  EXPECT_LT(runs[3]["size_after"]["nonzeros"].get<int>(),
            runs[0]["size_after"]["nonzeros"].get<int>());
  // Raw weights were binned.
  EXPECT_TRUE(runs[2]["details"].contains("weight_histogram"));
  EXPECT_FALSE(runs[2]["details"].contains("weights_before"));
}

TEST(Runner, KilledAndResumedEndsWithTheUninterruptedResults) {
  const testing::TempDir dir;
  const auto config = small_config(25);
  const auto plan = plan_of(config);
  RunnerOptions clean;
  clean.output = (dir.path() / "clean").string();
  (void)run_experiment(plan, testing::test_factories(), clean);

  RunnerOptions killed = clean;
  killed.output = (dir.path() / "killed").string();
  const fs::path log = fs::path(killed.output) / "runs.jsonl";
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      (void)run_experiment(plan, testing::test_factories(), killed);
    } catch (...) {
    }
    _exit(0);
  }
  // Kill as soon as the first results are on disk.
  const int status = testing::signal_once_written(child, log, SIGKILL, std::chrono::seconds(30));
  ASSERT_TRUE(WIFSIGNALED(status)) << "the experiment finished before it could be killed";
  const auto partial = read_run_log(log.string());
  EXPECT_GE(partial.size(), 1u);
  EXPECT_LT(partial.size(), plan.runs.size());
  // Simulate a write cut short as well.
  {
    std::string text = read_file(log.string());
    text += "{\"run_id\": \"trunc";
    write_file_atomically(log.string(), text);
  }
  killed.resume = true;
  const auto resumed = run_experiment(plan, testing::test_factories(), killed);
  EXPECT_EQ(resumed.runs_resumed, partial.size());
  EXPECT_EQ(comparable_runner_output(clean.output), comparable_runner_output(killed.output));
  EXPECT_EQ(read_run_log(log.string()).size(), plan.runs.size());
}

TEST(Runner, ResumeKeepsEveryFinishedRunStillInThePlan) {
  const testing::TempDir dir;
  RunnerOptions options;
  options.output = dir.path().string() + "/o";
  const auto first = run_experiment(plan_of(small_config()), testing::test_factories(), options);
  // A seed added: the runs of seeds 0 and 1 are kept (their ids are content hashes).
  auto more = small_config();
  more["seeds"] = {0, 1, 5};
  options.resume = true;
  const auto grown = run_experiment(plan_of(more), testing::test_factories(), options);
  EXPECT_EQ(grown.runs_resumed, first.runs_total);
  EXPECT_EQ(grown.runs_total, first.runs_total * 3 / 2);
  EXPECT_EQ(grown.runs_dropped, 0u);
  // Back to the first config: the seed-5 runs are dropped, nothing is left to do.
  const auto again = run_experiment(plan_of(small_config()), testing::test_factories(), options);
  EXPECT_EQ(again.runs_resumed, again.runs_total);
  EXPECT_EQ(again.runs_dropped, first.runs_total / 2);
  EXPECT_EQ(read_run_log(options.output + "/runs.jsonl").size(), first.runs_total);
}

TEST(Runner, FinishedRunsAreKeptUnlessResumedOrForced) {
  const testing::TempDir dir;
  RunnerOptions options;
  options.output = dir.path().string() + "/o";
  const auto plan = plan_of(small_config());
  (void)run_experiment(plan, testing::test_factories(), options);
  EXPECT_THROW((void)run_experiment(plan, testing::test_factories(), options), Error);
  options.force = true;
  EXPECT_EQ(run_experiment(plan, testing::test_factories(), options).runs_resumed, 0u);
}

TEST(Runner, AnInterruptStopsBeforeTheNextGroupAndWritesNoResults) {
  const testing::TempDir dir;
  RunnerOptions options;
  options.output = dir.path().string() + "/o";
  const std::atomic<bool> interrupt{true};
  options.interrupt = &interrupt;
  const auto plan = plan_of(small_config());
  const auto outcome = run_experiment(plan, testing::test_factories(), options);
  EXPECT_TRUE(outcome.interrupted);
  EXPECT_EQ(outcome.runs_done, 0u);
  EXPECT_FALSE(fs::exists(fs::path(options.output) / "results.json"));
  options.interrupt = nullptr;
  options.resume = true;
  EXPECT_FALSE(run_experiment(plan, testing::test_factories(), options).interrupted);
}

TEST(Runner, TruncatedLastLineIsIgnoredOtherDamageIsNot) {
  const testing::TempDir dir;
  const auto good =
      dir.write("a.jsonl", "{\"run_id\":\"1\"}\n{\"run_id\":\"2\"}\n{\"run_id\":\"3\",\"x\":");
  EXPECT_EQ(read_run_log(good).size(), 2u);
  const auto no_newline = dir.write("b.jsonl", "{\"run_id\":\"1\"}\n{\"run_id\":\"2\"}");
  EXPECT_EQ(read_run_log(no_newline).size(), 1u);  // not known to be complete
  const auto bad = dir.write("c.jsonl", "{\"run_id\":\"1\"}\ngarbage\n{\"run_id\":\"2\"}\n");
  EXPECT_THROW((void)read_run_log(bad), DataError);
}

/// Hand-set run records: variant 1 scores x[unit], variant 0 (the baseline) y[unit], where the
/// unit is the run's split, or its seed when `by_seed`.
std::vector<RunRecord> hand_scored_records(const ExperimentPlan& plan, const std::vector<double>& x,
                                           const std::vector<double>& y, bool by_seed) {
  std::vector<RunRecord> records(plan.runs.size());
  for (std::size_t i = 0; i < plan.runs.size(); ++i) {
    const auto& r = plan.runs[i];
    const std::size_t unit = by_seed ? static_cast<std::size_t>(r.seed) : r.split;
    const double score = r.variant == 1 ? x[unit] : y[unit];
    records[i] = {.task = "classification",
                  .train_score = 1.0,
                  .test_score = score,
                  .gap = 1.0 - score,
                  .size_before = {{"nonzeros", 12}},
                  .size_after = {{"nonzeros", 12 - r.variant * 6}},
                  .knob_name = "",
                  .knob = 0.0};
  }
  return records;
}

/// "none" against "test_flatten" on iris with `protocol` and `seeds` (which must plan
/// `expected_runs` runs), scored by hand: x for test_flatten and y for the baseline, by unit
/// (split, or seed when `by_seed`).
std::vector<SummaryRow> hand_scored_summary(const std::string& protocol, const std::string& seeds,
                                            std::size_t expected_runs, const std::vector<double>& x,
                                            const std::vector<double>& y, bool by_seed = false) {
  const auto config = nlohmann::json::parse(R"({"datasets": ["iris"], "protocol": )" + protocol +
                                            R"(, "seeds": )" + seeds + R"(,
      "model": {"kind": "test_centroid"},
      "pruners": [{"method": "none"}, {"method": "test_flatten"}]})");
  const auto plan = plan_of(config);
  EXPECT_EQ(plan.runs.size(), expected_runs);
  return summarize(plan, hand_scored_records(plan, x, y, by_seed));
}

// The fold scores of the summary tests.
const std::vector<double> kFoldX{0.9, 0.8, 0.85, 0.95, 0.9};
const std::vector<double> kFoldY{0.85, 0.8, 0.75, 0.9, 0.8};
const char* const kFiveFolds = R"({"kind": "kfold", "folds": 5})";

TEST(Summary, MeansAndPairedTestsMatchIndependentValues) {
  // Five folds, one seed; test scores set by hand. SciPy 1.10.1:
  //   x = [0.9, 0.8, 0.85, 0.95, 0.9]; y = [0.85, 0.8, 0.75, 0.9, 0.8]
  //   mean(x) = 0.88, sd(x, ddof=1) = 0.057008771254956875
  //   stats.ttest_rel(x, y) -> pvalue = 0.032677923336803014
  //   corrected resampled t (Nadeau-Bengio; iris 5-fold: n_test/n_train = 30/120):
  //   d = x - y; t = d.mean() / sqrt((1/5 + 0.25) d.var(ddof=1)) = 2.1380899352993947,
  //   2 stats.t.sf(t, 4) = 0.09930068321372687
  //   stats.wilcoxon(x, y, mode="approx") -> statistic = 0.0, pvalue = 0.06559969214707187
  const auto rows = hand_scored_summary(kFiveFolds, "[0]", 10, kFoldX, kFoldY);
  const nlohmann::json summary = rows;
  ASSERT_EQ(summary.size(), 2u);
  const auto& s = summary[1];
  EXPECT_EQ(s["label"], "test_flatten");
  EXPECT_EQ(s["baseline"], "none");
  EXPECT_NEAR(s["test_score"]["mean"].get<double>(), 0.88, 1e-12);
  EXPECT_NEAR(s["test_score"]["sd"].get<double>(), 0.057008771254956875, 1e-12);
  EXPECT_EQ(s["vs_baseline"]["t_test"], "corrected_resampled_t");
  EXPECT_EQ(s["vs_baseline"]["unit"], "split");
  EXPECT_EQ(s["vs_baseline"]["n"], 5);
  EXPECT_NEAR(s["vs_baseline"]["test_train_ratio"].get<double>(), 0.25, 1e-12);
  EXPECT_NEAR(s["vs_baseline"]["t_statistic"].get<double>(), 2.1380899352993947, 1e-10);
  EXPECT_NEAR(s["vs_baseline"]["t_p"].get<double>(), 0.09930068321372687, 1e-12);
  EXPECT_NEAR(s["vs_baseline"]["wilcoxon_p"].get<double>(), 0.06559969214707187, 1e-12);
  EXPECT_NEAR(s["vs_baseline"]["diff_mean"].get<double>(), 0.06, 1e-12);
  EXPECT_EQ(s["size_after"]["nonzeros"]["mean"].get<double>(), 6.0);
  EXPECT_TRUE(summary[0]["vs_baseline"].is_null());
  // CSV and table carry the same numbers.
  const auto csv = summary_csv(rows);
  EXPECT_NE(csv.find("iris,test_flatten,test_flatten,1,5,0.8800000000000001,0.057008771254956875,"),
            std::string::npos)
      << csv;
  const auto table = summary_table(rows);
  EXPECT_NE(table.find("0.880 ± 0.057"), std::string::npos) << table;
  EXPECT_NE(table.find("0.0993"), std::string::npos) << table;
  EXPECT_NE(table.find("5 splits"), std::string::npos) << table;
  EXPECT_NE(table.find("Nadeau and Bengio"), std::string::npos) << table;
}

TEST(Summary, ReplicatedSeedsDoNotInflateTheUnits) {
  // The same fold results for two seeds (a deterministic method): still five units, and the
  // same p-values as with one seed (scipy's ttest_rel on the doubled sample gives 0.00096).
  const nlohmann::json summary = hand_scored_summary(kFiveFolds, "[0, 1]", 20, kFoldX, kFoldY);
  const auto& vs = summary[1]["vs_baseline"];
  EXPECT_EQ(vs["n"], 5);
  EXPECT_EQ(vs["paired_runs"], 10);
  EXPECT_NEAR(vs["t_p"].get<double>(), 0.09930068321372687, 1e-12);
  EXPECT_NEAR(vs["wilcoxon_p"].get<double>(), 0.06559969214707187, 1e-12);
}

TEST(Summary, SeedsOfASingleSplitArePairedWithThePlainTTest) {
  // stats.ttest_rel([0.9, 0.8, 0.85, 0.95], [0.85, 0.8, 0.75, 0.9]) -> pvalue 0.09172111331157187
  const nlohmann::json summary =
      hand_scored_summary(R"({"kind": "holdout", "test_fraction": 0.2})", "[0, 1, 2, 3]", 8,
                          {0.9, 0.8, 0.85, 0.95}, {0.85, 0.8, 0.75, 0.9}, true);
  const auto& vs = summary[1]["vs_baseline"];
  EXPECT_EQ(vs["unit"], "seed");
  EXPECT_EQ(vs["t_test"], "paired_t");
  EXPECT_EQ(vs["n"], 4);
  EXPECT_NEAR(vs["t_p"].get<double>(), 0.09172111331157187, 1e-12);
}

}  // namespace
}  // namespace prunekit
