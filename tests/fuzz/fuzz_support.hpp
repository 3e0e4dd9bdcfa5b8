#pragma once
// Shared by the libFuzzer targets: the readers take paths, so each input is written to a file
// in a private folder under /dev/shm (or /tmp) first. The invariant every target checks: a
// reader either succeeds or throws prunekit::Error (the CLI's exit 2). Any other exception
// would be the CLI's exit 1, so it aborts (a finding), as do crashes and sanitizer reports.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

#include "prunekit/core/error.hpp"

namespace prunekit::fuzz {

/// This process's scratch folder (created once).
inline const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    const std::filesystem::path base =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    auto d = base / ("prunekit-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

/// Writes `bytes` to scratch()/name and returns the path.
inline std::string put(const std::string& name, std::string_view bytes) {
  const std::string path = (scratch() / name).string();
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

/// Runs `body`; prunekit::Error is an accepted outcome, any other exception a finding.
template <typename Body>
int expect_only_prunekit_errors(Body&& body) {
  try {
    body();
  } catch (const prunekit::Error&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "finding: an exception that is not a prunekit::Error: %s\n", e.what());
    std::abort();
  }
  return 0;
}

/// Splits `data` at the first NUL byte: (before, after); no NUL gives (data, "").
inline std::pair<std::string_view, std::string_view> split_at_nul(const std::uint8_t* data,
                                                                  std::size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const auto nul = all.find('\0');
  if (nul == std::string_view::npos) return {all, {}};
  return {all.substr(0, nul), all.substr(nul + 1)};
}

}  // namespace prunekit::fuzz
