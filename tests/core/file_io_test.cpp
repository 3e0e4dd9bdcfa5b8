// Atomic writes never destroy what the user pointed at: a symbolic link is followed, a device,
// pipe or folder is refused, and a set of files is written completely or not at all.
#include "prunekit/core/file_io.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "prunekit/core/error.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

namespace fs = std::filesystem;

TEST(FileIo, WritingThroughASymlinkReplacesItsTargetAndKeepsTheLink) {
  const testing::TempDir dir;
  const auto target = dir.write("real.json", "old");
  fs::create_directory(dir.path() / "sub");
  fs::create_symlink("../real.json", dir.path() / "sub" / "link.json");
  write_file_atomically((dir.path() / "sub" / "link.json").string(), "new");
  EXPECT_TRUE(fs::is_symlink(dir.path() / "sub" / "link.json"));
  EXPECT_EQ(read_file(target), "new");
  // A dangling link creates its target.
  fs::create_symlink("made.json", dir.path() / "dangling.json");
  write_file_atomically((dir.path() / "dangling.json").string(), "x");
  EXPECT_TRUE(fs::is_symlink(dir.path() / "dangling.json"));
  EXPECT_EQ(read_file((dir.path() / "made.json").string()), "x");
}

TEST(FileIo, PipesAndFoldersAreRefusedNotReplaced) {
  const testing::TempDir dir;
  const auto fifo = dir.path() / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  try {
    write_file_atomically(fifo.string(), "x");
    FAIL() << "a pipe was replaced";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_THROW((void)read_file(fifo.string()), DataError);  // reading would block forever
  fs::create_directory(dir.path() / "folder");
  EXPECT_THROW(write_file_atomically((dir.path() / "folder").string(), "x"), Error);
  EXPECT_TRUE(fs::is_directory(dir.path() / "folder"));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 2);
}

TEST(FileIo, AFailedSetOfWritesLeavesNoFile) {
  const testing::TempDir dir;
  const auto model = (dir.path() / "p.json").string();
  EXPECT_THROW(write_files_atomically(
                   {{model, "model"}, {(dir.path() / "no_such_dir" / "r.json").string(), "r"}}),
               Error);
  EXPECT_FALSE(fs::exists(model));
  EXPECT_TRUE(fs::is_empty(dir.path()));  // no temporary file left either
  write_files_atomically({{model, "model"}, {(dir.path() / "r.json").string(), "r"}});
  EXPECT_EQ(read_file(model), "model");
}

}  // namespace
}  // namespace prunekit
