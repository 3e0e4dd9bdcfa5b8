// Tree files: exact round trips, corrupt files, renderings, and scikit-learn imports that
// must reproduce scikit-learn's own predictions (golden files made by
// tests/fixtures/make_sklearn_golden.py).
#include "prunekit/tree/tree_io.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "prunekit/core/error.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/tree/builder.hpp"
#include "prunekit/tree/decision_tree_model.hpp"
#include "support/test_support.hpp"
#include "tree/tree_test_support.hpp"

namespace prunekit {
namespace {

std::string data_file(const std::string& name) {
  return std::string(PRUNEKIT_FIXTURES_DIR) + "/" + name;
}

TEST(TreeIo, RoundTripIsBitExact) {
  auto d = tree_testing::random_regression(300, 3, 4);
  Rng rng(0);
  const Tree t = build_tree(d, {.max_leaf_nodes = 40}, rng);
  const std::string text = tree_to_json(t).dump();
  const Tree back = tree_from_json(nlohmann::json::parse(text), "mem");
  EXPECT_EQ(back.threshold, t.threshold);  // operator== on doubles: bit-exact
  EXPECT_EQ(back.value, t.value);
  EXPECT_EQ(back.impurity, t.impurity);
  EXPECT_EQ(back.children_left, t.children_left);
  EXPECT_EQ(back.weighted_n_node_samples, t.weighted_n_node_samples);
  EXPECT_EQ(back.predict(d), t.predict(d));
}

TEST(TreeIo, ThresholdsThatNeedAllDigitsSurvive) {
  Tree t;
  t.task = Task::regression;
  t.criterion = Criterion::squared_error;
  t.n_features = 1;
  t.children_left = {1, -1, -1};
  t.children_right = {2, -1, -1};
  t.feature = {0, -1, -1};
  t.threshold = {0.1 + 0.2, 0, 0};  // 0.30000000000000004
  t.impurity = {1, 0, 0};
  t.n_node_samples = {2, 1, 1};
  t.weighted_n_node_samples = {2, 1, 1};
  t.value = {std::nextafter(1.0, 2.0), 1e-300, -5e300};
  const Tree back = tree_from_json(nlohmann::json::parse(tree_to_json(t).dump()), "mem");
  EXPECT_EQ(back.threshold[0], 0.1 + 0.2);
  EXPECT_EQ(back.value, t.value);
}

TEST(TreeIo, SavedModelPredictsIdentically) {
  const Dataset d = load_bundled("breast_cancer");
  DecisionTreeModel model(parse_decision_tree_params({{"max_depth", 6}}, "", ""));
  Rng rng(0);
  model.fit(d, rng);
  const testing::TempDir dir;
  const std::string path = (dir.path() / "m.json").string();
  save_model(model, path);
  const auto loaded = load_model(path);
  EXPECT_EQ(loaded->kind(), "decision_tree");
  EXPECT_EQ(loaded->predict(d), model.predict(d));
  EXPECT_EQ(loaded->params(), model.params());
  EXPECT_EQ(loaded->render("text"), model.render("text"));
}

nlohmann::json saved_model() {
  const auto d = tree_testing::random_classification(100, 3, 1);
  DecisionTreeModel model;
  Rng rng(0);
  model.fit(d, rng);
  return model.to_json();
}

void expect_tree_file_error(const nlohmann::json& j, const std::string& needle) {
  try {
    (void)model_from_json(j, "bad_model.json");
    FAIL() << "no error for " << needle;
  } catch (const DataError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("bad_model.json"), std::string::npos) << what;
    EXPECT_NE(what.find(needle), std::string::npos) << what;
  }
}

TEST(TreeIo, CorruptFilesAreDataErrorsNamingTheFile) {
  auto j = saved_model();
  j["tree"]["nodes"]["threshold"].erase(0);
  expect_tree_file_error(j, "threshold");
  j = saved_model();
  j["tree"]["nodes"]["children_left"][0] = 100000;
  expect_tree_file_error(j, "out of range");
  j = saved_model();
  j["tree"]["nodes"]["children_left"][0] = 0;  // its own child: not after its parent
  expect_tree_file_error(j, "not after its parent");
  j = saved_model();
  j["tree"]["criterion"] = "chi2";
  expect_tree_file_error(j, "unknown criterion");
  j = saved_model();
  j["tree"]["nodes"]["value"] = "x";
  expect_tree_file_error(j, "value");
  j = saved_model();
  j["params"]["max_dept"] = 3;
  expect_tree_file_error(j, "max_dept");
  j = saved_model();
  j["tree"].erase("nodes");
  expect_tree_file_error(j, "nodes");
}

TEST(TreeIo, Renderings) {
  Tree t;
  t.task = Task::classification;
  t.n_features = 1;
  t.n_classes = 2;
  t.feature_names = {"petal_length"};
  t.class_names = {"setosa", "other"};
  t.children_left = {1, -1, -1};
  t.children_right = {2, -1, -1};
  t.feature = {0, -1, -1};
  t.threshold = {2.45, 0, 0};
  t.impurity = {0.5, 0, 0};
  t.n_node_samples = {100, 50, 50};
  t.weighted_n_node_samples = {100, 50, 50};
  t.value = {50, 50, 50, 0, 0, 50};
  EXPECT_EQ(render_tree_text(t),
            "|--- petal_length <= 2.45\n"
            "|   |--- class: setosa (samples 50, value [50, 0])\n"
            "|--- petal_length >  2.45\n"
            "|   |--- class: other (samples 50, value [0, 50])\n");
  const std::string dot = render_tree_dot(t);
  EXPECT_EQ(dot.rfind("digraph Tree {", 0), 0u);
  EXPECT_NE(dot.find("0 -> 1"), std::string::npos);
  EXPECT_NE(dot.find("petal_length <= 2.45"), std::string::npos);
  EXPECT_NE(render_tree_summary(t).find("nodes: 3, leaves: 2, depth: 1"), std::string::npos);
}

struct Golden {
  std::string name;
  std::string dataset;
};

void PrintTo(const Golden& g, std::ostream* os) { *os << g.name; }

class SklearnImport : public ::testing::TestWithParam<Golden> {};

TEST_P(SklearnImport, PredictsExactlyAsScikitLearn) {
  const auto& g = GetParam();
  const std::string dump_path = data_file("sklearn_" + g.name + "_dump.json");
  const Tree t = tree_from_sklearn_json(read_json_file(dump_path), dump_path);
  const auto golden = read_json_file(data_file("sklearn_" + g.name + "_predictions.json"));
  const Dataset d = load_bundled(g.dataset);
  ASSERT_EQ(d.rows, golden.at("n_rows").get<std::size_t>());
  const auto leaves = t.apply(d);
  const auto expected_leaves = golden.at("apply").get<std::vector<std::int32_t>>();
  EXPECT_EQ(leaves, expected_leaves);
  const auto importances = t.feature_importances();
  const auto expected_importances = golden.at("feature_importances").get<std::vector<double>>();
  ASSERT_EQ(importances.size(), expected_importances.size());
  for (std::size_t f = 0; f < importances.size(); ++f)
    EXPECT_NEAR(importances[f], expected_importances[f], 1e-12) << "feature " << f;
  const auto p = t.predict(d);
  if (t.task == Task::classification) {
    const auto expected = golden.at("predict").get<std::vector<std::string>>();
    for (std::size_t i = 0; i < d.rows; ++i)
      ASSERT_EQ(t.class_names[static_cast<std::size_t>(p[i])], expected[i]) << "row " << i;
    const auto proba = t.predict_proba(d);
    const auto expected_proba = golden.at("predict_proba").get<std::vector<std::vector<double>>>();
    for (std::size_t i = 0; i < d.rows; ++i)
      for (std::size_t c = 0; c < t.n_classes; ++c)
        ASSERT_NEAR(proba[i * t.n_classes + c], expected_proba[i][c], 1e-12) << "row " << i;
  } else {
    const auto expected = golden.at("predict").get<std::vector<double>>();
    for (std::size_t i = 0; i < d.rows; ++i) ASSERT_EQ(p[i], expected[i]) << "row " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Golden, SklearnImport,
                         ::testing::Values(Golden{"breast_cancer", "breast_cancer"},
                                           Golden{"breast_cancer_entropy", "breast_cancer"},
                                           Golden{"diabetes_regression", "diabetes_regression"}),
                         [](const auto& info) { return info.param.name; });

TEST(SklearnImport, KeepsNamesAndStatistics) {
  const std::string path = data_file("sklearn_breast_cancer_dump.json");
  const Tree t = tree_from_sklearn_json(read_json_file(path), path);
  EXPECT_EQ(t.class_names, (std::vector<std::string>{"benign", "malignant"}));
  EXPECT_EQ(t.feature_names[0], "mean_radius");
  EXPECT_EQ(t.n_node_samples[0], 569);
  EXPECT_DOUBLE_EQ(t.node_value(0)[0], 357.0);
  EXPECT_EQ(t.validate(), "");
}

TEST(SklearnImport, CorruptDumpNamesTheFile) {
  const std::string path = data_file("sklearn_breast_cancer_dump.json");
  auto j = read_json_file(path);
  j["tree_"]["feature"].erase(0);
  EXPECT_THROW((void)tree_from_sklearn_json(j, "dump.json"), DataError);
  j = read_json_file(path);
  j["criterion"] = "log_loss2";
  try {
    (void)tree_from_sklearn_json(j, "dump.json");
    FAIL();
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("dump.json"), std::string::npos);
  }
}

}  // namespace
}  // namespace prunekit
