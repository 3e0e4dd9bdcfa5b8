#pragma once
// The output folder of `prunekit run`: created with a clear error, and locked for the run's
// duration (an advisory flock on <out>/.lock naming the holder's process id), so that two runs
// never mix their files.

#include <filesystem>

namespace prunekit {

/// Creates `dir` (and its parents); an Error naming it when that is impossible (not writable,
/// a file in the way, a name too long).
void create_output_folder(const std::filesystem::path& dir);

/// Holds an exclusive advisory lock on `dir`/.lock while alive. The constructor throws Error
/// naming the other process when another run holds it.
class OutputFolderLock {
 public:
  explicit OutputFolderLock(const std::filesystem::path& dir);
  ~OutputFolderLock();
  OutputFolderLock(const OutputFolderLock&) = delete;
  OutputFolderLock& operator=(const OutputFolderLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace prunekit
