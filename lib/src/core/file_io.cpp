#include "prunekit/core/file_io.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include <fcntl.h>
#include <unistd.h>

#include "prunekit/core/error.hpp"

namespace prunekit {

std::string read_file(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status))
    throw DataError(path, "is a directory, expected a file");
  // A pipe would block the reader forever and a device may never end.
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    throw DataError(path, "is not a regular file (a device or a pipe?), expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path, std::string("cannot open: ") + std::strerror(errno));
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  std::string bytes(static_cast<std::size_t>(size < 0 ? 0 : size), '\0');
  if (size > 0 && !in.read(bytes.data(), size)) throw DataError(path, "read failed");
  return bytes;
}

namespace {

/// Where a write to `path` must land: a symbolic link is followed to its final target (so the
/// link survives and the file it names is replaced); anything that exists and is not a regular
/// file (a device, a folder, a FIFO) is refused rather than replaced.
std::filesystem::path write_target(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code ec;
  for (int hops = 0; fs::is_symlink(fs::symlink_status(target, ec)); ++hops) {
    if (hops == 40) throw Error(path + ": cannot write: too many levels of symbolic links");
    const fs::path link = fs::read_symlink(target, ec);
    if (ec) throw Error(path + ": cannot write: " + ec.message());
    target = link.is_absolute() ? link : target.parent_path() / link;
  }
  const fs::file_status status = fs::status(target, ec);
  if (fs::exists(status) && !fs::is_regular_file(status))
    throw Error(path + ": cannot write: " +
                (fs::is_directory(status) ? "it is a folder"
                                          : "it is not a regular file (a device or a pipe?)") +
                "; refusing to replace it");
  return target;
}

}  // namespace

namespace {

/// A complete copy of `content` in a temporary file next to `path`'s target, ready to be
/// renamed over it.
struct StagedFile {
  std::string path;  ///< as the user gave it (for messages)
  std::filesystem::path target;
  std::string temp;
};

StagedFile stage_file(const std::string& path, std::string_view content) {
  namespace fs = std::filesystem;
  StagedFile staged{path, write_target(path), {}};
  const fs::path& target = staged.target;
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  // A unique temporary name in the same folder, so the final rename is atomic.
  staged.temp = (dir / ("." + target.filename().string() + ".tmp." + std::to_string(::getpid()) +
                        "." + std::to_string(std::random_device{}())))
                    .string();
  const std::string& temp = staged.temp;
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(path + ": cannot write: " + std::strerror(errno));
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      throw Error(path + ": cannot write: " + std::strerror(err));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw Error(path + ": cannot write: " + std::strerror(err));
  }
  return staged;
}

void commit_file(const StagedFile& staged) {
  if (std::rename(staged.temp.c_str(), staged.target.c_str()) != 0) {
    const int err = errno;
    ::unlink(staged.temp.c_str());
    throw Error(staged.path + ": cannot write: " + std::strerror(err));
  }
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view content) {
  commit_file(stage_file(path, content));
}

void write_files_atomically(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<StagedFile> staged;
  try {
    for (const auto& [path, content] : files) staged.push_back(stage_file(path, content));
  } catch (...) {
    for (const auto& s : staged) ::unlink(s.temp.c_str());
    throw;
  }
  for (std::size_t i = 0; i < staged.size(); ++i) {
    try {
      commit_file(staged[i]);
    } catch (...) {
      for (std::size_t k = i + 1; k < staged.size(); ++k) ::unlink(staged[k].temp.c_str());
      throw;
    }
  }
}

}  // namespace prunekit
