// rpart's printcp reproduced: the same tree settings, rpart's own fold vector, and the cp table
// R's rpart computed (tests/fixtures/rpart_printcp.R wrote the golden files; R is not needed here).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "prunekit/core/error.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/data/load.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/prune/tree/cp_table.hpp"

namespace prunekit {
namespace {

struct RpartCase {
  const char* golden;
  const char* data;  ///< a bundled name, or a fixture file name (with its extension)
};

Dataset load_case_data(const std::string& data) {
  if (data.find('.') == std::string::npos) return load_bundled(data);
  return load_dataset(std::string(PRUNEKIT_FIXTURES_DIR) + "/" + data);
}

class RpartPrintcp : public ::testing::TestWithParam<RpartCase> {};

TEST_P(RpartPrintcp, CpTableEqualsRpartsOnItsFolds) {
  const std::string file = std::string(PRUNEKIT_FIXTURES_DIR) + "/" + GetParam().golden;
  const auto golden = read_json_file(file);
  const Dataset data = load_case_data(GetParam().data);
  const auto& control = golden.at("control");
  auto model = make_model("decision_tree", {{"min_samples_split", control.at("minsplit")},
                                            {"min_samples_leaf", control.at("minbucket")},
                                            {"criterion", "gini"},
                                            {"feature_order", "column"}});
  Rng rng(0);
  model->fit(data, rng);
  CpTableParams params;
  params.fold_of_row = golden.at("fold_of_row").get<std::vector<std::size_t>>();
  const CpTable table = cp_table(dynamic_cast<const DecisionTreeModel&>(*model), &data, params);

  EXPECT_NEAR(table.root_risk, golden.at("root_risk").get<double>(), 1e-12);
  const auto& expected = golden.at("cptable");
  ASSERT_EQ(table.rows.size(), expected.size());
  for (std::size_t r = 0; r < expected.size(); ++r) {
    const auto& row = expected[r];
    const std::string where = file + " row " + std::to_string(r + 1);
    EXPECT_NEAR(table.rows[r].cp, row.at("CP").get<double>(), 1e-12) << where;
    EXPECT_EQ(table.rows[r].nsplit, row.at("nsplit").get<std::size_t>()) << where;
    EXPECT_NEAR(table.rows[r].rel_error, row.at("rel_error").get<double>(), 1e-12) << where;
    EXPECT_NEAR(table.rows[r].xerror, row.at("xerror").get<double>(), 1e-12) << where;
    EXPECT_NEAR(table.rows[r].xstd, row.at("xstd").get<double>(), 1e-12) << where;
  }
}

INSTANTIATE_TEST_SUITE_P(Rpart, RpartPrintcp,
                         ::testing::Values(RpartCase{"rpart_printcp_kyphosis.json", "kyphosis.csv"},
                                           RpartCase{"rpart_printcp_kyphosis_deep.json",
                                                     "kyphosis.csv"},
                                           RpartCase{"rpart_printcp_iris.json", "iris"}));

TEST(CpTable, OneSeRowIsTheFewestSplitsWithinOneXstdOfTheMinimum) {
  const Dataset data = load_bundled("iris");
  auto model = make_model("decision_tree", {{"min_samples_leaf", 2}});
  Rng rng(0);
  model->fit(data, rng);
  CpTableParams params;
  params.folds = 5;
  const CpTable table = cp_table(dynamic_cast<const DecisionTreeModel&>(*model), &data, params);
  ASSERT_TRUE(table.row_min && table.row_1se);
  const auto& best = table.rows[*table.row_min];
  for (std::size_t r = 0; r < table.rows.size(); ++r) EXPECT_GE(table.rows[r].xerror, best.xerror);
  EXPECT_LE(table.rows[*table.row_1se].xerror, best.xerror + best.xstd);
  for (std::size_t r = 0; r < *table.row_1se; ++r)
    EXPECT_GT(table.rows[r].xerror, best.xerror + best.xstd) << "row " << r;
  // Largest CP first, as printcp.
  for (std::size_t r = 1; r < table.rows.size(); ++r)
    EXPECT_LT(table.rows[r].cp, table.rows[r - 1].cp);
}

TEST(CpTable, ImpossibleFoldVectorsAreRejected) {
  const Dataset data = load_bundled("iris");
  auto model = make_model("decision_tree", nlohmann::json::object());
  Rng rng(0);
  model->fit(data, rng);
  CpTableParams params;
  params.fold_of_row = {1, 2, 1};
  EXPECT_THROW((void)cp_table(dynamic_cast<const DecisionTreeModel&>(*model), &data, params),
               InvalidArgument);
  params.fold_of_row.assign(data.rows, 1);
  params.fold_of_row[0] = 1000000000;  // would allocate a billion folds
  EXPECT_THROW((void)cp_table(dynamic_cast<const DecisionTreeModel&>(*model), &data, params),
               InvalidArgument);
  params.fold_of_row.assign(data.rows, 1);  // one fold: nothing to train on
  EXPECT_THROW((void)cp_table(dynamic_cast<const DecisionTreeModel&>(*model), &data, params),
               InvalidArgument);
}

}  // namespace
}  // namespace prunekit
