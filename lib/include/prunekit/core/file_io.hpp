#pragma once
/// Whole-file reads and atomic writes: an output file is either complete or absent, never
/// half-written (written to a temporary file in the same folder, flushed, then renamed).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace prunekit {

/// The whole file as bytes; DataError(path, ...) when it cannot be opened or read, or is not a
/// regular file (a pipe or a device).
[[nodiscard]] std::string read_file(const std::string& path);

/// Writes `content` to `path` atomically (temporary file + fsync + rename). A symbolic link is
/// followed (its target is replaced, the link stays); a path that exists and is not a regular
/// file (device, folder, pipe) is refused. Throws Error on failure and leaves no temporary file
/// behind.
void write_file_atomically(const std::string& path, std::string_view content);

/// Writes several files so that a failure leaves none of them changed: each is written to a
/// temporary file first (any failure removes them all), then all are renamed into place.
void write_files_atomically(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace prunekit
