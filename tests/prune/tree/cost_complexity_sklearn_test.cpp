// prunekit's cost-complexity path against scikit-learn's on the very same tree: the tree and
// sklearn's cost_complexity_pruning_path were written once by tests/fixtures/sklearn_ccp_golden.py.
#include <gtest/gtest.h>

#include <cmath>

#include "prunekit/core/json_file.hpp"
#include "prunekit/prune/tree/cost_complexity.hpp"
#include "prunekit/tree/tree_io.hpp"

namespace prunekit {
namespace {

void expect_relative(double expected, double actual, double tolerance, const std::string& what) {
  const double scale = std::max(std::fabs(expected), 1e-300);
  EXPECT_LE(std::fabs(expected - actual) / scale, tolerance)
      << what << ": expected " << expected << ", got " << actual;
}

class SklearnPath : public ::testing::TestWithParam<const char*> {};

TEST_P(SklearnPath, EqualsScikitLearnsPathOnItsOwnTree) {
  const std::string file =
      std::string(PRUNEKIT_FIXTURES_DIR) + "/sklearn_ccp_" + GetParam() + ".json";
  const auto golden = read_json_file(file);
  const Tree tree = tree_from_sklearn_json(golden.at("dump"), file);
  const auto path = cost_complexity_path(tree, {TreeRisk::impurity, TieRule::one_at_a_time});
  const auto alphas = golden.at("ccp_alphas").get<std::vector<double>>();
  const auto impurities = golden.at("impurities").get<std::vector<double>>();
  ASSERT_EQ(path.steps.size(), alphas.size());
  for (std::size_t k = 0; k < alphas.size(); ++k) {
    if (alphas[k] == 0.0)
      EXPECT_LE(std::fabs(path.steps[k].alpha), 1e-15) << "alpha " << k;
    else
      expect_relative(alphas[k], path.steps[k].alpha, 1e-9, "alpha " + std::to_string(k));
    if (impurities[k] == 0.0)
      EXPECT_LE(std::fabs(path.steps[k].risk), 1e-15) << "risk " << k;
    else
      expect_relative(impurities[k], path.steps[k].risk, 1e-9, "impurity " + std::to_string(k));
  }
}

INSTANTIATE_TEST_SUITE_P(Datasets, SklearnPath,
                         ::testing::Values("breast_cancer", "digits", "diabetes_regression"));

}  // namespace
}  // namespace prunekit
