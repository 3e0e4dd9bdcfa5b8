#include "prunekit/core/error.hpp"

#include <gtest/gtest.h>

#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

TEST(DataError, MessageNamesFileLineAndColumn) {
  const DataError e("data.csv", 12, 5, "expected a number");
  EXPECT_STREQ(e.what(), "data.csv:12:5: expected a number");
  EXPECT_EQ(e.line(), 12u);
}

TEST(DataError, LeavesOutUnknownPositions) {
  EXPECT_STREQ(DataError("f.csv", 3, 0, "x").what(), "f.csv:3: x");
  EXPECT_STREQ(DataError("f.csv", "x").what(), "f.csv: x");
}

TEST(ConfigError, MessageNamesFileAndJsonPath) {
  const ConfigError e("configs/x.json", "/pruners/2/alpha", "must be >= 0, got -1");
  EXPECT_STREQ(e.what(), "configs/x.json: /pruners/2/alpha: must be >= 0, got -1");
}

TEST(JsonFile, SyntaxErrorNamesLineAndColumn) {
  const testing::TempDir dir;
  const auto path = dir.write("bad.json", "{\n  \"a\": 1,\n  \"b\": ]\n}\n");
  try {
    (void)read_json_file(path);
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(e.line(), 3u);
    EXPECT_EQ(e.column(), 8u);
    EXPECT_NE(std::string(e.what()).find(path + ":3:8"), std::string::npos) << e.what();
  }
}

TEST(FileIo, AtomicWriteReplacesWholeFileAndLeavesNoTemporary) {
  const testing::TempDir dir;
  const std::string path = (dir.path() / "out.txt").string();
  write_file_atomically(path, "first");
  write_file_atomically(path, "second version");
  EXPECT_EQ(read_file(path), "second version");
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
    ++files;
  EXPECT_EQ(files, 1);
}

TEST(FileIo, AtomicWriteIntoMissingFolderFailsCleanly) {
  const testing::TempDir dir;
  EXPECT_THROW(write_file_atomically((dir.path() / "no/such/out.txt").string(), "x"), Error);
}

TEST(FileIo, ReadingAMissingFileIsADataError) {
  EXPECT_THROW((void)read_file("/nonexistent/prunekit.csv"), DataError);
}

}  // namespace
}  // namespace prunekit
