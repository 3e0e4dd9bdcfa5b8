// `mpirun -np N prunekit run` (issue: experiments beyond one machine): the same records as a
// plain run whatever the rank and thread counts, bad input reported once with exit code 2, and
// a rank killed mid-run losing no finished run once resumed. Skipped when the CLI was built
// without MPI or mpirun is missing.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include "support/test_support.hpp"

namespace prunekit {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

bool mpi_test_can_run() {
#if defined(PRUNEKIT_CLI) && defined(PRUNEKIT_CLI_MPI)
  return std::system("command -v mpirun >/dev/null 2>&1") == 0;
#else
  return false;
#endif
}

/// The mpirun command line for `ranks` ranks of the CLI with `arguments`. Root may run it (CI
/// containers), more ranks than cores are allowed, and no single-copy transport is needed
/// (containers often forbid it).
std::string mpi_command(int ranks, const std::string& arguments) {
  return "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
         "OMPI_MCA_btl_vader_single_copy_mechanism=none mpirun --oversubscribe -np " +
         std::to_string(ranks) + " '" + std::string(PRUNEKIT_CLI) + "' " + arguments;
}

testing::CliResult mpi_cli(int ranks, const std::string& arguments, const fs::path& dir) {
  const TempDir capture;
  const fs::path out = capture.path() / "out.txt";
  const fs::path err = capture.path() / "err.txt";
  const std::string command = "cd '" + dir.string() + "' && " + mpi_command(ranks, arguments) +
                              " >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), testing::read_text(out),
          testing::read_text(err)};
}

const char* kMpiSmall = R"({"name": "small", "datasets": ["iris", "wine"],
  "protocol": {"kind": "kfold", "folds": 3}, "seeds": [0, 1],
  "model": [{"kind": "decision_tree", "label": "tree"},
            {"kind": "mlp", "label": "mlp", "hidden": [8], "epochs": 5}],
  "pruners": [{"method": "none"},
              {"method": "cost_complexity", "models": ["tree"], "select": "cv_1se"},
              {"method": "magnitude", "models": ["mlp"], "sparsity": [0.5, 0.8],
               "finetune_epochs": 1}]})";

TEST(CliMpi, SameRecordsForOneAndThreeRanksAndThePlainRun) {
  if (!mpi_test_can_run()) GTEST_SKIP() << "no MPI in this build, or no mpirun";
  const TempDir dir;
  (void)dir.write("small.json", kMpiSmall);
  ASSERT_EQ(testing::run_cli("run small.json --out plain --jobs 2", dir.path()).exit_code, 0);
  const auto one = mpi_cli(1, "run small.json --out one", dir.path());
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto three = mpi_cli(3, "run small.json --out three --jobs 2", dir.path());
  ASSERT_EQ(three.exit_code, 0) << three.err;
  const std::string expected = testing::comparable_results(dir.path() / "plain");
  EXPECT_EQ(testing::comparable_results(dir.path() / "one"), expected);
  EXPECT_EQ(testing::comparable_results(dir.path() / "three"), expected);
  // Rank 0 alone speaks: one summary table.
  EXPECT_EQ(testing::occurrences(three.out, "results: "), 1u) << three.out;
}

TEST(CliMpi, BadInputIsOneErrorWithExitCodeTwo) {
  if (!mpi_test_can_run()) GTEST_SKIP() << "no MPI in this build, or no mpirun";
  const TempDir dir;
  std::string config = kMpiSmall;
  config.replace(config.find("\"wine\""), 6, "\"no_such_data\"");
  (void)dir.write("bad.json", config);
  for (const std::string& arguments :
       {std::string("run bad.json --out o"), std::string("run missing.json --out o"),
        std::string("run bad.json --jobs 0")}) {
    const auto r = mpi_cli(3, arguments, dir.path());
    EXPECT_EQ(r.exit_code, 2) << arguments << "\n" << r.err;
    EXPECT_EQ(testing::occurrences(r.err, "prunekit run: "), 1u) << arguments << "\n" << r.err;
    EXPECT_FALSE(fs::exists(dir.path() / "o")) << arguments;
  }
}

/// The pid of the process of MPI rank `rank` whose command line names `marker`, or 0.
pid_t mpi_rank_pid(int rank, const std::string& marker) {
  const std::string wanted = "OMPI_COMM_WORLD_RANK=" + std::to_string(rank);
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = testing::read_text(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (cmdline.find(marker) == std::string::npos || cmdline.find("mpirun") != std::string::npos)
      continue;
    std::string environ = testing::read_text(entry.path() / "environ");
    std::replace(environ.begin(), environ.end(), '\0', '\n');
    if (("\n" + environ).find("\n" + wanted + "\n") != std::string::npos)
      return static_cast<pid_t>(std::stol(name));
  }
  return 0;
}

/// The run ids of the complete lines of a run log.
std::set<std::string> logged_run_ids(const fs::path& log) {
  std::set<std::string> ids;
  std::istringstream in(testing::read_text(log));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.back() != '}') continue;  // a line cut by the kill
    const auto at = line.find("\"run_id\":\"");
    if (at != std::string::npos) ids.insert(line.substr(at + 10, 16));
  }
  return ids;
}

TEST(CliMpi, KilledRankEndsTheJobAndResumeLosesNoFinishedRun) {
  if (!mpi_test_can_run()) GTEST_SKIP() << "no MPI in this build, or no mpirun";
  const TempDir dir;
  (void)dir.write("medium.json", R"({"name": "medium",
    "datasets": ["iris", "wine", "breast_cancer", "glass"],
    "protocol": {"kind": "kfold", "folds": 5}, "seeds": [0, 1],
    "model": {"kind": "mlp", "hidden": [64], "epochs": 1000, "batch": 16},
    "pruners": [{"method": "none"}, {"method": "magnitude", "sparsity": [0.5, 0.9],
                 "finetune_epochs": 2}]})");
  ASSERT_EQ(
      testing::run_cli("run medium.json --out plain --jobs 2 --no-figures", dir.path()).exit_code,
      0);
  // The job in the background; its exit code lands in rc.
  const std::string marker = (dir.path() / "killed").string();
  const std::string job = "cd '" + dir.path().string() + "' && (" +
                          mpi_command(3, "run medium.json --no-figures --out '" + marker + "'") +
                          " >/dev/null 2>'" + (dir.path() / "err.txt").string() + "'; echo $? >'" +
                          (dir.path() / "rc").string() + "') &";
  ASSERT_EQ(std::system(job.c_str()), 0);
  ASSERT_TRUE(testing::wait_for_content(fs::path(marker) / "runs.jsonl", std::chrono::seconds(60)));
  pid_t worker = 0;
  for (int i = 0; i < 200 && worker == 0; ++i) {
    worker = mpi_rank_pid(1, marker);
    if (worker == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_NE(worker, 0) << "no rank 1 found";
  ASSERT_EQ(kill(worker, SIGKILL), 0);
  ASSERT_TRUE(testing::wait_for_content(dir.path() / "rc", std::chrono::seconds(60)));
  EXPECT_NE(testing::read_text(dir.path() / "rc"), "0\n") << "the job ended normally";
  const auto before = logged_run_ids(fs::path(marker) / "runs.jsonl");
  EXPECT_FALSE(before.empty());
  EXPECT_FALSE(fs::exists(fs::path(marker) / "results.json"));

  const auto resumed =
      mpi_cli(2, "run medium.json --no-figures --resume --out '" + marker + "'", dir.path());
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  const auto after = logged_run_ids(fs::path(marker) / "runs.jsonl");
  for (const auto& id : before) EXPECT_TRUE(after.contains(id)) << "lost run " << id;
  EXPECT_EQ(testing::comparable_results(marker), testing::comparable_results(dir.path() / "plain"));
}

}  // namespace
}  // namespace prunekit
