// A property of the CLI over the config schema: any config the schema (docs/config.schema.json)
// admits, given to `prunekit run --dry-run`, ends with exit 0 (planned) or 2 (refused with a
// message), never 1 (an internal error) nor a signal. The configs are drawn from the schema
// itself, with plausible values where it leaves a string open (dataset and method names).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "prunekit/experiment/config.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

class ConfigDraw {
 public:
  explicit ConfigDraw(std::uint64_t seed) : rng_(seed) {}

  nlohmann::json value(const nlohmann::json& schema, const std::string& path) {
    if (schema.contains("enum")) return pick(schema["enum"]);
    if (schema.contains("const")) return schema["const"];
    for (const char* any : {"oneOf", "anyOf"})
      if (schema.contains(any)) return value(pick(schema[any]), path);
    const std::string type = schema.value("type", "object");
    if (type == "object") return object(schema, path);
    if (type == "array") return array(schema, path);
    if (type == "integer") return integer(schema);
    if (type == "number") return number(schema);
    if (type == "boolean") return chance(0.5);
    return text(path);
  }

 private:
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  std::size_t below(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }
  nlohmann::json pick(const nlohmann::json& list) { return list[below(list.size())]; }
  std::string pick_text(const std::vector<std::string>& list) { return list[below(list.size())]; }

  nlohmann::json object(const nlohmann::json& schema, const std::string& path) {
    nlohmann::json out = nlohmann::json::object();
    const auto required = schema.value("required", nlohmann::json::array());
    if (schema.contains("properties"))
      for (const auto& [key, sub] : schema["properties"].items()) {
        const bool must = std::find(required.begin(), required.end(), key) != required.end();
        if (sub.is_boolean() || (!must && !chance(0.3))) continue;
        out[key] = value(sub, path + "/" + key);
      }
    // Where the schema admits any key (model and method parameters), add plausible ones.
    if (schema.value("additionalProperties", false) == true)
      for (int k = 0; k < 2; ++k) {
        if (!chance(0.2)) continue;
        const std::string key = pick_text({"max_depth", "min_samples_leaf", "criterion", "hidden",
                                           "epochs", "alpha", "folds", "sparsity", "confidence",
                                           "pruning_fraction", "select", "dropout", "scope"});
        out[key] = pick(nlohmann::json::parse(
            R"([0, 1, 2, 3, 0.5, 0.999, -1, 1e300, "gini", "squared_error", "cv_1se", "global",
                [1, 2], [4], "x", null, true, {"a": 1}])"));
      }
    return out;
  }

  nlohmann::json array(const nlohmann::json& schema, const std::string& path) {
    nlohmann::json out = nlohmann::json::array();
    const std::size_t n = schema.value("minItems", std::size_t{0}) + below(3);
    for (std::size_t i = 0; i < n; ++i)
      out.push_back(value(schema.value("items", nlohmann::json::object()), path + "/*"));
    return out;
  }

  nlohmann::json integer(const nlohmann::json& schema) {
    const long long lo = schema.value("minimum", 0LL);
    return pick(nlohmann::json::array({lo, lo + 1, lo + 2, lo + 4, lo + 999, 1LL << 40}));
  }

  nlohmann::json number(const nlohmann::json& schema) {
    const double lo = schema.value("exclusiveMinimum", schema.value("minimum", 0.0));
    const double hi = schema.value("exclusiveMaximum", schema.value("maximum", lo + 10.0));
    const double x = std::uniform_real_distribution<double>(lo, hi)(rng_);
    return x == lo && schema.contains("exclusiveMinimum") ? (lo + hi) / 2 : x;
  }

  std::string text(const std::string& path) {
    if (path.rfind("/datasets", 0) == 0 && path.find("/target") == std::string::npos)
      return pick_text({"iris", "wine", "zoo", "glass", "iris", "wine", "diabetes_regression",
                        "no_such_dataset"});
    if (path.find("/kind") != std::string::npos)
      return pick_text({"decision_tree", "decision_tree", "decision_tree", "mlp", "forest"});
    if (path.find("/method") != std::string::npos)
      return pick_text({"none", "none", "cost_complexity", "cost_complexity", "reduced_error",
                        "pessimistic", "error_based", "minimum_error", "critical_value",
                        "magnitude", "random", "nope"});
    if (path == "/name") return pick_text({"prop", "prop", "prop", "../escape", "a b"});
    return pick_text({"x", "label", "tree", "mlp", "class"});
  }

  std::mt19937_64 rng_;
};

/// Half of the draws are pulled towards validity (the rules the schema cannot state: unique
/// dataset names, protocol keys of the chosen kind only, labels that exist, a plain name), so
/// that the planning code behind the checks is exercised too, not only the first check.
void lean_towards_valid(nlohmann::json& config) {
  if (config.contains("name")) config["name"] = "prop";
  nlohmann::json unique = nlohmann::json::array();
  for (const auto& d : config["datasets"])
    if (d.is_string() && std::find(unique.begin(), unique.end(), d) == unique.end())
      unique.push_back(d);
  if (!unique.empty()) config["datasets"] = unique;
  if (config.contains("protocol")) config["protocol"] = {{"kind", "kfold"}, {"folds", 3}};
  config["model"] = {{"kind", "decision_tree"}};
  for (auto& p : config["pruners"]) {
    const auto method = p["method"];
    p = {{"method", method}};
  }
}

TEST(CliConfigProperty, ConfigsFromTheSchemaDryRunWithExitZeroOrTwo) {
  const testing::TempDir dir;
  int planned = 0;
  for (std::uint64_t seed = 0; seed < 60; ++seed) {
    ConfigDraw draw(seed);
    nlohmann::json config = draw.value(config_schema(), "");
    config.erase("output");  // a dry run writes nothing anyway; keep the folder out of it
    if (seed % 2 == 1) lean_towards_valid(config);
    (void)dir.write("p.json", config.dump(2));
    const auto r = testing::run_cli("run p.json --dry-run", dir.path());
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 2) << "exit " << r.exit_code << " for\n"
                                                      << config.dump(2) << "\n"
                                                      << r.err;
    if (r.exit_code == 2) {
      EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
    }
    planned += r.exit_code == 0;
  }
  // The draw is not all noise: some configs are valid and get planned.
  EXPECT_GE(planned, 1);
}

}  // namespace
}  // namespace prunekit
