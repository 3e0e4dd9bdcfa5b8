// One number policy for every reader (docs/datasets.md, "Numbers"): a value beyond the float
// range is an error naming file:line:column; a tiny one rounds to the nearest float (a
// subnormal or zero), the same in every format, and never turns a column categorical.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "prunekit/core/error.hpp"
#include "prunekit/data/arff.hpp"
#include "prunekit/data/csv.hpp"
#include "prunekit/data/libsvm.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

/// The first feature of the first row, read from a one-value file in each format.
struct PolicyFiles {
  testing::TempDir dir;
  std::string csv(const std::string& v) const {
    return dir.write("plain.csv", "x,y\n" + v + ",a\n2,b\n");
  }
  std::string csv_sidecar(const std::string& v) const {
    (void)dir.write("side.json", R"({"target": "y", "task": "classification"})");
    return dir.write("side.csv", "x,y\n" + v + ",a\n2,b\n");
  }
  std::string arff(const std::string& v) const {
    return dir.write(
        "a.arff", "@relation r\n@attribute x real\n@attribute y {a,b}\n@data\n" + v + ",a\n2,b\n");
  }
  std::string libsvm(const std::string& v) const {
    return dir.write("a.libsvm", "1 1:" + v + "\n0 1:2\n");
  }
};

std::string policy_error(const std::function<void()>& read) {
  try {
    read();
  } catch (const DataError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(NumberPolicy, BeyondTheFloatRangeIsAnErrorInEveryReader) {
  const PolicyFiles f;
  const std::string problem = "'1e39' is outside the range of a 32-bit float";
  const auto csv = f.csv("1e39");
  EXPECT_NE(policy_error([&] { (void)read_csv(csv); }).find(csv + ":2:1: column 'x': " + problem),
            std::string::npos);
  const auto side = f.csv_sidecar("1e39");
  EXPECT_NE(policy_error([&] { (void)read_csv(side); }).find(side + ":2:1: column 'x': " + problem),
            std::string::npos);
  const auto arff = f.arff("1e39");
  EXPECT_NE(
      policy_error([&] { (void)read_arff(arff); }).find(arff + ":5:1: attribute 'x': " + problem),
      std::string::npos);
  const auto svm = f.libsvm("1e39");
  EXPECT_NE(policy_error([&] { (void)read_libsvm(svm); }).find(svm + ":1:5: feature 1: " + problem),
            std::string::npos);
  // Beyond the double range too (the CSV reader's own slow path).
  EXPECT_NE(policy_error([&] { (void)read_csv(f.csv("-1e999")); }).find("outside the range"),
            std::string::npos);
}

TEST(NumberPolicy, TinyValuesRoundToTheNearestFloatInEveryReader) {
  const PolicyFiles f;
  const float subnormal = std::strtof("1e-40", nullptr);
  ASSERT_GT(subnormal, 0.0f);
  ASSERT_LT(subnormal, std::numeric_limits<float>::min());
  for (const auto& [text, expected] :
       {std::pair{std::string("1e-40"), subnormal}, std::pair{std::string("1e-50"), 0.0f},
        std::pair{std::string("-1e-400"), -0.0f}}) {
    const Dataset csv = read_csv(f.csv(text));
    EXPECT_FALSE(csv.schema.features[0].categorical) << text;
    EXPECT_EQ(csv.value(0, 0), expected) << text;
    EXPECT_EQ(read_csv(f.csv_sidecar(text)).value(0, 0), expected) << text;
    EXPECT_EQ(read_arff(f.arff(text)).value(0, 0), expected) << text;
    EXPECT_EQ(read_libsvm(f.libsvm(text)).value(0, 0), expected) << text;
  }
}

}  // namespace
}  // namespace prunekit
