// DOT rendering against scikit-learn's export_graphviz on the same trees
// (tests/fixtures/sklearn_export_graphviz.py), and rendered by Graphviz when `dot` is installed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "prunekit/core/json_file.hpp"
#include "prunekit/tree/tree_io.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

const nlohmann::json& export_graphviz_golden() {
  static const nlohmann::json golden =
      read_json_file(std::string(PRUNEKIT_FIXTURES_DIR) + "/sklearn_export_graphviz.json");
  return golden;
}

Tree golden_tree(const std::string& which) {
  return tree_from_sklearn_json(export_graphviz_golden().at(which).at("dump"), which);
}

class ExportGraphviz : public ::testing::TestWithParam<const char*> {};

TEST_P(ExportGraphviz, FilledDotEqualsScikitLearns) {
  const std::string expected = export_graphviz_golden().at(GetParam()).at("dot_filled");
  EXPECT_EQ(render_tree_dot(golden_tree(GetParam()), {.filled = true}), expected + "\n");
}

INSTANTIATE_TEST_SUITE_P(Tasks, ExportGraphviz, ::testing::Values("classification", "regression"));

TEST(TreeDot, LabelsBreakLinesWithDotsNewlineEscape) {
  const std::string dot = render_tree_dot(golden_tree("classification"));
  EXPECT_NE(dot.find("petal_width_cm <= 0.8\\ngini = 0.667\\nsamples = 150"), std::string::npos)
      << dot;
  EXPECT_EQ(dot.find("\\\\n"), std::string::npos) << "a doubled backslash shows as text: " << dot;
  EXPECT_EQ(dot.find("fillcolor"), std::string::npos);
}

TEST(TreeDot, QuotesInNamesAreEscaped) {
  Tree tree = golden_tree("classification");
  tree.feature_names[3] = "width \"cm\"";
  const std::string dot = render_tree_dot(tree);
  EXPECT_NE(dot.find("width \\\"cm\\\" <= 0.8"), std::string::npos) << dot;
}

TEST(TreeDot, GraphvizRendersOneTextLinePerLabelLine) {
  if (std::system("command -v dot >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "Graphviz `dot` is not installed";
  const testing::TempDir dir;
  const std::string in =
      dir.write("tree.dot", render_tree_dot(golden_tree("classification"), {.filled = true}));
  const std::string out = (dir.path() / "tree.svg").string();
  ASSERT_EQ(std::system(("dot -Tsvg '" + in + "' -o '" + out + "'").c_str()), 0);
  std::ifstream file(out);
  std::stringstream svg;
  svg << file.rdbuf();
  const std::string text = svg.str();
  // Each label line is its own <text> element: the root box has five.
  EXPECT_NE(text.find(">petal_width_cm &lt;= 0.8</text>"), std::string::npos) << text;
  EXPECT_NE(text.find(">samples = 150</text>"), std::string::npos) << text;
  EXPECT_NE(text.find(">class = setosa</text>"), std::string::npos) << text;
  EXPECT_NE(text.find("fill=\"#e58139\""), std::string::npos) << text;
}

}  // namespace
}  // namespace prunekit
