#pragma once
// The JSON sidecar of a CSV file (docs/datasets.md): where it is found, what it declares, the
// check of its counts against the file, and the sidecar write_csv writes.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/data/dataset.hpp"

namespace prunekit {

/// A sidecar as read: its path (for messages) and its JSON.
struct CsvSidecar {
  std::string path;
  nlohmann::json json;
};

/// What a sidecar declares: empty strings, an unset task and no categorical features where it
/// says nothing.
struct SidecarDeclarations {
  std::string target;
  std::string name;
  std::string source;
  std::string origin;
  std::string license;
  std::optional<Task> task;
  std::vector<std::string> categorical_features;
};

/// The sidecar of `csv_path`: the file `given` when not empty, else `<csv path>.json` when that
/// file exists; nothing otherwise. Throws DataError when the file cannot be read as JSON.
[[nodiscard]] std::optional<CsvSidecar> find_csv_sidecar(const std::string& csv_path,
                                                         const std::string& given);

/// What `sidecar` declares. Refuses anything but an object with known keys, values of the wrong
/// type and categorical features that are not among `columns` (the CSV's header).
[[nodiscard]] SidecarDeclarations read_sidecar_declarations(
    const CsvSidecar& sidecar, const std::string& csv_path,
    const std::unordered_set<std::string_view>& columns);

/// The counts of a CSV file, to compare with its sidecar's; `n_classes` only for a
/// classification task.
struct CsvCounts {
  std::size_t rows = 0;
  std::size_t features = 0;
  std::optional<std::size_t> classes;
};

/// Refuses a sidecar whose "n_rows", "n_features" or "n_classes" (each when given) disagree
/// with `counts`.
void check_sidecar_counts(const CsvSidecar& sidecar, const std::string& csv_path,
                          const CsvCounts& counts);

/// The sidecar describing `data` as write_csv writes it.
[[nodiscard]] nlohmann::json sidecar_json(const Dataset& data);

}  // namespace prunekit
