#pragma once
/// Whole-file reads and atomic writes: an output file is either complete or absent, never
/// half-written (written to a temporary file in the same folder, flushed, then renamed).

#include <string>
#include <string_view>

namespace prunekit {

/// The whole file as bytes; DataError(path, ...) when it cannot be opened or read.
[[nodiscard]] std::string read_file(const std::string& path);

/// Writes `content` to `path` atomically (temporary file + fsync + rename). Throws Error on
/// failure and leaves no temporary file behind.
void write_file_atomically(const std::string& path, std::string_view content);

}  // namespace prunekit
