// Run expansion: grids, fit groups, baselines and stable run IDs.
#include "prunekit/experiment/plan.hpp"

#include <gtest/gtest.h>

#include <set>

#include "experiment/test_models.hpp"
#include "prunekit/core/error.hpp"

namespace prunekit {
namespace {

/// A check that accepts "hidden" as a list and wants numbers for every other key in [0, 1].
void fake_check(const nlohmann::json& spec) {
  for (auto it = spec.begin(); it != spec.end(); ++it) {
    if (it.key() == "hidden" || it.key() == "method") continue;
    if (!it.value().is_number()) throw ConfigError("f.json", "/p/" + it.key(), "must be a number");
    if (it.value().get<double>() > 1)
      throw ConfigError("f.json", "/p/" + it.key(), "must be <= 1, got " + it.value().dump());
  }
}

TEST(Grid, TheAxesListsExpandIntoTheirProduct) {
  const auto spec = nlohmann::json::parse(
      R"({"method": "m", "sparsity": [0.5, 0.8, 0.9], "rate": [0.1, 0.2], "hidden": [300, 100], "x": 0.3})");
  const auto points = expand_grid(spec, {"rate", "sparsity"}, fake_check, "f.json", "/p");
  ASSERT_EQ(points.size(), 6u);
  // First key (alphabetical: rate) outermost.
  EXPECT_EQ(points[0].values, nlohmann::json::parse(R"({"rate": 0.1, "sparsity": 0.5})"));
  EXPECT_EQ(points[1].values, nlohmann::json::parse(R"({"rate": 0.1, "sparsity": 0.8})"));
  EXPECT_EQ(points[5].values, nlohmann::json::parse(R"({"rate": 0.2, "sparsity": 0.9})"));
  for (const auto& p : points) {
    EXPECT_EQ(p.spec["hidden"], nlohmann::json::parse("[300, 100]"));  // a real list stays
    EXPECT_EQ(p.spec["x"], 0.3);
    EXPECT_TRUE(p.spec["sparsity"].is_number());
  }
}

TEST(Grid, ErrorInAGridValueNamesItsIndex) {
  const auto spec = nlohmann::json::parse(R"({"sparsity": [0.5, 2, 0.9]})");
  try {
    (void)expand_grid(spec, {"sparsity"}, fake_check, "f.json", "/p");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "f.json: /p/sparsity/1: must be <= 1, got 2");
  }
}

TEST(Grid, NoListsGiveOnePoint) {
  const auto points =
      expand_grid(nlohmann::json::parse(R"({"a": 0.5})"), {}, fake_check, "f", "/p");
  ASSERT_EQ(points.size(), 1u);
  EXPECT_TRUE(points[0].values.empty());
}

ExperimentConfig config_of(const std::string& text) {
  return parse_experiment_config(nlohmann::json::parse(text), "t.json");
}

const char* kConfig = R"({
  "name": "plan",
  "datasets": ["iris", "wine"],
  "protocol": {"kind": "repeated_kfold", "folds": 3, "repeats": 2, "seed": 4},
  "seeds": [0, 1],
  "model": {"kind": "test_centroid"},
  "pruners": [{"method": "none"},
              {"method": "none", "model": {"dropout": 0.3}},
              {"method": "test_flatten", "fraction": [0.25, 0.5, 0.75]}]
})";

TEST(Plan, ExpandsDatasetsSplitsSeedsAndVariants) {
  const auto plan = plan_experiment(config_of(kConfig), testing::test_factories());
  ASSERT_EQ(plan.variants.size(), 5u);  // none, none+dropout, 3 fractions
  EXPECT_EQ(plan.variants[2].label, "test_flatten fraction=0.25");
  EXPECT_EQ(plan.variants[2].grid, nlohmann::json::parse(R"({"fraction": 0.25})"));
  EXPECT_EQ(plan.variants[1].label, "none +dropout=0.3");
  EXPECT_TRUE(plan.variants[0].baseline);
  EXPECT_FALSE(plan.variants[1].baseline);
  for (const auto& v : plan.variants) EXPECT_EQ(v.baseline_variant, 0u);
  // 2 datasets x 6 splits x 2 seeds x 5 variants.
  EXPECT_EQ(plan.runs.size(), 2u * 6u * 2u * 5u);
  // Fit groups: per dataset x split x seed, one for the plain model, one for dropout 0.3.
  EXPECT_EQ(plan.groups.size(), 2u * 6u * 2u * 2u);
  std::size_t grouped = 0;
  for (const auto& g : plan.groups) {
    grouped += g.runs.size();
    for (const auto r : g.runs) {
      EXPECT_EQ(plan.runs[r].dataset, g.dataset);
      EXPECT_EQ(plan.runs[r].split, g.split);
      EXPECT_EQ(plan.runs[r].seed, g.seed);
      EXPECT_EQ(plan.variants[plan.runs[r].variant].model_params, g.model_params);
    }
  }
  EXPECT_EQ(grouped, plan.runs.size());
  EXPECT_EQ(plan.groups[0].runs.size(), 4u);  // none + 3 fractions share the plain model
}

TEST(Plan, RunIdsAreStableAndUnique) {
  // stable_hash = splitmix64(FNV-1a 64), computed independently in Python:
  //   fnv("abc") = 0xe71fa2190541574b -> splitmix64 -> 29e32c04ec3f9c30
  EXPECT_EQ(hex_id(stable_hash("abc")), "29e32c04ec3f9c30");
  EXPECT_EQ(hex_id(stable_hash("")), "c3817c016ba4ff30");
  const auto a = plan_experiment(config_of(kConfig), testing::test_factories());
  // Same settings written in another key order: same IDs.
  auto reordered = nlohmann::json::parse(kConfig);
  const auto b = plan_experiment(
      parse_experiment_config(nlohmann::json::parse(reordered.dump(2)), "other.json"),
      testing::test_factories());
  ASSERT_EQ(a.runs.size(), b.runs.size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < a.runs.size(); ++i) {
    EXPECT_EQ(a.runs[i].id, b.runs[i].id);
    EXPECT_EQ(a.runs[i].stream, b.runs[i].stream);
    EXPECT_EQ(a.runs[i].id.size(), 16u);
    ids.insert(a.runs[i].id);
  }
  EXPECT_EQ(ids.size(), a.runs.size());
  // A different seed list changes the IDs of the runs with the new seed only.
  auto changed = nlohmann::json::parse(kConfig);
  changed["seeds"] = {0, 7};
  const auto c =
      plan_experiment(parse_experiment_config(changed, "t.json"), testing::test_factories());
  std::size_t same = 0;
  for (const auto& r : c.runs) same += ids.contains(r.id);
  EXPECT_EQ(same, c.runs.size() / 2);
}

TEST(Plan, SeveralModelsEachWithTheMethodsThatSupportThem) {
  const auto plan = plan_experiment(config_of(R"({"datasets": ["iris"],
      "protocol": {"kind": "kfold", "folds": 3},
      "model": [{"kind": "test_centroid", "label": "a"}, {"kind": "test_other", "shrink": 0.5}],
      "pruners": [{"method": "none"}, {"method": "test_flatten"},
                  {"method": "none", "label": "shrunk", "models": ["a"], "model": {"shrink": 0.9}}]})"),
                                    testing::test_factories());
  std::vector<std::string> labels;
  for (const auto& v : plan.variants) labels.push_back(v.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"a: none", "test_other: none", "a: test_flatten",
                                              "a: shrunk"}));
  EXPECT_EQ(plan.variants[2].baseline_variant, 0u);
  EXPECT_EQ(plan.variants[3].baseline_variant, 0u);
  EXPECT_EQ(plan.variants[1].model_kind, "test_other");
  EXPECT_EQ(plan.groups.size(), 3u * 3u);  // per split: a, test_other, a with shrink 0.9
  try {
    (void)plan_experiment(config_of(R"({"datasets": ["iris"], "model": [{"kind": "test_centroid"},
        {"kind": "test_other"}], "pruners": [{"method": "test_flatten", "models": ["test_other"]}]})"),
                          testing::test_factories());
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "t.json: /pruners/0/method: method 'test_flatten' does not support "
                 "model kind 'test_other'");
  }
}

TEST(Plan, FoldsFileProtocolReadsOneFilePerDataset) {
  const auto plan = plan_experiment(
      config_of(R"({"datasets": ["iris"], "protocol": {"kind": "folds_file",
                   "file": ")" +
                std::string(PRUNEKIT_SOURCE_DIR) +
                R"(/configs/folds/{dataset}.json"}, "model": {"kind": "test_centroid"},
                   "pruners": [{"method": "none"}]})"),
      testing::test_factories());
  ASSERT_EQ(plan.datasets[0].splits.size(), 25u);  // 5 x 5 folds
  EXPECT_EQ(plan.datasets[0].splits[0].test.size(), 30u);
}

}  // namespace
}  // namespace prunekit
