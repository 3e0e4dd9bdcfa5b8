#pragma once
/// CSV reader, with or without a JSON sidecar (the format of `datasets/`, see docs/datasets.md).

#include <optional>
#include <string>

#include "prunekit/data/dataset.hpp"

namespace prunekit {

struct CsvOptions {
  /// Sidecar to use; empty means `<csv path without .csv>.json` when that file exists.
  std::string sidecar;
  /// Target column when there is no sidecar; empty means the last column.
  std::string target;
  /// Task when there is no sidecar; unset means inferred (see infer_task in docs/datasets.md).
  std::optional<Task> task;
  char delimiter = ',';
};

/// Reads a CSV file with a header row. An empty field is a missing value (NaN); a missing
/// target is an error. With a sidecar, the sidecar names the target, the task and the
/// categorical columns, and its counts must agree with the file. Without one, a column whose
/// every non-empty field is a number is numeric and any other is categorical.
/// Class labels and categorical levels are numbered in sorted order (numerically when every
/// value is a number), as scikit-learn's LabelEncoder does.
/// Throws DataError with file:line:column on malformed input.
[[nodiscard]] Dataset read_csv(const std::string& path, const CsvOptions& options = {});

/// Writes `data` as CSV (header row, target last, categorical values and labels as their
/// names, missing values as empty fields), atomically. Also writes the sidecar when
/// `sidecar_path` is not empty.
void write_csv(const Dataset& data, const std::string& path, const std::string& sidecar_path = {});

}  // namespace prunekit
