// `prunekit run` and `prunekit validate` as a user runs them.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/data/idx.hpp"
#include "prunekit/experiment/runner.hpp"
#include "prunekit/model/registry.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

namespace fs = std::filesystem;
using testing::run_cli;
using testing::TempDir;

bool has_kind(const std::string& kind) {
  const auto kinds = model_kinds();
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

TEST(CliRun, BadConfigExitsTwoWithFileAndPathAndWritesNothing) {
  const TempDir dir;
  const auto config =
      dir.write("bad.json", R"({"datasets": ["iris"], "model": {"kind": "decision_tree"},
    "pruners": [{"method": "none"}], "protocol": {"kind": "kfold", "folds": 1}, "output": "out/bad"})");
  for (const char* command : {"run", "validate"}) {
    const auto r = run_cli(std::string(command) + " bad.json", dir.path());
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_EQ(r.err, "prunekit " + std::string(command) +
                         ": error: bad.json: /protocol/folds: must be >= 2, got 1\n");
  }
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
  (void)config;
}

TEST(CliRun, SyntaxErrorAndUnknownKey) {
  const TempDir dir;
  (void)dir.write("syntax.json", "{\"datasets\": [\"iris\",]}");
  auto r = run_cli("validate syntax.json", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("syntax.json:1:"), std::string::npos) << r.err;
  (void)dir.write("unknown.json", R"({"datasets": ["iris"], "model": {"kind": "mlp"},
    "pruners": [{"method": "none"}], "seed": 3})");
  r = run_cli("run unknown.json", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown.json: /seed: unknown key (valid: "), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

/// A stand-in for Debian's dataset-fashion-mnist (a few 28 x 28 images, train and t10k), so
/// that the configs using fashion_mnist validate where the package is not installed.
void write_fashion_stand_in(const fs::path& root) {
  const fs::path dir = root / "fashion-mnist";
  fs::create_directories(dir);
  for (const auto& [stem, rows] :
       {std::pair{"train", std::size_t{20}}, std::pair{"t10k", std::size_t{10}}}) {
    Dataset d;
    d.rows = rows;
    for (int c = 0; c < 10; ++c) d.schema.class_names.push_back(std::to_string(c));
    for (int j = 0; j < 784; ++j) d.schema.features.push_back({"p" + std::to_string(j), false, {}});
    for (std::size_t k = 0; k < rows * 784; ++k) d.features.push_back(static_cast<float>(k % 251));
    for (std::size_t i = 0; i < rows; ++i) d.labels.push_back(static_cast<std::int32_t>(i % 10));
    const std::size_t shape[] = {28, 28};
    write_idx(d, (dir / (std::string(stem) + "-images-idx3-ubyte.gz")).string(),
              (dir / (std::string(stem) + "-labels-idx1-ubyte.gz")).string(), shape);
  }
}

TEST(CliRun, ShippedConfigsValidate) {
  if (!has_kind("decision_tree") || !has_kind("mlp"))
    GTEST_SKIP() << "the decision_tree and mlp models are not built in";
  const TempDir system;
  write_fashion_stand_in(system.path());
  ::setenv("PRUNEKIT_SYSTEM_DATASETS", system.path().c_str(), 1);
  for (const auto& entry : fs::directory_iterator(std::string(PRUNEKIT_SOURCE_DIR) + "/configs")) {
    if (entry.path().extension() != ".json") continue;
    const auto r = run_cli("validate '" + entry.path().string() + "'");
    EXPECT_EQ(r.exit_code, 0) << entry.path() << ": " << r.err;
  }
  ::unsetenv("PRUNEKIT_SYSTEM_DATASETS");
}

const char* kTreeConfig = R"({"name": "cli", "datasets": ["iris", "wine", "sonar"],
  "protocol": {"kind": "kfold", "folds": 3, "seed": 1}, "seeds": [0, 1],
  "model": {"kind": "decision_tree"}, "pruners": [{"method": "none"}]})";

TEST(CliRun, RunsPrintsTheTableAndWritesEveryFile) {
  if (!has_kind("decision_tree")) GTEST_SKIP() << "the decision_tree model is not built in";
  const TempDir dir;
  (void)dir.write("c.json", kTreeConfig);
  const auto r = run_cli("run c.json --out o1 --jobs 2", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("test score"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("report:  o1/report.html"), std::string::npos) << r.out;
  for (const char* f : {"runs.jsonl", "results.json", "summary.csv", "report.html", "config.json"})
    EXPECT_TRUE(fs::exists(dir.path() / "o1" / f)) << f;
  const auto one = run_cli("run c.json --out o2", dir.path());
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(testing::comparable_results(dir.path() / "o1"),
            testing::comparable_results(dir.path() / "o2"));
}

TEST(CliRun, KilledWithSigkillAndResumed) {
  if (!has_kind("decision_tree")) GTEST_SKIP() << "the decision_tree model is not built in";
  const TempDir dir;
  (void)dir.write("c.json", kTreeConfig);
  ASSERT_EQ(run_cli("run c.json --out clean", dir.path()).exit_code, 0);
  const fs::path log = dir.path() / "killed" / "runs.jsonl";
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (chdir(dir.path().c_str()) != 0) _exit(1);
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execl(PRUNEKIT_CLI, PRUNEKIT_CLI, "run", "c.json", "--out", "killed",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  (void)testing::signal_once_written(child, log, SIGKILL, std::chrono::seconds(60));
  const auto r = run_cli("run c.json --out killed --resume", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::comparable_results(dir.path() / "clean"),
            testing::comparable_results(dir.path() / "killed"));
  // Resuming with a config that drops a seed keeps the runs it still plans.
  (void)dir.write(
      "c2.json",
      std::string(kTreeConfig).replace(std::string(kTreeConfig).find("[0, 1]"), 6, "[0]"));
  const auto other = run_cli("run c2.json --out killed --resume", dir.path());
  EXPECT_EQ(other.exit_code, 0) << other.err;
  EXPECT_NE(other.err.find("already done"), std::string::npos) << other.err;
}

}  // namespace
}  // namespace prunekit
