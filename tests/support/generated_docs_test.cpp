// The parameter tables in docs/ are generated from the declarations: each pruning method's in
// docs/pruning.md, each model kind's in docs/trees.md and docs/networks.md. After changing a
// declaration, regenerate them with
//   PRUNEKIT_UPDATE_DOCS=1 prunekit_tests --gtest_filter='GeneratedDocs.*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include "prunekit/model/registry.hpp"
#include "prunekit/prune/registry.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

/// `doc` with the block between the markers of each entry of `tables` replaced by its table;
/// `missing` collects the entries that have no block.
std::string with_generated_tables(std::string doc, const std::map<std::string, std::string>& tables,
                                  std::vector<std::string>& missing) {
  for (const auto& [name, table] : tables) {
    const std::string open = "<!-- params: " + name + " -->\n";
    const std::string close = "<!-- /params: " + name + " -->";
    const auto begin = doc.find(open);
    const auto end = doc.find(close);
    if (begin == std::string::npos || end == std::string::npos || end < begin) {
      missing.push_back(name);
      continue;
    }
    doc.replace(begin + open.size(), end - begin - open.size(), table);
  }
  return doc;
}

/// Checks (or with PRUNEKIT_UPDATE_DOCS, rewrites) one document's generated blocks.
void expect_generated(const std::string& relative_path,
                      const std::map<std::string, std::string>& tables) {
  const std::string path = std::string(PRUNEKIT_SOURCE_DIR) + "/" + relative_path;
  const std::string doc = testing::read_text(path);
  ASSERT_FALSE(doc.empty()) << path;
  std::vector<std::string> missing;
  const std::string generated = with_generated_tables(doc, tables, missing);
  EXPECT_TRUE(missing.empty()) << "no parameter block in " << relative_path << " for "
                               << missing.front();
  if (std::getenv("PRUNEKIT_UPDATE_DOCS") != nullptr && generated != doc) {
    std::ofstream(path, std::ios::binary) << generated;
    return;
  }
  EXPECT_EQ(generated, doc) << relative_path
                            << " is out of date: run PRUNEKIT_UPDATE_DOCS=1 "
                               "prunekit_tests --gtest_filter='GeneratedDocs.*'";
}

TEST(GeneratedDocs, PruningDocsShowTheDeclaredParameters) {
  std::map<std::string, std::string> tables;
  for (const auto& method : MethodRegistry::builtin().methods())
    if (!method_table(*method).params().empty())
      tables[method->name] = method_markdown_table(*method);
  expect_generated("docs/pruning.md", tables);
}

TEST(GeneratedDocs, ModelDocsShowTheDeclaredParameters) {
  for (const auto& [kind, doc] :
       {std::pair{"decision_tree", "docs/trees.md"}, std::pair{"mlp", "docs/networks.md"},
        std::pair{"cnn", "docs/networks.md"}}) {
    const ParamTable* table = model_param_table(kind);
    ASSERT_NE(table, nullptr) << kind;
    expect_generated(doc, {{std::string("model ") + kind, table->markdown()}});
  }
}

TEST(GeneratedDocs, MarkdownListsEveryMethodWithItsTable) {
  const std::string markdown = MethodRegistry::builtin().markdown();
  for (const auto& method : MethodRegistry::builtin().methods()) {
    EXPECT_NE(markdown.find("### `" + method->name + "`"), std::string::npos) << method->name;
    EXPECT_NE(markdown.find(method_markdown_table(*method)), std::string::npos) << method->name;
  }
  EXPECT_EQ(MethodRegistry::builtin().markdown("decision_tree").find("`magnitude`"),
            std::string::npos);
}

}  // namespace
}  // namespace prunekit
