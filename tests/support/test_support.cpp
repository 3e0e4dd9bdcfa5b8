#include "support/test_support.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "prunekit/core/json_file.hpp"
#include "prunekit/experiment/runner.hpp"

namespace prunekit::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = fs::temp_directory_path() /
          ("prunekit_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
  const fs::path p = path_ / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CliResult run_cli(const std::string& arguments, const fs::path& working_dir) {
#ifndef PRUNEKIT_CLI
  (void)arguments;
  (void)working_dir;
  return {};
#else
  const TempDir capture;
  const fs::path out = capture.path() / "out.txt";
  const fs::path err = capture.path() / "err.txt";
  std::string command;
  if (!working_dir.empty()) command += "cd '" + working_dir.string() + "' && ";
  command += std::string("'") + PRUNEKIT_CLI + "' " + arguments + " >'" + out.string() + "' 2>'" +
             err.string() + "' </dev/null";
  const int status = std::system(command.c_str());
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_text(out);
  result.err = read_text(err);
  return result;
#endif
}

std::string source_datasets_dir() { return std::string(PRUNEKIT_SOURCE_DIR) + "/datasets"; }

bool wait_for_content(const std::filesystem::path& file, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::error_code ec;
    if (std::filesystem::file_size(file, ec) > 0 && !ec) return true;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  std::error_code ec;
  return std::filesystem::file_size(file, ec) > 0 && !ec;
}

FileRun run_cli_on_file(const std::string& command, const std::string& name,
                        const std::string& content) {
  const TempDir dir;
  const std::string path = dir.write(name, content);
  return {path, run_cli(command + " '" + path + "'")};
}

int signal_once_written(int child, const fs::path& file, int signal,
                        std::chrono::milliseconds timeout) {
  (void)wait_for_content(file, timeout);
  kill(child, signal);
  int status = 0;
  waitpid(child, &status, 0);
  return status;
}

std::string comparable_results(const fs::path& out) {
  std::string text = without_timings(read_json_file((out / "results.json").string())).dump();
  std::vector<std::string> runs;
  for (const auto& r : read_run_log((out / "runs.jsonl").string()))
    runs.push_back(without_timings(r).dump());
  std::sort(runs.begin(), runs.end());
  for (const auto& r : runs) text += "\n" + r;
  return text;
}

}  // namespace prunekit::testing
