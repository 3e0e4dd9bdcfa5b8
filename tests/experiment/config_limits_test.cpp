// Config checks added against hostile configs: the name is a plain name, counts are integers
// within documented limits, and grids are bounded before they are expanded.
#include <gtest/gtest.h>

#include <string>

#include "prunekit/core/error.hpp"
#include "prunekit/experiment/config.hpp"
#include "prunekit/experiment/plan.hpp"

namespace prunekit {
namespace {

nlohmann::json limits_config() {
  return nlohmann::json::parse(R"({"name": "n", "datasets": ["iris"],
      "model": {"kind": "decision_tree"}, "pruners": [{"method": "none"}]})");
}

std::string config_error(const nlohmann::json& json) {
  try {
    (void)plan_experiment(parse_experiment_config(json, "c.json"), Factories::registries());
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(ConfigLimits, NameMustBePlain) {
  for (const char* bad : {"../victim", "a/b", ".hidden", "..", "tab\there", "/abs"}) {
    auto c = limits_config();
    c["name"] = bad;
    const auto config = parse_experiment_config(c, "c.json");
    EXPECT_THROW(check_output_folder(config, ""), ConfigError) << bad;
    EXPECT_NO_THROW(check_output_folder(config, "elsewhere")) << bad;  // --out given
  }
  for (const char* good : {"trees_uci", "run-2.b", "Quick1"}) {
    auto c = limits_config();
    c["name"] = good;
    const auto config = parse_experiment_config(c, "c.json");
    EXPECT_EQ(config.output, std::string("out/") + good);
    EXPECT_NO_THROW(check_output_folder(config, ""));
  }
  // With "output" the name is only shown (escaped in the report), never a path.
  auto shown = limits_config();
  shown["name"] = "report <../x>";
  shown["output"] = "o";
  EXPECT_NO_THROW(check_output_folder(parse_experiment_config(shown, "c.json"), ""));
}

TEST(ConfigLimits, CountsAreIntegersWithinTheirLimits) {
  for (const auto& repeats :
       {nlohmann::json(1e20), nlohmann::json(1e300), nlohmann::json(2000000000)}) {
    auto c = limits_config();
    c["protocol"] = {{"kind", "repeated_kfold"}, {"folds", 2}, {"repeats", repeats}};
    EXPECT_NE(config_error(c).find("/protocol/repeats: must be an integer from 1 to 1000"),
              std::string::npos)
        << repeats;
  }
  auto c = limits_config();
  c["seeds"] = {0, 1e300};
  EXPECT_NE(config_error(c).find("/seeds/1: must be an integer"), std::string::npos)
      << config_error(c);
}

TEST(ConfigLimits, GridsAreBoundedBeforeExpansion) {
  auto c = limits_config();
  nlohmann::json depths = nlohmann::json::array();
  for (int i = 1; i <= 40; ++i) depths.push_back(i);
  // 40^3 = 64,000 points: refused without building them.
  c["pruners"] = {{{"method", "none"},
                   {"model",
                    {{"max_depth", depths},
                     {"min_samples_leaf", depths},
                     {"min_samples_split", nlohmann::json::array()}}}}};
  c["pruners"][0]["model"]["min_samples_split"] = depths;
  for (auto& v : c["pruners"][0]["model"]["min_samples_split"]) v = v.get<int>() + 1;
  EXPECT_NE(config_error(c).find("more than 1000 points"), std::string::npos) << config_error(c);
}

}  // namespace
}  // namespace prunekit
