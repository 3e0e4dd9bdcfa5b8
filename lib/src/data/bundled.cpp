#include "prunekit/data/bundled.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include <dlfcn.h>

#include "prunekit/core/error.hpp"
#include "prunekit/data/csv.hpp"
#include "prunekit/data/system_datasets.hpp"

#ifndef PRUNEKIT_SOURCE_DATA_DIR
#define PRUNEKIT_SOURCE_DATA_DIR ""
#endif
#ifndef PRUNEKIT_INSTALL_DATA_DIR
#define PRUNEKIT_INSTALL_DATA_DIR ""
#endif

namespace prunekit {

namespace fs = std::filesystem;

namespace {

/// The file holding this code: the shared library when prunekit is one, else the executable.
fs::path binary_holding_this_code() {
  std::error_code ec;
  Dl_info info{};
  if (dladdr(reinterpret_cast<const void*>(&bundled_data_dir), &info) != 0 &&
      info.dli_fname != nullptr && *info.dli_fname != '\0') {
    const fs::path p = fs::canonical(info.dli_fname, ec);
    if (!ec) return p;
  }
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe;
}

/// Where an installed prunekit keeps its data relative to its binaries: a program in
/// <prefix>/bin, a library in <prefix>/lib[/<multiarch>] or the Python module in
/// <prefix>/lib/python3.X/dist-packages/prunekit finds <prefix>/share/prunekit/datasets,
/// wherever the prefix was moved.
std::vector<fs::path> relocatable_candidates() {
  std::vector<fs::path> out;
  const fs::path binary = binary_holding_this_code();
  if (binary.empty()) return out;
  fs::path dir = binary.parent_path();
  for (int up = 0; up < 4 && !dir.empty(); ++up, dir = dir.parent_path())
    out.push_back(dir.parent_path() / "share" / "prunekit" / "datasets");
  return out;
}

}  // namespace

std::string bundled_data_dir() {
  std::error_code ec;
  if (const char* env = std::getenv("PRUNEKIT_DATA"); env != nullptr && *env != '\0') {
    if (!fs::is_directory(env, ec))
      throw Error(std::string("PRUNEKIT_DATA=") + env + " is not a directory");
    return env;
  }
  std::vector<fs::path> candidates = relocatable_candidates();
  candidates.emplace_back(PRUNEKIT_SOURCE_DATA_DIR);
  candidates.emplace_back(PRUNEKIT_INSTALL_DATA_DIR);
  std::string looked;
  for (const fs::path& candidate : candidates) {
    if (candidate.empty()) continue;
    if (fs::is_directory(candidate, ec)) return candidate.lexically_normal().string();
    looked += (looked.empty() ? "'" : ", '") + candidate.lexically_normal().string() + "'";
  }
  throw Error("no bundled datasets found: set PRUNEKIT_DATA to the datasets folder (looked in " +
              looked + ")");
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
  if (is_system_dataset(name)) return true;
  if (name.empty() || name.find('/') != std::string::npos || name.find('.') != std::string::npos)
    return false;
  const auto names = bundled_dataset_names();
  return std::binary_search(names.begin(), names.end(), name);
}

Dataset load_bundled(const std::string& name) {
  if (is_system_dataset(name)) return load_system_dataset(name);
  if (!is_bundled_dataset(name)) {
    std::string valid;
    for (const auto& n : bundled_dataset_names()) valid += (valid.empty() ? "" : ", ") + n;
    throw Error("unknown dataset '" + name + "'; bundled datasets: " + valid);
  }
  const fs::path dir = bundled_data_dir();
  return read_csv((dir / (name + ".csv")).string());
}

}  // namespace prunekit
