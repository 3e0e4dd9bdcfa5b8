// The CLI on hostile input (issue: hardening): every bad input exits 2 with a location, never 1
// and never a signal; nothing outside the output is overwritten; a failed command leaves no file
// of its own; the output folder of `run` is locked and never silently overwritten.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "prunekit/core/file_io.hpp"
#include "prunekit/experiment/runner.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

namespace fs = std::filesystem;
using testing::run_cli;
using testing::TempDir;

void expect_exit_2_with(const testing::CliResult& r, const std::string& text) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(text), std::string::npos) << r.err;
}

const char* kHardeningTreeConfig = R"({"name": "hard", "datasets": ["iris"],
  "protocol": {"kind": "kfold", "folds": 3, "seed": 1}, "seeds": [0],
  "model": {"kind": "decision_tree"}, "pruners": [{"method": "none"}]})";

/// kHardeningTreeConfig with the first `from` replaced by `to`.
std::string hardening_config_with(const std::string& from, const std::string& to) {
  std::string config = kHardeningTreeConfig;
  config.replace(config.find(from), from.size(), to);
  return config;
}

std::string train_iris_tree(const TempDir& dir) {
  const auto model = (dir.path() / "m.json").string();
  const auto r = run_cli("train --dataset iris --model tree --save '" + model + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return model;
}

TEST(CliHardening, DeeplyNestedJsonIsRefusedWithItsPosition) {
  const TempDir dir;
  const std::string deep = std::string(60000, '[') + std::string(60000, ']');
  (void)dir.write("deep.json", "{\"name\": " + deep + "}");
  expect_exit_2_with(run_cli("validate deep.json", dir.path()), "deep.json:1:");
  expect_exit_2_with(run_cli("run deep.json --dry-run", dir.path()), "nested deeper than 256");
  // A model file with the same nesting inside its data is refused by every command.
  const std::string model = read_file(train_iris_tree(dir));
  (void)dir.write("deep_model.json", "{\"data\": {\"x\": " + deep + "}, " + model.substr(1));
  for (const char* command :
       {"show deep_model.json", "eval deep_model.json --dataset iris",
        "prune deep_model.json --method pessimistic --dataset iris --save p.json"})
    expect_exit_2_with(run_cli(command, dir.path()), "deep_model.json:1:");
  EXPECT_FALSE(fs::exists(dir.path() / "p.json"));
}

TEST(CliHardening, ConfigNameMustBeAPlainName) {
  const TempDir dir;
  (void)dir.write("c.json", hardening_config_with("\"hard\"", "\"../victim\""));
  for (const char* command : {"validate c.json", "run c.json --dry-run", "run c.json"})
    expect_exit_2_with(run_cli(command, dir.path()), "c.json: /name: must be a plain name");
  EXPECT_FALSE(fs::exists(dir.path().parent_path() / "victim"));
}

TEST(CliHardening, SaveFollowsSymlinksAndRefusesPipes) {
  const TempDir dir;
  (void)dir.write("real.json", "{}");
  fs::create_symlink("real.json", dir.path() / "link.json");
  ASSERT_EQ(run_cli("train --dataset iris --model tree --save link.json", dir.path()).exit_code, 0);
  EXPECT_TRUE(fs::is_symlink(dir.path() / "link.json"));
  EXPECT_NE(read_file((dir.path() / "real.json").string()).find("decision_tree"),
            std::string::npos);
  ASSERT_EQ(::mkfifo((dir.path() / "pipe").c_str(), 0644), 0);
  expect_exit_2_with(run_cli("train --dataset iris --model tree --save pipe", dir.path()),
                     "not a regular file");
  EXPECT_TRUE(fs::is_fifo(dir.path() / "pipe"));
}

TEST(CliHardening, NumbersOutOfRangeAndTypeErrorsExitTwo) {
  const TempDir dir;
  (void)dir.write("c.json", hardening_config_with("[0]", "[1e999]"));
  expect_exit_2_with(run_cli("validate c.json", dir.path()), "c.json:2:");
  (void)dir.write("format.json", R"({"format": 0})");
  expect_exit_2_with(run_cli("show format.json", dir.path()), "format.json: not a prunekit model");
  std::string model = read_file(train_iris_tree(dir));
  const auto kind = model.find("\"kind\":\"decision_tree\"");
  ASSERT_NE(kind, std::string::npos);
  (void)dir.write("kind.json", model.replace(kind, 23, "\"kind\":7"));
  expect_exit_2_with(run_cli("show kind.json", dir.path()), "kind.json:");
  (void)dir.write("d.csv", "a,b\n1,x\n2,y\n");
  (void)dir.write("d.json", R"({"target": "b", "n_rows": 1e999})");
  expect_exit_2_with(run_cli("inspect d.csv", dir.path()), "d.json:1:");
}

TEST(CliHardening, OutputFolderProblemsExitTwo) {
  const TempDir dir;
  (void)dir.write("c.json", kHardeningTreeConfig);
  (void)dir.write("file", "x");
  expect_exit_2_with(run_cli("run c.json --out file", dir.path()), "file: cannot");
  expect_exit_2_with(run_cli("run c.json --out file/sub", dir.path()), "file/sub: cannot");
  expect_exit_2_with(run_cli("run c.json --out " + std::string(300, 'n'), dir.path()),
                     "cannot create the output folder");
}

TEST(CliHardening, NonUtf8LabelsAreRefusedByEveryCommand) {
  const TempDir dir;
  (void)dir.write("latin1.csv", "a,b\n1,caf\xe9\n2,tea\n3,caf\xe9\n4,tea\n");
  for (const char* command :
       {"inspect latin1.csv", "train --data latin1.csv --model tree --save m.json"})
    expect_exit_2_with(run_cli(command, dir.path()), "latin1.csv: class label");
  EXPECT_FALSE(fs::exists(dir.path() / "m.json"));
}

TEST(CliHardening, HugeDimensionsAreRefusedBeforeAllocating) {
  const TempDir dir;
  (void)dir.write("big.libsvm", "1 2147483648:1\n0 1:2\n");
  expect_exit_2_with(run_cli("inspect big.libsvm", dir.path()), "exceed the limit");
  // 30,000 distinct IDs, one-hot encoded for the network: refused with the reason.
  std::string csv = "id,x,y\n";
  for (int i = 0; i < 30000; ++i)
    csv +=
        "id" + std::to_string(i) + "," + std::to_string(i % 7) + "," + (i % 2 ? "a" : "b") + "\n";
  (void)dir.write("ids.csv", csv);
  expect_exit_2_with(run_cli("train --data ids.csv --model mlp --save m.json", dir.path()),
                     "one-hot encoding");
}

TEST(CliHardening, ValidateCatchesWhatRunWouldRejectPartWay) {
  const TempDir dir;
  const auto check = [&](const std::string& body, const std::string& where) {
    (void)dir.write("v.json", "{\"name\": \"v\", \"seeds\": [0], " + body + "}");
    expect_exit_2_with(run_cli("validate v.json", dir.path()), "v.json: " + where);
  };
  check(
      R"("datasets": ["iris", "diabetes_regression"], "model": {"kind": "decision_tree", "criterion": "gini"},
           "pruners": [{"method": "none"}])",
      "/model/criterion: 'gini' is a classification criterion");
  check(R"("datasets": ["diabetes_regression"], "model": {"kind": "decision_tree"},
           "pruners": [{"method": "error_based"}])",
        "/pruners/0: method 'error_based' does not apply");
  check(R"("datasets": ["diabetes_regression"], "model": {"kind": "decision_tree"},
           "pruners": [{"method": "critical_value"}])",
        "/pruners/0: method 'critical_value'");
  check(
      R"("datasets": ["iris"], "protocol": {"kind": "kfold", "folds": 3}, "model": {"kind": "decision_tree"},
           "pruners": [{"method": "cost_complexity", "select": "cv_min", "folds": 101}])",
      "/pruners/0/folds: 101 cross-validation folds, but the smallest training part");
  check(R"("datasets": ["iris"], "model": {"kind": "decision_tree"},
           "pruners": [{"method": "reduced_error", "pruning_fraction": 0.999}])",
        "/pruners/0/pruning_fraction: 0.999 of the");
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

TEST(CliHardening, FailedPruneLeavesNoModelBehind) {
  const TempDir dir;
  const auto model = train_iris_tree(dir);
  const auto r = run_cli("prune '" + model +
                             "' --method pessimistic --dataset iris --save p.json "
                             "--report no_such_dir/r.json",
                         dir.path());
  expect_exit_2_with(r, "no_such_dir/r.json: cannot write");
  EXPECT_FALSE(fs::exists(dir.path() / "p.json"));
}

TEST(CliHardening, ARunningOutputFolderIsLockedAgainstASecondRun) {
  const TempDir dir;
  (void)dir.write("c.json", kHardeningTreeConfig);
  fs::create_directories(dir.path() / "o");
  const auto lock_path = (dir.path() / "o" / ".lock").string();
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);  // as another run would hold it
  ASSERT_EQ(::write(fd, "4242\n", 5), 5);
  expect_exit_2_with(run_cli("run c.json --out o", dir.path()),
                     "in use by another prunekit run (process 4242)");
  ::close(fd);
  EXPECT_EQ(run_cli("run c.json --out o", dir.path()).exit_code, 0);
}

TEST(CliHardening, FinishedRunsAreNotOverwrittenWithoutResumeOrForce) {
  const TempDir dir;
  (void)dir.write("c.json", kHardeningTreeConfig);
  ASSERT_EQ(run_cli("run c.json --out o", dir.path()).exit_code, 0);
  const auto before = read_file((dir.path() / "o" / "runs.jsonl").string());
  const auto again = run_cli("run c.json --out o", dir.path());
  expect_exit_2_with(
      again, "holds 3 finished runs; continue them with --resume, or start over with --force");
  EXPECT_EQ(read_file((dir.path() / "o" / "runs.jsonl").string()), before);
  EXPECT_EQ(run_cli("run c.json --out o --force", dir.path()).exit_code, 0);
}

TEST(CliHardening, ResumeAfterAddingASeedRunsOnlyTheNewRuns) {
  const TempDir dir;
  (void)dir.write("c.json", kHardeningTreeConfig);
  ASSERT_EQ(run_cli("run c.json --out o", dir.path()).exit_code, 0);
  (void)dir.write("c2.json", hardening_config_with("[0]", "[0, 7]"));
  const auto r = run_cli("run c2.json --out o --resume", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("6 runs in 6 fit groups (3 already done)"), std::string::npos) << r.err;
  EXPECT_EQ(read_run_log((dir.path() / "o" / "runs.jsonl").string()).size(), 6u);
}

TEST(CliHardening, CtrlCKeepsTheFinishedRunsAndSaysHowToResume) {
  const TempDir dir;
  (void)dir.write("c.json", R"({"name": "slow", "datasets": ["iris", "wine", "sonar", "vehicle"],
    "protocol": {"kind": "repeated_kfold", "folds": 5, "repeats": 4, "seed": 1}, "seeds": [0, 1, 2],
    "model": {"kind": "decision_tree"}, "pruners": [{"method": "none"}, {"method": "cost_complexity"}]})");
  const fs::path log = dir.path() / "o" / "runs.jsonl";
  const fs::path err = dir.path() / "err.txt";
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (chdir(dir.path().c_str()) != 0) _exit(1);
    const int out = open("/dev/null", O_WRONLY);
    const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(e, 2);
    execl(PRUNEKIT_CLI, PRUNEKIT_CLI, "run", "c.json", "--out", "o", static_cast<char*>(nullptr));
    _exit(127);
  }
  const int status = testing::signal_once_written(child, log, SIGINT, std::chrono::seconds(60));
  ASSERT_TRUE(WIFEXITED(status)) << "ended by a signal";
  if (WEXITSTATUS(status) == 0) GTEST_SKIP() << "the run finished before Ctrl-C reached it";
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const std::string message = read_file(err.string());
  EXPECT_NE(message.find("interrupted: "), std::string::npos) << message;
  EXPECT_NE(message.find("continue with: prunekit run c.json --out o --resume"), std::string::npos)
      << message;
  EXPECT_FALSE(fs::exists(dir.path() / "o" / "results.json"));
  const auto saved = read_run_log(log.string()).size();
  EXPECT_GE(saved, 1u);
  const auto resumed = run_cli("run c.json --out o --resume", dir.path());
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("(" + std::to_string(saved) + " already done)"), std::string::npos)
      << resumed.err;
}

}  // namespace
}  // namespace prunekit
