#include "prunekit/data/bundled.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "prunekit/core/error.hpp"
#include "prunekit/data/csv.hpp"

#ifndef PRUNEKIT_SOURCE_DATA_DIR
#define PRUNEKIT_SOURCE_DATA_DIR ""
#endif
#ifndef PRUNEKIT_INSTALL_DATA_DIR
#define PRUNEKIT_INSTALL_DATA_DIR ""
#endif

namespace prunekit {

namespace fs = std::filesystem;

std::string bundled_data_dir() {
  std::error_code ec;
  if (const char* env = std::getenv("PRUNEKIT_DATA"); env != nullptr && *env != '\0') {
    if (!fs::is_directory(env, ec))
      throw Error(std::string("PRUNEKIT_DATA=") + env + " is not a directory");
    return env;
  }
  for (const char* candidate : {PRUNEKIT_SOURCE_DATA_DIR, PRUNEKIT_INSTALL_DATA_DIR})
    if (*candidate != '\0' && fs::is_directory(candidate, ec)) return candidate;
  throw Error(std::string("no bundled datasets found: set PRUNEKIT_DATA to the datasets folder "
                          "(looked in '") +
              PRUNEKIT_SOURCE_DATA_DIR + "' and '" + PRUNEKIT_INSTALL_DATA_DIR + "')");
}

std::vector<std::string> bundled_dataset_names() {
  std::vector<std::string> names;
  const fs::path dir = bundled_data_dir();
  for (const auto& entry : fs::directory_iterator(dir)) {
    const fs::path p = entry.path();
    if (p.extension() != ".json") continue;
    fs::path csv = p;
    csv.replace_extension(".csv");
    std::error_code ec;
    if (fs::is_regular_file(csv, ec)) names.push_back(p.stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool is_bundled_dataset(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name.find('.') != std::string::npos)
    return false;
  const auto names = bundled_dataset_names();
  return std::binary_search(names.begin(), names.end(), name);
}

Dataset load_bundled(const std::string& name) {
  if (!is_bundled_dataset(name)) {
    std::string valid;
    for (const auto& n : bundled_dataset_names()) valid += (valid.empty() ? "" : ", ") + n;
    throw Error("unknown dataset '" + name + "'; bundled datasets: " + valid);
  }
  const fs::path dir = bundled_data_dir();
  return read_csv((dir / (name + ".csv")).string());
}

}  // namespace prunekit
