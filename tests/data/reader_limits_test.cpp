// Reader limits (docs/datasets.md, Limits): refused early with the file and the limit, before
// memory is committed; duplicate names found in linear time (these files took minutes when the
// checks were quadratic: the ctest timeout would stop a regression).
#include <gtest/gtest.h>

#include <string>

#include "prunekit/core/error.hpp"
#include "prunekit/data/arff.hpp"
#include "prunekit/data/csv.hpp"
#include "prunekit/data/idx.hpp"
#include "prunekit/data/libsvm.hpp"
#include "prunekit/data/limits.hpp"
#include "prunekit/data/preprocess.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

template <typename Read>
std::string limit_error(Read&& read) {
  try {
    read();
  } catch (const DataError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ReaderLimits, DuplicateNamesAmongManyColumnsAreFound) {
  const testing::TempDir dir;
  const std::size_t n = 200'000;
  std::string header;
  for (std::size_t j = 0; j < n; ++j) header += "c" + std::to_string(j) + ",";
  const auto csv = dir.write("wide.csv", header + "c7\n");
  EXPECT_NE(limit_error([&] { (void)read_csv(csv); }).find("duplicate column name 'c7'"),
            std::string::npos);
  std::string arff = "@relation r\n";
  for (std::size_t j = 0; j < n; ++j) arff += "@attribute a" + std::to_string(j) + " real\n";
  const auto path = dir.write("wide.arff", arff + "@attribute a7 real\n@data\n");
  EXPECT_NE(limit_error([&] { (void)read_arff(path); }).find("duplicate attribute 'a7'"),
            std::string::npos);
}

TEST(ReaderLimits, NominalLevelsAndColumnsAreBounded) {
  const testing::TempDir dir;
  std::string levels;
  for (std::size_t k = 0; k <= kMaxLevels; ++k) levels += (k ? "," : "") + std::to_string(k);
  const auto arff = dir.write("levels.arff", "@relation r\n@attribute a {" + levels + "}\n");
  EXPECT_NE(limit_error([&] { (void)read_arff(arff); }).find("more than 100000 nominal values"),
            std::string::npos);
  std::string header(2 * (kMaxColumns + 1), ',');
  for (std::size_t j = 0; j <= kMaxColumns; ++j) header[2 * j] = 'x';
  const auto csv = dir.write("too_wide.csv", header + "\n");
  EXPECT_NE(limit_error([&] { (void)read_csv(csv); }).find("more than the limit of 1000000"),
            std::string::npos);
  const auto svm = dir.write("big.libsvm", "1 2147483648:1\n");
  EXPECT_NE(limit_error([&] { (void)read_libsvm(svm); }).find("exceed the limit"),
            std::string::npos);
}

TEST(ReaderLimits, OneHotEncodingOfAnIdColumnIsRefused) {
  const testing::TempDir dir;
  std::string csv = "id,y\n";
  for (int i = 0; i < 20'000; ++i)
    csv += "id" + std::to_string(i) + "," + (i % 2 ? "a" : "b") + "\n";
  const Dataset data = read_csv(dir.write("ids.csv", csv));
  ASSERT_TRUE(data.schema.features[0].categorical);
  const Preprocessor onehot(data, PreprocessOptions{});
  EXPECT_NE(limit_error([&] { (void)onehot.apply(data); }).find("one-hot encoding (an ID column?"),
            std::string::npos);
  PreprocessOptions ordinal;
  ordinal.encoding = CategoricalEncoding::ordinal;
  EXPECT_EQ(Preprocessor(data, ordinal).apply(data).n_features(), 1u);
}

TEST(ReaderLimits, GzipIdxStopsInflatingAtTheDeclaredSize) {
  const testing::TempDir dir;
  // The header declares 1 item of 1 byte; 200 kB of zeros follow, 241 bytes compressed
  // (Python: gzip.compress(header + bytes(200 * 1024), mtime=0)).
  const std::string packed =
      std::string(
          "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xed\xc3\xb1\x0d\x00\x20\x0c\xc0\xb0"
          "\x94\x89\xff\x2f\x66\xe9\x15\xc8\x96\x5c\xf7\x54\xb3\x01",
          33) +
      std::string(197, '\0') + std::string("\xf8\xc8\x03\x69\xaa\xb8\x84\x0c\x20\x03\x00", 11);
  const auto images = dir.write("b.images.idx.gz", packed);
  const auto labels =
      dir.write("b.labels.idx", std::string("\x00\x00\x08\x01\x00\x00\x00\x01\x00", 9));
  EXPECT_NE(limit_error([&] {
              (void)read_idx(images, labels);
            }).find("gzip data inflates to more than the 13 bytes its IDX header declares"),
            std::string::npos);
}

TEST(ReaderLimits, AnIdxLabelsFileAloneSaysWhatItIs) {
  const testing::TempDir dir;
  const auto labels =
      dir.write("t10k-labels-idx1-ubyte", std::string("\x00\x00\x08\x01\x00\x00\x00\x00", 8));
  EXPECT_NE(limit_error([&] { (void)read_idx(labels); }).find("this is an IDX labels file"),
            std::string::npos);
}

}  // namespace
}  // namespace prunekit
