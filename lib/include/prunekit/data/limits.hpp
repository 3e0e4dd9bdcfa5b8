#pragma once
/// Resource limits of the data readers (docs/datasets.md, "Limits"). Input beyond a limit is
/// refused early with a DataError naming the file and the limit, before memory is committed.

#include <cstddef>
#include <string>

#include "prunekit/core/error.hpp"

namespace prunekit {

/// Columns of a CSV file or attributes of an ARFF file; features of a LibSVM file.
inline constexpr std::size_t kMaxColumns = 1'000'000;
/// Levels of one categorical feature or nominal attribute (declared or found).
inline constexpr std::size_t kMaxLevels = 100'000;
/// Cells (rows x features) of a dense feature matrix, before or after one-hot encoding: 2^28,
/// 1 GiB of 32-bit floats.
inline constexpr std::size_t kMaxDenseCells = std::size_t{1} << 28;
/// A gzip IDX file may inflate to at most its header's declared size; the inflated stream is
/// stopped as soon as it exceeds that (plus this many bytes of slack for trailing padding).
inline constexpr std::size_t kIdxInflateSlack = 4096;

/// Refuses a dense matrix of `rows` x `features` above kMaxDenseCells or kMaxColumns;
/// `what` says where the matrix comes from (for the message).
inline void check_dense_size(const std::string& file, std::size_t rows, std::size_t features,
                             const std::string& what) {
  if (features > kMaxColumns || (features > 0 && rows > kMaxDenseCells / features))
    throw DataError(file, what + ": " + std::to_string(rows) + " rows x " +
                              std::to_string(features) + " features exceed the limit of " +
                              std::to_string(kMaxColumns) + " features and " +
                              std::to_string(kMaxDenseCells) + " cells (docs/datasets.md, Limits)");
}

}  // namespace prunekit
