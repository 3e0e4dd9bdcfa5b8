// prunekit prune / path / methods, run as a user would.
#include <gtest/gtest.h>

#include <filesystem>

#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

using testing::run_cli;
using testing::TempDir;

TEST(CliPrune, TrainPruneEvalRoundTrip) {
  const TempDir dir;
  const std::string model = (dir.path() / "tree.json").string();
  const std::string pruned = (dir.path() / "pruned.json").string();
  const std::string report = (dir.path() / "report.json").string();
  ASSERT_EQ(run_cli("train --dataset pima --model tree --save '" + model + "'").exit_code, 0);
  const auto r = run_cli("prune '" + model +
                         "' --method cost_complexity --select cv_1se --set folds=5 "
                         "--dataset pima --save '" +
                         pruned + "' --report '" + report + "' --jobs 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("chosen alpha"), std::string::npos) << r.out;
  const auto summary = read_json_file(report);
  EXPECT_LT(summary.at("after").at("leaves").get<int>(),
            summary.at("before").at("leaves").get<int>());
  const auto e = run_cli("eval '" + pruned + "' --dataset pima");
  ASSERT_EQ(e.exit_code, 0) << e.err;
  EXPECT_NE(e.out.find("accuracy"), std::string::npos);
}

TEST(CliPrune, ValidationDataChoosesThePoint) {
  const TempDir dir;
  const std::string model = (dir.path() / "tree.json").string();
  const std::string pruned = (dir.path() / "pruned.json").string();
  ASSERT_EQ(run_cli("train --dataset pima --model tree --save '" + model + "'").exit_code, 0);
  const std::string prune = "prune '" + model +
                            "' --method cost_complexity --select validation "
                            "--dataset pima --save '" +
                            pruned + "'";
  const auto missing = run_cli(prune);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--validation-data"), std::string::npos) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(pruned));
  const auto given =
      run_cli(prune + " --validation-data '" + PRUNEKIT_SOURCE_DIR + "/datasets/pima.csv'");
  EXPECT_EQ(given.exit_code, 0) << given.err;
  const auto fraction = run_cli(prune + " --set validation_fraction=0.3");
  EXPECT_EQ(fraction.exit_code, 0) << fraction.err;
  const auto wrong_rule =
      run_cli("prune '" + model +
              "' --method cost_complexity --select cv_min "
              "--dataset pima --save '" +
              pruned + "' --validation-data '" + PRUNEKIT_SOURCE_DIR + "/datasets/pima.csv'");
  EXPECT_EQ(wrong_rule.exit_code, 2);
}

TEST(CliPrune, EveryTreeMethodRunsFromTheCommandLine) {
  const TempDir dir;
  const std::string model = (dir.path() / "tree.json").string();
  ASSERT_EQ(run_cli("train --dataset credit_g --model tree --save '" + model + "'").exit_code, 0);
  for (const char* method :
       {"reduced_error", "pessimistic", "error_based", "minimum_error", "critical_value", "none"}) {
    const std::string out = (dir.path() / (std::string(method) + ".json")).string();
    const auto r = run_cli("prune '" + model + "' --method " + method +
                           " --dataset credit_g --save '" + out + "'");
    EXPECT_EQ(r.exit_code, 0) << method << ": " << r.err;
    EXPECT_TRUE(std::filesystem::exists(out)) << method;
  }
}

TEST(CliPrune, PathPrintsRpartStyleTableAndWritesCsv) {
  const TempDir dir;
  const std::string model = (dir.path() / "tree.json").string();
  const std::string csv = (dir.path() / "cp.csv").string();
  ASSERT_EQ(run_cli("train --dataset breast_cancer --model tree --save '" + model + "'").exit_code,
            0);
  const auto r =
      run_cli("path '" + model + "' --dataset breast_cancer --folds 5 --csv '" + csv + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("nsplit"), std::string::npos);
  EXPECT_NE(r.out.find("xerror"), std::string::npos);
  EXPECT_NE(r.out.find("<- 1-SE"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(csv));
}

TEST(CliPrune, PathHonoursRiskAndTiesAndNamesTheRisk) {
  const TempDir dir;
  const std::string model = (dir.path() / "tree.json").string();
  const std::string rpart_csv = (dir.path() / "rpart.csv").string();
  const std::string sklearn_csv = (dir.path() / "sklearn.csv").string();
  ASSERT_EQ(run_cli("train --dataset breast_cancer --model tree --save '" + model + "'").exit_code,
            0);
  auto r =
      run_cli("path '" + model + "' --dataset breast_cancer --folds 5 --csv '" + rpart_csv + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("risk: misclassification, ties pruned all at once"), std::string::npos)
      << r.out;
  // xerror is relative to the root's misclassification: 1 at nsplit 0 (no split, same error).
  EXPECT_NE(r.out.find("       0          1         1"), std::string::npos) << r.out;
  r = run_cli("path '" + model +
              "' --dataset breast_cancer --folds 5 --risk impurity --ties "
              "one_at_a_time --csv '" +
              sklearn_csv + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("risk: impurity (gini), ties pruned one at a time"), std::string::npos)
      << r.out;
  EXPECT_NE(read_file(rpart_csv), read_file(sklearn_csv));

  const std::string regression = (dir.path() / "reg.json").string();
  ASSERT_EQ(run_cli("train --dataset diabetes_regression --model tree --set max_depth=4 --save '" +
                    regression + "'")
                .exit_code,
            0);
  r = run_cli("path '" + regression + "' --dataset diabetes_regression --folds 0");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("risk: squared error"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("misclassification"), std::string::npos) << r.out;
  EXPECT_EQ(run_cli("path '" + model + "' --dataset breast_cancer --risk gini").exit_code, 2);
}

TEST(CliPrune, BadMethodOrParameterExitsTwoAndWritesNothing) {
  const TempDir dir;
  const std::string model = (dir.path() / "tree.json").string();
  const std::string out = (dir.path() / "out.json").string();
  ASSERT_EQ(run_cli("train --dataset iris --model tree --save '" + model + "'").exit_code, 0);
  auto r = run_cli("prune '" + model + "' --method nonsense --dataset iris --save '" + out + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown method 'nonsense'"), std::string::npos) << r.err;
  r = run_cli("prune '" + model +
              "' --method cost_complexity --set alpha=-1 --dataset iris --save '" + out + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/alpha"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(CliPrune, CorruptModelFileExitsTwo) {
  const TempDir dir;
  const std::string bad = dir.write(
      "bad.json", "{\"format\": \"prunekit-model\", \"version\": 1, \"kind\": \"decision_tree\"}");
  const auto r = run_cli("prune '" + bad + "' --method pessimistic --dataset iris --save '" +
                         (dir.path() / "o.json").string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad), std::string::npos) << r.err;
}

TEST(CliPrune, MethodsListsEveryMethodWithParameters) {
  const auto r = run_cli("methods --family decision_tree");
  ASSERT_EQ(r.exit_code, 0);
  for (const char* m : {"cost_complexity", "reduced_error", "pessimistic", "error_based",
                        "minimum_error", "critical_value"})
    EXPECT_NE(r.out.find(m), std::string::npos) << m;
  EXPECT_NE(r.out.find("confidence (number in (0, 0.5], default 0.25)"), std::string::npos);
}

}  // namespace
}  // namespace prunekit
