// Named datasets from Debian packages (fashion_mnist), read from a stand-in folder, and the
// published_split protocol that uses their own test set.
#include "prunekit/data/system_datasets.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "prunekit/core/error.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/data/idx.hpp"
#include "prunekit/experiment/plan.hpp"

namespace prunekit {
namespace {

namespace fs = std::filesystem;

/// rows x 6 images (2 x 3) with labels 0..2, values 0..255.
Dataset tiny_images(std::size_t rows, int offset) {
  Dataset d;
  d.rows = rows;
  d.schema.class_names = {"0", "1", "2"};
  for (int j = 0; j < 6; ++j) d.schema.features.push_back({"p" + std::to_string(j), false, {}});
  for (int j = 0; j < 6; ++j)
    for (std::size_t i = 0; i < rows; ++i)
      d.features.push_back(static_cast<float>((offset + static_cast<int>(i) * 7 + j) % 256));
  for (std::size_t i = 0; i < rows; ++i) d.labels.push_back(static_cast<std::int32_t>(i % 3));
  return d;
}

class SystemDatasets : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("prunekit_system_" + std::to_string(::getpid()));
    fs::create_directories(root_ / "fashion-mnist");
    ::setenv("PRUNEKIT_SYSTEM_DATASETS", root_.c_str(), 1);
  }
  void TearDown() override {
    ::unsetenv("PRUNEKIT_SYSTEM_DATASETS");
    fs::remove_all(root_);
  }
  void write(const std::string& stem, std::size_t rows, int offset) {
    const std::size_t shape[] = {2, 3};
    write_idx(tiny_images(rows, offset),
              (root_ / "fashion-mnist" / (stem + "-images-idx3-ubyte.gz")).string(),
              (root_ / "fashion-mnist" / (stem + "-labels-idx1-ubyte.gz")).string(), shape);
  }
  fs::path root_;
};

TEST_F(SystemDatasets, FashionMnistIsTrainThenTestWithItsImageShape) {
  write("train", 6, 0);
  write("t10k", 3, 100);
  ASSERT_TRUE(is_bundled_dataset("fashion_mnist"));
  const Dataset d = load_bundled("fashion_mnist");
  EXPECT_EQ(d.rows, 9u);
  EXPECT_EQ(d.published_test_rows, 3u);
  EXPECT_EQ(d.schema.item_shape, (std::vector<std::size_t>{1, 2, 3}));
  EXPECT_EQ(d.value(6, 0), 100.0f);  // the first test image follows the training ones
  EXPECT_EQ(d.value(5, 1), static_cast<float>((5 * 7 + 1) % 256));
  const std::size_t idx[] = {0, 7};
  EXPECT_EQ(d.subset(idx).published_test_rows, 0u);

  DatasetEntry entry;
  entry.name = "fashion_mnist";
  ProtocolConfig protocol;
  protocol.kind = ProtocolKind::published_split;
  const auto splits = make_splits(d, entry, protocol, "c.json");
  ASSERT_EQ(splits.size(), 1u);
  EXPECT_EQ(splits[0].train, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(splits[0].test, (std::vector<std::size_t>{6, 7, 8}));
  Dataset other = d;
  other.published_test_rows = 0;
  EXPECT_THROW((void)make_splits(other, entry, protocol, "c.json"), ConfigError);
}

TEST_F(SystemDatasets, AMissingFileNamesThePackage) {
  write("train", 6, 0);
  try {
    (void)load_bundled("fashion_mnist");
    FAIL() << "the test files are missing";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("dataset-fashion-mnist"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("t10k-images-idx3-ubyte.gz"), std::string::npos);
  }
}

}  // namespace
}  // namespace prunekit
