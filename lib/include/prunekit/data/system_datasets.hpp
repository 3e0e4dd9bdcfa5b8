#pragma once
/// Datasets that Debian packages install, found by name like the bundled ones (they are too
/// large to ship): `fashion_mnist` (package dataset-fashion-mnist; Xiao, Rasul and Vollgraf 2017):
/// the 60,000 training images, then the 10,000 test images, 1 x 28 x 28 grey levels 0..255, 10
/// classes; the last 10,000 rows are its published test set (Dataset::published_test_rows, the
/// "published_split" protocol). The files are looked for in $PRUNEKIT_SYSTEM_DATASETS
/// (default /usr/share/datasets).

#include <string>
#include <vector>

#include "prunekit/data/dataset.hpp"

namespace prunekit {

[[nodiscard]] std::vector<std::string> system_dataset_names();
[[nodiscard]] bool is_system_dataset(const std::string& name);
/// Loads a system dataset; Error naming the missing file and the package to install.
[[nodiscard]] Dataset load_system_dataset(const std::string& name);

}  // namespace prunekit
