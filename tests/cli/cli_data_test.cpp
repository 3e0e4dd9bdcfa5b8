// The CLI's data commands, run as a user would.
#include <gtest/gtest.h>

#include <sstream>

#include <filesystem>

#include "support/test_support.hpp"

namespace prunekit {
namespace {

using testing::run_cli;
using testing::TempDir;

TEST(Cli, DatasetsListsEveryBundledDataset) {
  const auto r = run_cli("datasets");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("mnist10k"), std::string::npos);
  EXPECT_NE(r.out.find("house_votes84"), std::string::npos);
}

TEST(Cli, InspectWorksFromAnyDirectory) {
  const TempDir dir;
  const auto r = run_cli("inspect credit_g", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("checking_status"), std::string::npos);
  EXPECT_NE(r.out.find("encode=onehot"), std::string::npos);
}

TEST(Cli, InspectReportsMissingValueHandling) {
  const auto r = run_cli("inspect house_votes84 --impute-categorical own_level");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("filled by own_level"), std::string::npos) << r.out;
}

TEST(Cli, BadCsvExitsTwoWithOneLocatedLine) {
  const auto [path, r] = testing::run_cli_on_file("inspect", "bad.csv", "a,b,label\n1,2,x\n3,4\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path + ":3"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(Cli, UnknownDatasetExitsTwo) {
  const auto r = run_cli("inspect no_such_dataset");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no_such_dataset"), std::string::npos);
}

TEST(Cli, UnknownOptionAndCommandExitTwo) {
  EXPECT_EQ(run_cli("inspect iris --bogus").exit_code, 2);
  EXPECT_EQ(run_cli("frobnicate").exit_code, 2);
}

TEST(Cli, ValidateReportsJsonSyntaxErrorWithLineAndColumn) {
  const auto [path, r] = testing::run_cli_on_file("validate", "c.json",
                                                  "{\n  \"name\": \"x\"\n  \"datasets\": []\n}\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path + ":3:"), std::string::npos) << r.err;
}

TEST(Cli, VersionSaysWhatComputesTheProducts) {
  const auto r = run_cli("version");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("prunekit ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\nmatrix products: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nhot loops: "), std::string::npos) << r.out;
#ifdef PRUNEKIT_CLI_MPI
  EXPECT_NE(r.out.find("\nmpi: yes"), std::string::npos) << r.out;
#else
  EXPECT_NE(r.out.find("\nmpi: no"), std::string::npos) << r.out;
#endif
}

TEST(Cli, HelpOnEverySubcommand) {
  for (const char* command : {"datasets", "inspect", "validate", "version"}) {
    const auto r = run_cli(std::string(command) + " --help");
    EXPECT_EQ(r.exit_code, 0) << command << ": " << r.err;
  }
}

TEST(Cli, TopLevelHelpKeepsEveryCommandNameApartFromItsSummary) {
  const auto r = run_cli("--help");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("  import-sklearn  convert"), std::string::npos) << r.out;
  // Every summary starts in the same column.
  std::istringstream lines(r.out);
  std::string line;
  std::size_t column = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("  ", 0) != 0 || line.size() < 4) continue;
    const std::size_t start = line.find_first_not_of(' ', line.find(' ', 2));
    if (column == 0) column = start;
    EXPECT_EQ(start, column) << line;
  }
  EXPECT_GT(column, 0u);
}

}  // namespace
}  // namespace prunekit
