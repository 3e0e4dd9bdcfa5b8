// The CLI with decision trees: train, show, eval and import-sklearn, run as a user would.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "prunekit/core/json_file.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/model/registry.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

using testing::run_cli;
using testing::TempDir;

std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

/// `prunekit train --model tree <options> --save <model>`, which must succeed.
testing::CliResult train_tree(const std::string& options, const std::filesystem::path& model) {
  auto r = run_cli("train --model tree " + options + " --save " + quoted(model));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r;
}

TEST(CliTree, TrainShowEval) {
  const TempDir dir;
  const auto model = dir.path() / "iris_tree.json";
  auto r = train_tree("--dataset iris --set max_depth=3 --set criterion=entropy", model);
  EXPECT_NE(r.out.find("accuracy: 0.9"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" on the training data (iris, 150 rows)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("depth 3"), std::string::npos) << r.out;

  r = run_cli("show " + quoted(model));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("criterion entropy"), std::string::npos) << r.out;
  r = run_cli("show " + quoted(model) + " --text");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("|--- petal"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("class: setosa"), std::string::npos) << r.out;
  r = run_cli("show " + quoted(model) + " --dot");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("digraph Tree {", 0), 0u) << r.out;
  EXPECT_EQ(r.out.find("fillcolor"), std::string::npos) << r.out;
  r = run_cli("show " + quoted(model) + " --dot --filled");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("fillcolor=\"#"), std::string::npos) << r.out;
  EXPECT_EQ(run_cli("show " + quoted(model) + " --filled").exit_code, 2);

  r = run_cli("eval " + quoted(model) + " --dataset iris");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("accuracy: 0.9"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("confusion matrix"), std::string::npos) << r.out;
}

TEST(CliTree, RegressionTree) {
  const TempDir dir;
  const auto model = dir.path() / "reg.json";
  auto r = train_tree(
      "--dataset diabetes_regression --set min_samples_leaf=10 --set max_leaf_nodes=20", model);
  EXPECT_NE(r.out.find("20 leaves"), std::string::npos) << r.out;
  r = run_cli("eval " + quoted(model) + " --dataset diabetes_regression");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("R2: "), std::string::npos) << r.out;
}

TEST(CliTree, UnknownParameterNamesItsPath) {
  const TempDir dir;
  const auto r = run_cli("train --dataset iris --model tree --set max_dept=3 --save " +
                         quoted(dir.path() / "m.json"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/max_dept"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "m.json"));
}

TEST(CliTree, CorruptModelFileExitsTwoNamingTheFile) {
  const TempDir dir;
  const auto model = dir.path() / "m.json";
  ASSERT_EQ(run_cli("train --dataset iris --model tree --save " + quoted(model)).exit_code, 0);
  std::stringstream text;
  text << std::ifstream(model).rdbuf();
  std::string s = text.str();
  const auto at = s.find("\"children_left\":[");
  ASSERT_NE(at, std::string::npos);
  s.insert(at + 17, "99999,");
  const auto bad = dir.write("bad.json", s);
  const auto r = run_cli("show '" + bad + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad), std::string::npos) << r.err;
}

TEST(CliTree, ImportSklearnThenEval) {
  const TempDir dir;
  const std::string dump = std::string(PRUNEKIT_FIXTURES_DIR) + "/sklearn_breast_cancer_dump.json";
  const auto model = dir.path() / "sk.json";
  auto r = run_cli("import-sklearn '" + dump + "' --dataset breast_cancer --save " + quoted(model));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("imported"), std::string::npos);
  // The scikit-learn tree was grown to purity on all 569 rows.
  r = run_cli("eval " + quoted(model) + " --dataset breast_cancer");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("accuracy: 1.0000 on the data (breast_cancer, 569 rows)"), std::string::npos)
      << r.out;
  r = run_cli("show " + quoted(model) + " --text");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("class: malignant"), std::string::npos);
  // Without data the model file holds the tree only.
  r = run_cli("import-sklearn '" + dump + "' --save " + quoted(dir.path() / "bare.json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_cli("import-sklearn '" + dump + "' --dataset iris --save " +
              quoted(dir.path() / "x.json"));
  EXPECT_EQ(r.exit_code, 2);
}

TEST(CliTree, ImportSklearnTakesFeatureNamesFromTheDataAndListsBothClassSets) {
  const TempDir dir;
  // The iris tree of tests/fixtures/sklearn_export_graphviz.json, dumped without feature names
  // (fitted on a numpy array).
  auto golden =
      read_json_file(std::string(PRUNEKIT_FIXTURES_DIR) + "/sklearn_export_graphviz.json");
  auto dump_json = golden["classification"]["dump"];
  dump_json["feature_names_in_"] = nullptr;
  const auto dump = dir.write("dump.json", dump_json.dump());
  std::string csv = "a,b,c,d,label\n";
  for (int i = 0; i < 6; ++i)
    csv += "5.1,3.5," + std::to_string(1 + i) + ",0." + std::to_string(i) + ",setosa\n";
  csv += "6.0,3.0,4.5,1.5,versicolor\n6.5,3.0,5.5,2.0,virginica\n";
  const auto data = dir.write("named.csv", csv);
  const auto model = dir.path() / "m.json";
  auto r = run_cli("import-sklearn '" + dump + "' --data '" + data + "' --save " + quoted(model));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_cli("show " + quoted(model) + " --text");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("|--- d <= 0.8"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("x3"), std::string::npos) << r.out;

  const auto other = dir.write("other.csv", "a,b,c,d,label\n1,2,3,4,yes\n1,2,3,5,no\n");
  r = run_cli("import-sklearn '" + dump + "' --data '" + other + "' --save " +
              quoted(dir.path() / "x.json"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("['no', 'yes']"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("['setosa', 'versicolor', 'virginica']"), std::string::npos) << r.err;
}

TEST(CliTree, ModelSavedByTheLibraryIsUsableByTheCli) {
  const TempDir dir;
  const std::string path = (dir.path() / "lib_tree.json").string();
  {
    const Dataset data = load_bundled("breast_cancer");
    auto model = make_model("decision_tree", {{"max_depth", 3}});
    Rng rng(0);
    model->fit(data, rng);
    save_model(*model, path);
  }
  auto r = run_cli("eval '" + path + "' --dataset breast_cancer");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("accuracy: 0.9"), std::string::npos) << r.out;
  // An imported tree saved without --data, on data that needs preprocessing: a clear error.
  const std::string dump = std::string(PRUNEKIT_FIXTURES_DIR) + "/sklearn_breast_cancer_dump.json";
  const auto bare = dir.path() / "bare.json";
  ASSERT_EQ(run_cli("import-sklearn '" + dump + "' --save " + quoted(bare)).exit_code, 0);
  r = run_cli("eval " + quoted(bare) + " --dataset breast_cancer");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = run_cli("eval '" + path + "' --dataset credit_g");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no preprocessing"), std::string::npos) << r.err;
}

TEST(CliTree, HeldOutScoresAreLabelledWithTheirData) {
  const TempDir dir;
  const auto model = dir.path() / "m.json";
  auto r =
      run_cli("train --dataset breast_cancer --model tree --test-fraction 0.25 --seed 3 --save " +
              quoted(model));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("accuracy: 1.0000 on the training data (426 rows of breast_cancer)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(" on the held-out part (143 rows, 25 % of breast_cancer, seed 3)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(" leaves, depth "), std::string::npos) << r.out;
  // eval and prune hold out the same rows for the same fraction and seed.
  r = run_cli("eval " + quoted(model) + " --dataset breast_cancer --test-fraction 0.25 --seed 3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(" on the held-out part (143 rows"), std::string::npos) << r.out;
  r = run_cli("prune " + quoted(model) +
              " --method pessimistic --dataset breast_cancer "
              "--test-fraction 0.25 --seed 3 --save " +
              quoted(dir.path() / "p.json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1.0000 on the pruning data (426 rows of breast_cancer) before pruning"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(" on the held-out part (143 rows, 25 % of breast_cancer, seed 3) after"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("{"), std::string::npos) << "sizes in words, not JSON: " << r.out;
  r = run_cli("prune " + quoted(model) +
              " --method pessimistic --dataset breast_cancer "
              "--test-data '" +
              testing::source_datasets_dir() + "/breast_cancer.csv' --save " +
              quoted(dir.path() / "q.json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(" on the test data ("), std::string::npos) << r.out;
  EXPECT_EQ(
      run_cli("train --dataset iris --test-fraction 1.5 --save " + quoted(dir.path() / "x.json"))
          .exit_code,
      2);
}

TEST(CliTree, HelpOnTreeCommands) {
  for (const char* command : {"train", "show", "eval", "import-sklearn"}) {
    const auto r = run_cli(std::string(command) + " --help");
    EXPECT_EQ(r.exit_code, 0) << command << ": " << r.err;
  }
}

}  // namespace
}  // namespace prunekit
