// `prunekit run --shard K/N`, `--dry-run` with costs and `prunekit merge` as a user runs them.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "prunekit/core/file_io.hpp"
#include "prunekit/experiment/runner.hpp"
#include "prunekit/model/registry.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

namespace fs = std::filesystem;
using testing::run_cli;
using testing::TempDir;

bool cli_shard_has_models() {
  const auto kinds = model_kinds();
  return std::find(kinds.begin(), kinds.end(), "decision_tree") != kinds.end() &&
         std::find(kinds.begin(), kinds.end(), "mlp") != kinds.end();
}

/// configs/quickstart.json cut down: two datasets, 3 folds, one seed, a short network.
const char* kCliShardConfig = R"({"name": "qs", "datasets": ["iris", "wine"],
  "protocol": {"kind": "kfold", "folds": 3, "seed": 0}, "seeds": [0],
  "model": [{"kind": "decision_tree", "label": "tree"},
            {"kind": "mlp", "label": "mlp", "hidden": [8], "epochs": 5, "batch": 32, "lr": 0.05}],
  "pruners": [{"method": "none"},
              {"method": "cost_complexity", "select": "cv_1se", "folds": 5, "label": "ccp"},
              {"method": "pessimistic", "label": "pessimistic"},
              {"method": "none", "label": "depth", "models": ["tree"], "model": {"max_depth": [2, 4]}},
              {"method": "magnitude", "label": "magnitude", "models": ["mlp"], "scope": "global",
               "sparsity": [0.5, 0.9], "finetune_epochs": 2}]})";

std::set<std::string> cli_shard_ids(const fs::path& dir) {
  std::set<std::string> ids;
  for (const auto& r : read_run_log((dir / "runs.jsonl").string())) ids.insert(r.run_id);
  return ids;
}

TEST(CliShard, BadShardValuesExitTwoNamingTheOption) {
  const TempDir dir;
  (void)dir.write("c.json", kCliShardConfig);
  for (const char* bad : {"0/3", "4/3", "3", "x/3", "1/0", "2/-1"}) {
    const auto r = run_cli(std::string("run c.json --shard ") + bad, dir.path());
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find("--shard"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

TEST(CliShard, DryRunListsTheShardAndForecastsSpeedUps) {
  if (!cli_shard_has_models()) GTEST_SKIP() << "decision_tree and mlp are not built in";
  const TempDir dir;
  (void)dir.write("c.json", kCliShardConfig);
  const auto all = run_cli("run c.json --dry-run", dir.path());
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("expected cost: "), std::string::npos) << all.out;
  EXPECT_NE(all.out.find("shards  makespan  speed-up"), std::string::npos) << all.out;
  std::size_t listed = 0;
  for (std::size_t k = 1; k <= 3; ++k) {
    const auto r = run_cli("run c.json --dry-run --shard " + std::to_string(k) + "/3", dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("shard " + std::to_string(k) + "/3: "), std::string::npos) << r.out;
    listed += static_cast<std::size_t>(std::count(r.out.begin(), r.out.end(), '\n')) - 2;
  }
  // The three listings hold every run once (each adds a header and a cost line).
  EXPECT_EQ(listed,
            static_cast<std::size_t>(std::count(all.out.begin(), all.out.end(), '\n')) - 1 - 2 - 5);
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

TEST(CliShard, ThreeShardsMergeIntoThePlainRun) {
  if (!cli_shard_has_models()) GTEST_SKIP() << "decision_tree and mlp are not built in";
  const TempDir dir;
  (void)dir.write("c.json", kCliShardConfig);
  ASSERT_EQ(run_cli("run c.json --out plain --no-figures", dir.path()).exit_code, 0);
  std::set<std::string> all;
  std::size_t total = 0;
  for (int k = 1; k <= 3; ++k) {
    const auto r = run_cli(
        "run c.json --shard " + std::to_string(k) + "/3 --jobs " + std::to_string(k % 2 + 1),
        dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const fs::path shard = dir.path() / "out" / ("qs.shard-" + std::to_string(k) + "-of-3");
    EXPECT_TRUE(fs::exists(shard / "shard.json"));
    EXPECT_FALSE(fs::exists(shard / "results.json"));
    const auto ids = cli_shard_ids(shard);
    total += ids.size();
    all.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(total, all.size());  // disjoint
  EXPECT_EQ(all, cli_shard_ids(dir.path() / "plain"));
  const auto m = run_cli(
      "merge out/qs.shard-1-of-3 out/qs.shard-2-of-3 out/qs.shard-3-of-3 --out merged --no-figures",
      dir.path());
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_NE(m.out.find("report:  merged/report.html"), std::string::npos) << m.out;
  EXPECT_EQ(testing::comparable_results(dir.path() / "merged"),
            testing::comparable_results(dir.path() / "plain"));
  // A shard resumed keeps its runs.
  const auto resumed = run_cli("run c.json --shard 2/3 --resume", dir.path());
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("already done"), std::string::npos) << resumed.err;
}

TEST(CliShard, MergeRefusesOtherConfigsConflictsAndReportsMissingShards) {
  if (!cli_shard_has_models()) GTEST_SKIP() << "decision_tree and mlp are not built in";
  const TempDir dir;
  (void)dir.write("c.json", kCliShardConfig);
  std::string other = kCliShardConfig;
  other.replace(other.find("\"seeds\": [0]"), 12, "\"seeds\": [1]");
  (void)dir.write("d.json", other);
  for (const char* k : {"1", "3"})
    ASSERT_EQ(
        run_cli(std::string("run c.json --shard ") + k + "/3 --out s" + k, dir.path()).exit_code,
        0);
  ASSERT_EQ(run_cli("run d.json --shard 2/3 --out d2", dir.path()).exit_code, 0);

  auto r = run_cli("merge s1 d2 --out m", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("d2: holds runs of a different config"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "m"));

  // A copy of shard 1 with one record changed (not only its timing) conflicts.
  fs::copy(dir.path() / "s1", dir.path() / "s1x", fs::copy_options::recursive);
  auto runs = read_run_log((dir.path() / "s1" / "runs.jsonl").string());
  ASSERT_FALSE(runs.empty());
  auto changed = runs;
  changed[0].test_score += 0.5;
  write_run_log((dir.path() / "s1x" / "runs.jsonl").string(), changed);
  r = run_cli("merge s1 s1x --out m", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("run " + runs[0].run_id + ": conflicting records in s1 and s1x"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "m"));
  // Different timings alone are no conflict.
  auto timed = runs;
  timed[0].timing.fit_seconds += 1.0;
  write_run_log((dir.path() / "s1x" / "runs.jsonl").string(), timed);
  EXPECT_EQ(run_cli("merge s1 s1x --out m1", dir.path()).exit_code, 0);

  r = run_cli("merge s1 s3 --out m", dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("shard 2/3"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("shard 1/3"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir.path() / "m" / "runs.jsonl"));
  EXPECT_FALSE(fs::exists(dir.path() / "m" / "results.json"));
}

}  // namespace
}  // namespace prunekit
