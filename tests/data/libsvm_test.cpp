#include "prunekit/data/libsvm.hpp"

#include <gtest/gtest.h>

#include "prunekit/core/error.hpp"
#include "prunekit/data/load.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

using testing::TempDir;

void expect_libsvm_error(const std::string& path, std::initializer_list<std::string> parts) {
  try {
    (void)read_libsvm(path);
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    for (const auto& p : parts)
      EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
  }
}

TEST(LibSvm, ReadsSparseRowsDense) {
  const TempDir dir;
  const auto path = dir.write("a.libsvm",
                              "# comment line\n"
                              "+1 1:0.5 3:-2 # trailing comment\n"
                              "-1 qid:3 2:1e2\n"
                              "\n"
                              "1 4:7\n");
  const Dataset d = read_libsvm(path);
  d.check();
  ASSERT_EQ(d.rows, 3u);
  ASSERT_EQ(d.n_features(), 4u);
  EXPECT_EQ(d.schema.features[3].name, "f4");
  EXPECT_FLOAT_EQ(d.value(0, 0), 0.5f);
  EXPECT_FLOAT_EQ(d.value(0, 1), 0.0f);
  EXPECT_FLOAT_EQ(d.value(0, 2), -2.0f);
  EXPECT_FLOAT_EQ(d.value(1, 1), 100.0f);
  EXPECT_FLOAT_EQ(d.value(2, 3), 7.0f);
  EXPECT_EQ(d.schema.task, Task::classification);
  EXPECT_EQ(d.schema.class_names, (std::vector<std::string>{"-1", "1"}));
  EXPECT_EQ(d.labels, (std::vector<std::int32_t>{1, 0, 1}));
}

TEST(LibSvm, RealLabelsAreRegressionAndOptionsOverride) {
  const TempDir dir;
  const auto path = dir.write("r.svm", "0.5 1:1\n2 2:1\n");
  const Dataset d = load_dataset(path);
  EXPECT_EQ(d.schema.task, Task::regression);
  EXPECT_EQ(d.targets, (std::vector<double>{0.5, 2.0}));
  const auto ints = dir.write("i.svm", "1 1:1\n2 2:1\n");
  LibSvmOptions options;
  options.task = Task::regression;
  options.n_features = 5;
  const Dataset e = read_libsvm(ints, options);
  EXPECT_EQ(e.schema.task, Task::regression);
  EXPECT_EQ(e.n_features(), 5u);
  EXPECT_EQ(read_libsvm(ints).schema.task, Task::classification);
}

TEST(LibSvmErrors, ZeroIndex) {
  const TempDir dir;
  const auto path = dir.write("z.libsvm", "1 1:1\n1 0:3 2:1\n");
  expect_libsvm_error(path, {path + ":2:3", "must be >= 1"});
}

TEST(LibSvmErrors, NonAscendingIndex) {
  const TempDir dir;
  const auto path = dir.write("n.libsvm", "1 1:1 3:2 2:5\n");
  expect_libsvm_error(path, {path + ":1:11", "strictly ascending"});
}

TEST(LibSvmErrors, GarbageIndexAndMissingColon) {
  const TempDir dir;
  const auto garbage = dir.write("g.libsvm", "1 x1:1\n");
  expect_libsvm_error(garbage, {garbage + ":1:3", "'x1' is not an integer"});
  const auto colon = dir.write("c.libsvm", "1 1:1 25\n");
  expect_libsvm_error(colon, {colon + ":1:7", "missing ':'"});
  const auto negative = dir.write("m.libsvm", "1 -3:1\n");
  expect_libsvm_error(negative, {negative + ":1:3", "must be >= 1"});
  const auto value = dir.write("v.libsvm", "1 2:abc\n");
  expect_libsvm_error(value, {value + ":1:5", "'abc'"});
}

}  // namespace
}  // namespace prunekit
