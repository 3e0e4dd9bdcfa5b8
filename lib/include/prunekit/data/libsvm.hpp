#pragma once
/// LibSVM / SVMlight sparse text reader (Chang and Lin, "LIBSVM: a library for support vector
/// machines", 2011; Joachims, SVMlight): one example per line, `label index:value ...` with
/// 1-based, strictly ascending indices; an absent index is the value 0. `#` starts a comment;
/// a `qid:<n>` token (SVMlight ranking groups) is accepted and ignored.

#include <cstddef>
#include <optional>
#include <string>

#include "prunekit/data/dataset.hpp"

namespace prunekit {

struct LibSvmOptions {
  /// Number of features; 0 means the largest index in the file. A larger index is an error.
  std::size_t n_features = 0;
  /// Task; unset means classification when every label is an integer and there are at most
  /// 20 distinct labels (the CSV reader's rule), else regression.
  std::optional<Task> task;
};

/// Reads a LibSVM file into a dense dataset (features `f1` .. `fD`, named by their 1-based
/// index). Class names are the label values in numeric order (`-1`, `1`). Throws DataError with
/// file:line:column for a bad index (zero, negative, not an integer, not ascending), a missing
/// colon or a value that is not a number.
[[nodiscard]] Dataset read_libsvm(const std::string& path, const LibSvmOptions& options = {});

}  // namespace prunekit
