#pragma once
/// One entry point for every supported source: a bundled name or a file path, dispatched on
/// the file's extension.

#include <optional>
#include <string>

#include "prunekit/data/dataset.hpp"

namespace prunekit {

struct LoadOptions {
  /// Target column for formats that name columns (CSV without sidecar, ARFF); empty = last.
  std::string target;
  /// Task override for CSV without sidecar, ARFF (numeric class read as labels) and LibSVM.
  std::optional<Task> task;
};

/// Loads `source`: a bundled dataset name (`iris`), or a path ending in .csv, .arff, .libsvm,
/// .svm or .svmlight, or an IDX image file (`*-images-idx3-ubyte[.gz]`, `*.idx[.gz]`) whose
/// labels file is found beside it. Throws DataError / Error naming the source.
[[nodiscard]] Dataset load_dataset(const std::string& source, const LoadOptions& options = {});

}  // namespace prunekit
