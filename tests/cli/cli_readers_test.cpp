// The CLI on every file format: bad files exit 2 with one located line; synth writes atomically.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "support/test_support.hpp"

namespace prunekit {
namespace {

using testing::run_cli;
using testing::TempDir;

void expect_one_located_line(const testing::CliResult& r, const std::string& where) {
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(where), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(CliReaders, BadArffExitsTwoNamingFileLine) {
  const TempDir dir;
  const auto path = dir.write(
      "bad.arff", "@relation r\n@attribute a real\n@attribute c {x,y}\n@data\n1,x\n2,z\n");
  expect_one_located_line(run_cli("inspect '" + path + "'"), path + ":6:3");
}

TEST(CliReaders, BadLibSvmExitsTwoNamingFileLine) {
  const TempDir dir;
  const auto path = dir.write("bad.libsvm", "1 1:2\n0 2:1 1:3\n");
  expect_one_located_line(run_cli("inspect '" + path + "'"), path + ":2:7");
}

TEST(CliReaders, BadIdxExitsTwoNamingFile) {
  const TempDir dir;
  // IDX is binary: the error names the file and the byte offset instead of a line.
  const auto path =
      dir.write("bad.images.idx", std::string("\x00\x00\x08\x01\x00\x00\x00\x05\x01\x02", 10));
  dir.write("bad.labels.idx",
            std::string("\x00\x00\x08\x01\x00\x00\x00\x05\x01\x02\x03\x04\x05", 13));
  expect_one_located_line(run_cli("inspect '" + path + "'"), path + ": truncated IDX file");
}

TEST(CliReaders, InspectReadsEveryFormat) {
  const TempDir dir;
  const auto arff =
      dir.write("ok.arff", "@relation r\n@attribute a real\n@attribute c {x,y}\n@data\n1,x\n2,y\n");
  const auto svm = dir.write("ok.svm", "1 1:2\n0 2:1\n");
  const auto idx =
      dir.write("ok.images.idx", std::string("\x00\x00\x08\x01\x00\x00\x00\x02\x01\x02", 10));
  dir.write("ok.labels.idx", std::string("\x00\x00\x08\x01\x00\x00\x00\x02\x01\x00", 10));
  for (const auto& path : {arff, svm, idx}) {
    const auto r = run_cli("inspect '" + path + "'");
    EXPECT_EQ(r.exit_code, 0) << path << ": " << r.err;
    EXPECT_NE(r.out.find("rows:      2"), std::string::npos) << r.out;
  }
}

TEST(CliReaders, UnknownExtensionListsSupportedFormats) {
  const auto [path, r] = testing::run_cli_on_file("inspect", "data.xlsx", "x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(".arff"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(".libsvm"), std::string::npos) << r.err;
}

TEST(CliSynth, WritesCsvAndSidecarThatLoadBack) {
  const TempDir dir;
  const auto out = (dir.path() / "s.csv").string();
  const auto r = run_cli(
      "synth --rows 50 --features 6 --informative 3 --redundant 1 --classes 3 "
      "--seed 4 -o '" +
      out + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "s.json"));
  const auto i = run_cli("inspect '" + out + "'");
  ASSERT_EQ(i.exit_code, 0) << i.err;
  EXPECT_NE(i.out.find("rows:      50"), std::string::npos) << i.out;
  EXPECT_NE(i.out.find("classes:   3"), std::string::npos) << i.out;
  const auto again = (dir.path() / "t.csv").string();
  ASSERT_EQ(run_cli("synth --rows 50 --features 6 --informative 3 --redundant 1 --classes 3 "
                    "--seed 4 -o '" +
                    again + "'")
                .exit_code,
            0);
  EXPECT_EQ(std::filesystem::file_size(out), std::filesystem::file_size(again));
  const auto reg = run_cli("synth --rows 20 --features 3 --task regression --noise 1 -o '" +
                           (dir.path() / "r.csv").string() + "'");
  ASSERT_EQ(reg.exit_code, 0) << reg.err;
  EXPECT_EQ(run_cli("inspect '" + (dir.path() / "r.csv").string() + "'")
                    .out.find("task:      regression") == std::string::npos,
            false);
}

TEST(CliSynth, UnwritablePathExitsTwoAndLeavesNoFile) {
  const TempDir dir;
  const auto missing = dir.path() / "no_such_dir" / "s.csv";
  const auto r = run_cli("synth --rows 10 --features 4 -o '" + missing.string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(missing.string()), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(missing));
  // The CSV can be written but its sidecar cannot (a folder is in the way): neither remains.
  std::filesystem::create_directory(dir.path() / "blocked.json");
  std::filesystem::create_directory(dir.path() / "blocked.json" / "x");
  const auto csv = dir.path() / "blocked.csv";
  const auto b = run_cli("synth --rows 10 --features 4 -o '" + csv.string() + "'");
  EXPECT_EQ(b.exit_code, 2) << b.err;
  EXPECT_FALSE(std::filesystem::exists(csv));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(CliSynth, ImpossibleParametersAndHelp) {
  const TempDir dir;
  const auto r = run_cli("synth --rows 10 --features 3 --informative 2 --redundant 2 -o '" +
                         (dir.path() / "x.csv").string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("exceed n_features"), std::string::npos) << r.err;
  EXPECT_EQ(run_cli("synth --help").exit_code, 0);
}

}  // namespace
}  // namespace prunekit
