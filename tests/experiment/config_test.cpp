// Config parsing and the full pre-run check: every kind of mistake is rejected before anything
// runs, with the config file and the JSON path in the message.
#include "prunekit/experiment/config.hpp"

#include <gtest/gtest.h>

#include "experiment/test_models.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/experiment/json_schema.hpp"
#include "prunekit/experiment/plan.hpp"

namespace prunekit {
namespace {

nlohmann::json base_config() {
  return nlohmann::json::parse(R"({
    "name": "t",
    "datasets": ["iris"],
    "protocol": {"kind": "kfold", "folds": 3, "seed": 1},
    "model": {"kind": "test_centroid"},
    "pruners": [{"method": "none"}, {"method": "test_flatten", "fraction": 0.5}]
  })");
}

/// The message of the ConfigError that checking `config` throws ("" when none).
std::string error_of(const nlohmann::json& config) {
  try {
    const auto parsed = parse_experiment_config(config, "configs/x.json");
    (void)plan_experiment(parsed, testing::test_factories());
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(Config, SchemaFileMatchesTheCompiledSchema) {
  const auto file = read_json_file(std::string(PRUNEKIT_SOURCE_DIR) + "/docs/config.schema.json");
  EXPECT_EQ(file, config_schema());
  EXPECT_NO_THROW(check_schema_keywords(file));
}

TEST(Config, ValidConfigParsesWithDefaults) {
  const auto c = parse_experiment_config(base_config(), "configs/x.json");
  EXPECT_EQ(c.name, "t");
  EXPECT_EQ(c.output, "out/t");
  EXPECT_EQ(c.seeds, std::vector<std::uint64_t>{0});
  EXPECT_EQ(c.protocol.folds, 3u);
  ASSERT_EQ(c.pruners.size(), 2u);
  EXPECT_EQ(c.pruners[1].label, "test_flatten(fraction=0.5)");
  EXPECT_EQ(error_of(base_config()), "");
}

TEST(Config, UnknownKeys) {
  auto c = base_config();
  c["datasest"] = 1;
  EXPECT_EQ(error_of(c).rfind("configs/x.json: /datasest: unknown key (valid: ", 0), 0u)
      << error_of(c);
  c = base_config();
  c["protocol"]["fold"] = 3;
  EXPECT_NE(error_of(c).find("configs/x.json: /protocol/fold: unknown key"), std::string::npos);
  c = base_config();
  c["pruners"][1]["fractoin"] = 0.3;
  EXPECT_EQ(error_of(c), "configs/x.json: /pruners/1/fractoin: unknown key (valid: fraction)");
  c = base_config();
  c["model"]["shrnk"] = 0.1;
  EXPECT_EQ(error_of(c),
            "configs/x.json: /model/shrnk: unknown key (valid: shrink, dropout, sleep_ms)");
  c = base_config();
  c["protocol"]["test_fraction"] = 0.2;  // not used by kfold
  EXPECT_EQ(error_of(c), "configs/x.json: /protocol/test_fraction: not used by the kfold protocol");
}

TEST(Config, WrongTypes) {
  auto c = base_config();
  c["datasets"] = "iris";
  EXPECT_EQ(error_of(c), "configs/x.json: /datasets: must be a list, got \"iris\"");
  c = base_config();
  c["datasets"][0] = 3;
  EXPECT_EQ(error_of(c), "configs/x.json: /datasets/0: must be string or object, got 3");
  c = base_config();
  c["protocol"]["folds"] = 2.5;
  EXPECT_EQ(error_of(c), "configs/x.json: /protocol/folds: must be an integer, got 2.5");
  c = base_config();
  c["pruners"][1]["fraction"] = "half";
  EXPECT_NE(error_of(c).find("configs/x.json: /pruners/1/fraction: must be a number"),
            std::string::npos);
  c = base_config();
  c.erase("model");
  EXPECT_EQ(error_of(c), "configs/x.json: /model: is required");
}

TEST(Config, ImpossibleValues) {
  auto c = base_config();
  c["pruners"][1]["fraction"] = -1;
  EXPECT_EQ(error_of(c), "configs/x.json: /pruners/1/fraction: must be in [0, 1), got -1");
  c = base_config();
  c["pruners"][1]["fraction"] = nlohmann::json::array({0.5, 0.8, 1.0});
  EXPECT_EQ(error_of(c), "configs/x.json: /pruners/1/fraction/2: must be in [0, 1), got 1.0");
  c = base_config();
  c["protocol"] = {{"kind", "holdout"}, {"test_fraction", 1.5}};
  EXPECT_EQ(error_of(c), "configs/x.json: /protocol/test_fraction: must be < 1, got 1.5");
  c = base_config();
  c["seeds"] = {1, 2, 1};
  EXPECT_EQ(error_of(c), "configs/x.json: /seeds/2: seed 1 is listed twice");
  c = base_config();
  c["protocol"] = {{"kind", "learning_curve"}, {"fractions", {0.5, 0.25}}};
  EXPECT_NE(error_of(c).find("/protocol/fractions/1: fractions must increase"), std::string::npos);
}

TEST(Config, MoreFoldsThanRowsOfTheSmallestClass) {
  auto c = base_config();
  c["datasets"] = {"zoo"};
  c["protocol"]["folds"] = 5;  // zoo's smallest class has 4 rows
  const auto e = error_of(c);
  EXPECT_EQ(e.rfind("configs/x.json: /protocol/folds: 5 stratified folds but class ", 0), 0u) << e;
  EXPECT_NE(e.find("has only 4 rows"), std::string::npos) << e;
}

TEST(Config, MissingDatasetAndUnknownKinds) {
  auto c = base_config();
  c["datasets"] = {"iris", "no_such_data"};
  EXPECT_EQ(error_of(c).rfind("configs/x.json: /datasets/1: no bundled dataset or file named "
                              "'no_such_data' (bundled: ",
                              0),
            0u)
      << error_of(c);
  c = base_config();
  c["model"]["kind"] = "forest";
  EXPECT_NE(error_of(c).find("configs/x.json: /model/kind: unknown model kind 'forest'"),
            std::string::npos)
      << error_of(c);
  c = base_config();
  c["pruners"][1]["method"] = "prune_everything";
  EXPECT_NE(
      error_of(c).find("configs/x.json: /pruners/1/method: unknown method 'prune_everything'"),
      std::string::npos);
}

TEST(Config, PrunerThatDoesNotSupportTheModelKind) {
  auto c = base_config();
  c["model"]["kind"] = "test_other";
  EXPECT_EQ(error_of(c),
            "configs/x.json: /pruners/1/method: method 'test_flatten' does not support model "
            "kind 'test_other'");
}

TEST(Config, ModelOverridesAreChecked) {
  auto c = base_config();
  c["pruners"][0]["model"] = {{"dropout", 1.5}};
  EXPECT_EQ(error_of(c), "configs/x.json: /pruners/0/model/dropout: must be in [0, 1), got 1.5");
  c = base_config();
  c["pruners"][0]["model"] = {{"kind", "mlp"}};
  EXPECT_EQ(error_of(c), "configs/x.json: /pruners/0/model/kind: is not allowed here");
}

TEST(Config, DuplicateLabelsAndDatasets) {
  auto c = base_config();
  c["pruners"].push_back({{"method", "none"}});
  EXPECT_EQ(error_of(c),
            "configs/x.json: /pruners/2: two pruners have the label 'none' (give one a \"label\")");
  c = base_config();
  c["datasets"] = {"iris", "iris"};
  EXPECT_NE(error_of(c).find("/datasets/1: dataset 'iris' is listed twice"), std::string::npos);
}

}  // namespace
}  // namespace prunekit
