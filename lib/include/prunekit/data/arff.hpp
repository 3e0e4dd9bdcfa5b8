#pragma once
/// ARFF reader: the Attribute-Relation File Format of Weka (Witten, Frank, Hall, Pal, "Data
/// Mining", 4th ed., 2016, section 2.4;
/// https://waikato.github.io/weka-wiki/formats_and_processing/arff_stable/).
///
/// Supported: `@relation`, `@attribute` with `numeric`, `real`, `integer` and nominal
/// `{a, b, 'c d'}` types, names and values quoted with single or double quotes (backslash
/// escapes), `%` comments, `?` for a missing value, dense `@data` rows and sparse rows
/// `{index value, ...}` (0-based indices; an omitted value is 0, or the first declared level of
/// a nominal attribute). `string`, `date` and `relational` attributes are rejected with a
/// message naming the attribute.

#include <optional>
#include <string>

#include "prunekit/data/dataset.hpp"

namespace prunekit {

struct ArffOptions {
  /// Name of the class attribute; empty means the last attribute.
  std::string target;
  /// Task override: a numeric class read as labels (classification); unset means nominal
  /// class -> classification, numeric class -> regression.
  std::optional<Task> task;
};

/// Reads an ARFF file. Nominal features are categorical with their declared values as levels;
/// levels and class names are numbered in sorted order (numerically when every value is a
/// number), like the CSV reader, so the same data gives the same codes in either format.
/// Throws DataError with file:line:column on malformed input, naming the attribute for a
/// value that its nominal type does not declare (class labels included).
[[nodiscard]] Dataset read_arff(const std::string& path, const ArffOptions& options = {});

}  // namespace prunekit
