#pragma once
// Helpers shared by the tests: temporary folders, writing small files, running the CLI.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

namespace prunekit::testing {

/// A fresh, empty folder removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  /// Writes `content` to `name` inside the folder and returns the full path.
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

/// How often `what` occurs in `text` (overlapping occurrences count).
[[nodiscard]] std::size_t occurrences(const std::string& text, const std::string& what);

/// The whole content of `file` ("" when it cannot be read).
[[nodiscard]] std::string read_text(const std::filesystem::path& file);

/// Result of running the prunekit CLI.
struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the built prunekit binary with `arguments` (a shell-quoted string) in `working_dir`.
CliResult run_cli(const std::string& arguments, const std::filesystem::path& working_dir = {});

/// Waits until `file` exists and is not empty, or `timeout` has passed (for tests that kill a
/// run as soon as it has written something). Returns whether the file has content.
bool wait_for_content(const std::filesystem::path& file, std::chrono::milliseconds timeout);

/// An experiment output folder's results.json, then its runs.jsonl's lines sorted, all without
/// timings: what must not depend on the job count or on interruptions.
[[nodiscard]] std::string comparable_results(const std::filesystem::path& out);

/// A CLI run on one file, with the file's path (for the messages that name it).
struct FileRun {
  std::string path;
  CliResult result;
};

/// Writes `content` to `name` in a fresh folder and runs `prunekit <command> '<that file>'`.
FileRun run_cli_on_file(const std::string& command, const std::string& name,
                        const std::string& content);

/// Waits (as wait_for_content) until `file` has content, sends `signal` to the child process
/// `child` and returns its wait status.
int signal_once_written(int child, const std::filesystem::path& file, int signal,
                        std::chrono::milliseconds timeout);

/// The bundled datasets folder of the source tree.
[[nodiscard]] std::string source_datasets_dir();

}  // namespace prunekit::testing
