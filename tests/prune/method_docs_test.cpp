// docs/pruning.md shows each method's parameter table as its declaration generates it. After
// changing a declaration, regenerate the tables with
//   PRUNEKIT_UPDATE_DOCS=1 prunekit_tests --gtest_filter='MethodDocs.*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "prunekit/prune/registry.hpp"

namespace prunekit {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// `doc` with the block between each method's markers replaced by its generated table;
/// `missing` collects the methods with parameters that have no block.
std::string with_generated_tables(std::string doc, std::vector<std::string>& missing) {
  for (const auto& method : MethodRegistry::builtin().methods()) {
    const std::string open = "<!-- params: " + method->name + " -->\n";
    const std::string close = "<!-- /params: " + method->name + " -->";
    const auto begin = doc.find(open);
    const auto end = doc.find(close);
    if (begin == std::string::npos || end == std::string::npos || end < begin) {
      if (!method_table(*method).params().empty()) missing.push_back(method->name);
      continue;
    }
    doc.replace(begin + open.size(), end - begin - open.size(), method_markdown_table(*method));
  }
  return doc;
}

TEST(MethodDocs, PruningDocsShowTheDeclaredParameters) {
  const std::string path = std::string(PRUNEKIT_SOURCE_DIR) + "/docs/pruning.md";
  const std::string doc = read_text(path);
  ASSERT_FALSE(doc.empty()) << path;
  std::vector<std::string> missing;
  const std::string generated = with_generated_tables(doc, missing);
  EXPECT_TRUE(missing.empty()) << "no parameter block in docs/pruning.md for " << missing.front();
  if (std::getenv("PRUNEKIT_UPDATE_DOCS") != nullptr && generated != doc) {
    std::ofstream(path, std::ios::binary) << generated;
    return;
  }
  EXPECT_EQ(generated, doc) << "docs/pruning.md is out of date: run PRUNEKIT_UPDATE_DOCS=1 "
                               "prunekit_tests --gtest_filter='MethodDocs.*'";
}

TEST(MethodDocs, MarkdownListsEveryMethodWithItsTable) {
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
