// A scikit-learn dump with a float where an integer is required is refused with the field's
// name (found by fuzz_sklearn: -8.9e63 converted to int was undefined behaviour).
#include <gtest/gtest.h>

#include <string>

#include "prunekit/core/error.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/tree/tree_io.hpp"

namespace prunekit {
namespace {

TEST(SklearnDumpTypes, FloatsWhereIntegersAreRequiredAreRefused) {
  const std::string path = std::string(PRUNEKIT_FIXTURES_DIR) + "/sklearn_breast_cancer_dump.json";
  auto dump = read_json_file(path);
  ASSERT_NO_THROW((void)tree_from_sklearn_json(dump, path));
  dump["tree_"]["children_right"][0] = -8.88889e63;
  try {
    (void)tree_from_sklearn_json(dump, path);
    FAIL() << "accepted";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("children_right: must hold integers"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace prunekit
