#include "data/csv_sidecar.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "prunekit/core/error.hpp"
#include "prunekit/core/json_file.hpp"

namespace prunekit {
namespace {

std::string default_sidecar_path(const std::string& csv_path) {
  std::filesystem::path p(csv_path);
  p.replace_extension(".json");
  return p.string();
}

std::string sidecar_string(const CsvSidecar& s, const char* key) {
  auto it = s.json.find(key);
  if (it == s.json.end() || it->is_null()) return {};
  if (!it->is_string()) throw DataError(s.path, std::string("\"") + key + "\" must be a string");
  return it->get<std::string>();
}

/// A sidecar is an object with known keys only: any other JSON file named like the CSV (an
/// experiment config, say) is refused rather than silently read as one.
void check_sidecar_keys(const CsvSidecar& s, const std::string& csv_path) {
  static const std::vector<std::string> kKeys = {
      "name",   "task",       "target",    "categorical_features",
      "n_rows", "n_features", "n_classes", "missing_values",
      "source", "origin",     "license"};
  const std::string role = "the sidecar of " + csv_path;
  if (!s.json.is_object()) throw DataError(s.path, "expected a JSON object (read as " + role + ")");
  for (const auto& [key, value] : s.json.items())
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
      std::string valid;
      for (const auto& k : kKeys) valid += (valid.empty() ? "" : ", ") + k;
      throw DataError(
          s.path, "/" + key + ": unknown key in " + role + " (valid: " + valid +
                      "); a JSON file named like a CSV is read as its sidecar: rename or move it");
    }
}

std::optional<Task> sidecar_task(const CsvSidecar& s) {
  const std::string task_text = sidecar_string(s, "task");
  if (task_text == "classification") return Task::classification;
  if (task_text == "regression") return Task::regression;
  if (!task_text.empty())
    throw DataError(
        s.path, "\"task\" must be \"classification\" or \"regression\", got \"" + task_text + "\"");
  return std::nullopt;
}

std::vector<std::string> sidecar_categorical_features(
    const CsvSidecar& s, const std::string& csv_path,
    const std::unordered_set<std::string_view>& columns) {
  std::vector<std::string> names;
  const auto it = s.json.find("categorical_features");
  if (it == s.json.end()) return names;
  if (!it->is_array()) throw DataError(s.path, "\"categorical_features\" must be an array");
  for (const auto& name : *it) {
    if (!name.is_string())
      throw DataError(s.path, "\"categorical_features\" must hold column names");
    const auto n = name.get<std::string>();
    if (!columns.contains(n))
      throw DataError(s.path, "categorical feature '" + n + "' is not a column of " + csv_path);
    names.push_back(n);
  }
  return names;
}

}  // namespace

std::optional<CsvSidecar> find_csv_sidecar(const std::string& csv_path, const std::string& given) {
  std::string path = given;
  if (path.empty()) {
    const std::string guess = default_sidecar_path(csv_path);
    std::error_code ec;
    if (guess != csv_path && std::filesystem::is_regular_file(guess, ec)) path = guess;
  }
  if (path.empty()) return std::nullopt;
  return CsvSidecar{path, read_json_file(path)};
}

SidecarDeclarations read_sidecar_declarations(const CsvSidecar& sidecar,
                                              const std::string& csv_path,
                                              const std::unordered_set<std::string_view>& columns) {
  check_sidecar_keys(sidecar, csv_path);
  SidecarDeclarations d;
  d.target = sidecar_string(sidecar, "target");
  d.name = sidecar_string(sidecar, "name");
  d.source = sidecar_string(sidecar, "source");
  d.origin = sidecar_string(sidecar, "origin");
  d.license = sidecar_string(sidecar, "license");
  d.task = sidecar_task(sidecar);
  d.categorical_features = sidecar_categorical_features(sidecar, csv_path, columns);
  return d;
}

void check_sidecar_counts(const CsvSidecar& sidecar, const std::string& csv_path,
                          const CsvCounts& counts) {
  const auto check_count = [&](const char* key, std::size_t actual) {
    auto it = sidecar.json.find(key);
    if (it == sidecar.json.end() || it->is_null()) return;
    if (!it->is_number_integer() || it->get<long long>() != static_cast<long long>(actual))
      throw DataError(sidecar.path, std::string("\"") + key + "\" is " + it->dump() + " but " +
                                        csv_path + " has " + std::to_string(actual));
  };
  check_count("n_rows", counts.rows);
  check_count("n_features", counts.features);
  if (counts.classes) check_count("n_classes", *counts.classes);
}

nlohmann::json sidecar_json(const Dataset& data) {
  nlohmann::json side;
  side["name"] = data.provenance.name;
  side["task"] = to_string(data.schema.task);
  side["target"] = data.schema.target_name;
  side["n_rows"] = data.rows;
  side["n_features"] = data.n_features();
  side["n_classes"] =
      data.is_classification() ? nlohmann::json(data.n_classes()) : nlohmann::json(nullptr);
  nlohmann::json categorical = nlohmann::json::array();
  for (const auto& f : data.schema.features)
    if (f.categorical) categorical.push_back(f.name);
  side["categorical_features"] = categorical;
  side["missing_values"] = data.missing_total();
  side["source"] = data.provenance.source;
  side["origin"] = data.provenance.origin;
  side["license"] = data.provenance.license;
  return side;
}

}  // namespace prunekit
