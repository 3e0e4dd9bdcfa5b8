// Shards: parsing K/N, the LPT assignment, slices that partition the plan by fit group, and
// merging shard folders back into the results of one plain run.
#include "prunekit/experiment/shard.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "experiment/test_models.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/experiment/manifest.hpp"
#include "prunekit/experiment/merge.hpp"
#include "prunekit/experiment/runner.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

namespace fs = std::filesystem;

nlohmann::json shard_test_config(const char* seeds = "[0, 1]") {
  return nlohmann::json::parse(std::string(R"({
    "name": "sharded",
    "datasets": ["iris", "wine"],
    "protocol": {"kind": "kfold", "folds": 3, "seed": 2},
    "seeds": )") + seeds + R"(,
    "model": {"kind": "test_centroid", "shrink": 0.1},
    "pruners": [{"method": "none"},
                {"method": "none", "model": {"dropout": 0.3}},
                {"method": "test_flatten", "fraction": [0.25, 0.75]}]
  })");
}

ExperimentPlan shard_test_plan(const nlohmann::json& config) {
  return plan_experiment(parse_experiment_config(config, "sharded.json"),
                         testing::test_factories());
}

/// The run ids in a folder's runs.jsonl.
std::set<std::string> shard_test_ids(const fs::path& dir) {
  std::set<std::string> ids;
  for (const auto& r : read_run_log((dir / "runs.jsonl").string())) ids.insert(r.run_id);
  return ids;
}

ExperimentOutcome shard_test_run(const ExperimentPlan& plan, const fs::path& out, ShardSpec shard,
                                 int jobs = 1) {
  RunnerOptions options;
  options.output = out.string();
  options.shard = shard;
  options.jobs = jobs;
  options.figures = false;
  return run_experiment(plan, testing::test_factories(), options);
}

TEST(Shard, ParsesKOfNAndRejectsTheRestNamingTheOption) {
  const auto s = parse_shard("2/8");
  EXPECT_EQ(s.index, 2u);
  EXPECT_EQ(s.count, 8u);
  EXPECT_TRUE(parse_shard("1/1").whole());
  for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/", "/3", "1/3x", " 1/3"}) {
    try {
      (void)parse_shard(bad);
      ADD_FAILURE() << bad;
    } catch (const InvalidArgument& e) {
      EXPECT_NE(std::string(e.what()).find("--shard"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(shard_name({3, 8}), "shard-3-of-8");
}

TEST(Shard, LongestProcessingTimeFirstByHand) {
  // By hand: 5 -> shard 0 (5); 4 -> 1 (4); 3 -> 1 (7); 3 -> 0 (8); 3 -> 1 (10).
  const std::vector<double> costs = {5, 4, 3, 3, 3};
  EXPECT_EQ(assign_groups(costs, 2), (std::vector<std::size_t>{0, 1, 1, 0, 1}));
  EXPECT_EQ(shard_loads(costs, assign_groups(costs, 2), 2), (std::vector<double>{8, 10}));
  const auto f = forecast_shards(costs, 2);
  EXPECT_DOUBLE_EQ(f.total, 18);
  EXPECT_DOUBLE_EQ(f.makespan, 10);
  EXPECT_DOUBLE_EQ(f.speedup(), 1.8);
  // More shards than groups: the rest stay empty; the makespan is the largest group.
  EXPECT_DOUBLE_EQ(forecast_shards(costs, 8).makespan, 5);
  EXPECT_DOUBLE_EQ(forecast_shards(costs, 1).speedup(), 1);
}

TEST(Shard, SlicesPartitionThePlanByFitGroup) {
  const auto plan = shard_test_plan(shard_test_config());
  const auto costs = group_costs(plan, testing::test_factories());
  ASSERT_EQ(costs.size(), plan.groups.size());
  for (const double c : costs) EXPECT_GT(c, 0.0);
  for (std::size_t n = 1; n <= 7; ++n) {
    const auto assignment = assign_groups(costs, n);
    EXPECT_EQ(assignment, assign_groups(group_costs(plan, testing::test_factories()), n));
    std::vector<int> seen(plan.groups.size(), 0);
    std::vector<int> run_seen(plan.runs.size(), 0);
    for (std::size_t k = 1; k <= n; ++k)
      for (const auto g : groups_of_shard(assignment, {k, n})) {
        ++seen[g];
        for (const auto r : plan.groups[g].runs) ++run_seen[r];
      }
    EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int s) { return s == 1; })) << n;
    EXPECT_TRUE(std::all_of(run_seen.begin(), run_seen.end(), [](int s) { return s == 1; })) << n;
  }
}

TEST(Shard, ShardRunsDoNotDependOnJobsAndWriteNoSummary) {
  const testing::TempDir dir;
  const auto plan = shard_test_plan(shard_test_config());
  const auto one = shard_test_run(plan, dir.path() / "one", {2, 3}, 1);
  const auto two = shard_test_run(plan, dir.path() / "two", {2, 3}, 2);
  EXPECT_TRUE(one.partial);
  EXPECT_FALSE(one.interrupted);
  EXPECT_EQ(shard_test_ids(dir.path() / "one"), shard_test_ids(dir.path() / "two"));
  EXPECT_EQ(shard_test_ids(dir.path() / "one").size(), one.runs_total);
  EXPECT_LT(one.runs_total, plan.runs.size());
  EXPECT_FALSE(fs::exists(dir.path() / "one" / "results.json"));
  EXPECT_FALSE(fs::exists(dir.path() / "one" / "summary.csv"));
  const auto manifest = read_manifest((dir.path() / "one").string());
  EXPECT_EQ(manifest.plan_id, plan_identity(plan));
  EXPECT_EQ(manifest.shard.index, 2u);
  EXPECT_EQ(manifest.shard.count, 3u);
  // --resume keeps the shard's runs and runs nothing else.
  RunnerOptions resume;
  resume.output = (dir.path() / "one").string();
  resume.shard = {2, 3};
  resume.resume = true;
  const auto again = run_experiment(plan, testing::test_factories(), resume);
  EXPECT_EQ(again.runs_resumed, one.runs_total);
  EXPECT_EQ(again.runs_dropped, 0u);
}

TEST(Shard, MergeOfThreeShardsEqualsOnePlainRun) {
  const testing::TempDir dir;
  const auto plan = shard_test_plan(shard_test_config());
  std::vector<std::string> dirs;
  for (std::size_t k = 1; k <= 3; ++k) {
    dirs.push_back((dir.path() / ("s" + std::to_string(k))).string());
    (void)shard_test_run(plan, dirs.back(), {k, 3}, static_cast<int>(k % 2 + 1));
  }
  dirs.push_back(dirs.front());  // a folder given twice: its runs are duplicates, not conflicts
  (void)shard_test_run(plan, dir.path() / "plain", {});
  MergeOptions options;
  options.output = (dir.path() / "merged").string();
  options.figures = false;
  const auto merged = merge_outputs(dirs, testing::test_factories(), options);
  EXPECT_TRUE(merged.complete);
  EXPECT_EQ(merged.runs_found, plan.runs.size());
  EXPECT_GT(merged.duplicates, 0u);
  EXPECT_EQ(testing::comparable_results(dir.path() / "merged"),
            testing::comparable_results(dir.path() / "plain"));
}

TEST(Shard, MergeReportsMissingShardsAndWritesNoSummary) {
  const testing::TempDir dir;
  const auto plan = shard_test_plan(shard_test_config());
  (void)shard_test_run(plan, dir.path() / "s1", {1, 3});
  (void)shard_test_run(plan, dir.path() / "s3", {3, 3});
  std::ostringstream warnings;
  MergeOptions options;
  options.output = (dir.path() / "merged").string();
  options.warnings = &warnings;
  const auto merged = merge_outputs({(dir.path() / "s1").string(), (dir.path() / "s3").string()},
                                    testing::test_factories(), options);
  EXPECT_FALSE(merged.complete);
  ASSERT_EQ(merged.missing.size(), 1u);
  EXPECT_EQ(merged.missing[0].index, 2u);
  EXPECT_NE(warnings.str().find("shard 2/3"), std::string::npos) << warnings.str();
  EXPECT_FALSE(fs::exists(dir.path() / "merged" / "results.json"));
  EXPECT_EQ(shard_test_ids(dir.path() / "merged").size(), merged.runs_found);
}

}  // namespace
}  // namespace prunekit
