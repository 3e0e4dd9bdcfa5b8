#include "prunekit/data/idx.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>

#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/data/load.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

using testing::TempDir;

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

/// Three 2x2 unsigned-byte images, written by hand from the IDX specification.
std::string images_3x2x2() {
  std::string s("\x00\x00\x08\x03", 4);
  s += be32(3) + be32(2) + be32(2);
  s += std::string("\x00\x01\x02\x03", 4);
  s += std::string("\xff\x10\x20\x30", 4);
  s += std::string("\x05\x06\x07\x08", 4);
  return s;
}

std::string labels(std::initializer_list<unsigned char> values) {
  std::string s("\x00\x00\x08\x01", 4);
  s += be32(static_cast<std::uint32_t>(values.size()));
  for (unsigned char v : values) s.push_back(static_cast<char>(v));
  return s;
}

void expect_idx_error(const std::string& images, const std::string& labels_path,
                      const std::vector<std::string>& parts) {
  try {
    (void)read_idx(images, labels_path);
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    for (const auto& p : parts)
      EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
  }
}

/// Writes `image_bytes` beside three labels; reading them must fail naming the images file and
/// each of `parts`.
void expect_images_error(const std::string& image_bytes, std::vector<std::string> parts) {
  const TempDir dir;
  const auto images = dir.write("t.images.idx", image_bytes);
  const auto lab = dir.write("t.labels.idx", labels({0, 1, 2}));
  parts.insert(parts.begin(), images + ":");
  expect_idx_error(images, lab, parts);
}

TEST(Idx, ReadsHandWrittenImagesAndLabels) {
  const TempDir dir;
  const auto images = dir.write("train-images-idx3-ubyte", images_3x2x2());
  dir.write("train-labels-idx1-ubyte", labels({7, 2, 7}));
  const Dataset d = read_idx(images);
  ASSERT_EQ(d.rows, 3u);
  ASSERT_EQ(d.n_features(), 4u);
  EXPECT_EQ(d.schema.features[1].name, "pixel_0_1");
  EXPECT_EQ(d.schema.features[2].name, "pixel_1_0");
  EXPECT_FLOAT_EQ(d.value(0, 3), 3.0f);
  EXPECT_FLOAT_EQ(d.value(1, 0), 255.0f);
  EXPECT_FLOAT_EQ(d.value(2, 2), 7.0f);
  EXPECT_EQ(d.schema.class_names, (std::vector<std::string>{"2", "7"}));
  EXPECT_EQ(d.labels, (std::vector<std::int32_t>{1, 0, 1}));
  EXPECT_EQ(d.provenance.name, "train");
  d.check();
}

TEST(Idx, LabelsPathConventions) {
  const TempDir dir;
  dir.write("x.images.idx", images_3x2x2());
  const auto lab = dir.write("x.labels.idx", labels({0, 1, 2}));
  EXPECT_EQ(idx_labels_path_for((dir.path() / "x.images.idx").string()), lab);
  dir.write("t10k-labels-idx1-ubyte.gz", "");
  EXPECT_EQ(idx_labels_path_for((dir.path() / "t10k-images-idx3-ubyte.gz").string()),
            (dir.path() / "t10k-labels-idx1-ubyte.gz").string());
  dir.write("train-labels.idx1-ubyte", "");
  EXPECT_EQ(idx_labels_path_for((dir.path() / "train-images.idx3-ubyte").string()),
            (dir.path() / "train-labels.idx1-ubyte").string());
  EXPECT_TRUE(is_idx_path("a/train-images-idx3-ubyte.gz"));
  EXPECT_TRUE(is_idx_path("train-images.idx3-ubyte"));
  EXPECT_TRUE(is_idx_path("x.images.idx"));
  EXPECT_FALSE(is_idx_path("x.csv"));
  EXPECT_THROW((void)idx_labels_path_for((dir.path() / "y.images.idx").string()), DataError);
}

TEST(Idx, LoadDatasetDispatchesOnIdxNames) {
  const TempDir dir;
  const auto images = dir.write("x.images.idx", images_3x2x2());
  dir.write("x.labels.idx", labels({0, 1, 2}));
  const Dataset d = load_dataset(images);
  EXPECT_EQ(d.n_classes(), 3u);
}

TEST(Idx, WriteThenReadRoundTripsBytesFloatsAndGzip) {
  const TempDir dir;
  Dataset d;
  d.rows = 2;
  d.schema.features.resize(3);
  d.features = {0, 255, 3, 4, 5, 6};  // column-major
  d.schema.class_names = {"3", "9"};
  d.labels = {1, 0};
  const std::string img = (dir.path() / "a.images.idx.gz").string();
  const std::string lab = (dir.path() / "a.labels.idx.gz").string();
  write_idx(d, img, lab);
  const std::string raw = read_file(img);
  ASSERT_GE(raw.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(raw[0]), 0x1f);  // gzip magic
  const Dataset back = read_idx(img);
  EXPECT_EQ(back.features, d.features);
  EXPECT_EQ(back.schema.class_names, d.schema.class_names);
  EXPECT_EQ(back.labels, d.labels);

  d.features[2] = 0.5f;  // not a byte: stored as float32
  const std::array<std::size_t, 1> shape{3};
  write_idx(d, (dir.path() / "b.images.idx").string(), (dir.path() / "b.labels.idx").string(),
            shape);
  const std::string plain = read_file((dir.path() / "b.images.idx").string());
  EXPECT_EQ(plain[2], '\x0D');
  EXPECT_EQ(plain.size(), 4u + 8u + 6u * 4u);
  EXPECT_EQ(read_idx((dir.path() / "b.images.idx").string()).features, d.features);
}

TEST(IdxErrors, TruncatedFileNamesFileAndOffset) {
  std::string bytes = images_3x2x2();
  bytes.resize(bytes.size() - 5);
  expect_images_error(bytes, {"truncated", "byte offset 23"});
}

TEST(IdxErrors, DimensionsNotMatchingSize) {
  expect_images_error(images_3x2x2() + "xyz", {"3 x 2 x 2", "3 extra bytes", "byte offset 28"});
}

TEST(IdxErrors, WrongMagicNumber) {
  std::string bytes = images_3x2x2();
  bytes[0] = 'P';
  expect_images_error(bytes, {"magic number 0x50000803"});
}

TEST(IdxErrors, UnknownDataType) {
  std::string bytes = images_3x2x2();
  bytes[2] = '\x07';
  expect_images_error(bytes, {"data type 0x07", "byte offset 2"});
}

TEST(IdxErrors, LabelCountMismatch) {
  const TempDir dir;
  const auto images = dir.write("t.images.idx", images_3x2x2());
  const auto lab = dir.write("t.labels.idx", labels({0, 1}));
  expect_idx_error(images, lab, {images + ":", "3 items", lab, "has 2"});
}

TEST(IdxErrors, CorruptGzip) {
  const TempDir dir;
  const auto images = dir.write("t.images.idx.gz", std::string("\x1f\x8b\x08\x00garbage", 11));
  const auto lab = dir.write("t.labels.idx", labels({0, 1, 2}));
  expect_idx_error(images, lab, {images + ":", "gzip"});
}

}  // namespace
}  // namespace prunekit

namespace prunekit {
namespace {

TEST(IdxErrors, HugeDimensionsAreTruncationNotOverflow) {
  const testing::TempDir dir;
  std::string s("\x00\x00\x08\x04", 4);
  for (int k = 0; k < 4; ++k) s += std::string("\x00\x01\x00\x00", 4);  // 65536^4 = 2^64
  const auto images = dir.write("h.images.idx", s);
  const auto lab = dir.write("h.labels.idx", std::string("\x00\x00\x08\x01\x00\x00\x00\x00", 8));
  try {
    (void)read_idx(images, lab);
    FAIL();
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(images + ": truncated IDX file"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace prunekit
