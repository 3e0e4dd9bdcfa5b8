#pragma once
/// The datasets shipped with prunekit, found by name from any working directory.

#include <string>
#include <vector>

#include "prunekit/data/dataset.hpp"

namespace prunekit {

/// The folder holding the bundled CSV files and sidecars: $PRUNEKIT_DATA when set, else
/// `<prefix>/share/prunekit/datasets` found from the binary holding this code (an installed
/// program in `<prefix>/bin`, or a shared library in `<prefix>/lib`), wherever the prefix was
/// moved; else the source tree's `datasets/` (a build from a checkout); else the configured
/// install prefix. Throws Error naming every folder it looked in when none exists.
[[nodiscard]] std::string bundled_data_dir();

/// Names of the bundled datasets (every `<name>.json` sidecar with a `<name>.csv`), sorted.
[[nodiscard]] std::vector<std::string> bundled_dataset_names();

/// True when `name` is a bundled dataset, or a system dataset (system_datasets.hpp).
[[nodiscard]] bool is_bundled_dataset(const std::string& name);

/// Loads a bundled (or system) dataset by name; the error for an unknown name lists the valid
/// ones.
[[nodiscard]] Dataset load_bundled(const std::string& name);

}  // namespace prunekit
