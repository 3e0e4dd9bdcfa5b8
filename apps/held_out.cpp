#include "held_out.hpp"

#include <cmath>
#include <cstdio>

#include "cli_support.hpp"
#include "prunekit/data/load.hpp"
#include "prunekit/data/protocol.hpp"
#include "prunekit/model/metrics.hpp"

namespace prunekit::cli {

void HeldOutOptions::add_to(boost::program_options::options_description& options) {
  namespace po = boost::program_options;
  options.add_options()("test-data", po::value(&test_data),
                        "also score on this held-out data file")(
      "test-fraction", po::value(&test_fraction),
      "hold out this share of the given data (stratified, by --seed) and score on it");
}

namespace {

std::string rows_text(std::size_t rows) {
  return std::to_string(rows) + (rows == 1 ? " row" : " rows");
}

std::string data_name(const Dataset& data) {
  return data.provenance.name.empty() ? data.provenance.path : data.provenance.name;
}

/// A part as JSON; `fraction` and `seed` are null unless the part comes from --test-fraction.
nlohmann::ordered_json part_info(std::string part, const std::string& dataset, std::size_t rows,
                                 const HeldOutOptions& options, std::uint64_t seed) {
  for (char& c : part)
    if (c == ' ') c = '_';
  const bool split = options.test_fraction > 0.0;
  return {{"part", part},
          {"dataset", dataset},
          {"n_rows", rows},
          {"held_out_fraction", split ? nlohmann::ordered_json(options.test_fraction) : nullptr},
          {"seed", split ? nlohmann::ordered_json(seed) : nullptr}};
}

}  // namespace

DataParts split_held_out(Dataset raw, const HeldOutOptions& options, std::uint64_t seed,
                         const std::string& work_role) {
  if (!options.test_data.empty() && options.test_fraction != 0.0)
    throw UsageError("give at most one of --test-data and --test-fraction");
  if (options.test_fraction != 0.0 && !(options.test_fraction > 0.0 && options.test_fraction < 1.0))
    throw UsageError("--test-fraction must be in (0, 1)");
  DataParts parts;
  const std::string name = data_name(raw);
  if (options.test_fraction > 0.0) {
    HoldoutParams params;
    params.test_fraction = options.test_fraction;
    params.seed = seed;
    const Split split = holdout_splits(raw, params).front();
    parts.test = raw.subset(split.test);
    parts.work = raw.subset(split.train);
    char share[32];
    std::snprintf(share, sizeof share, "%g %%", 100.0 * options.test_fraction);
    parts.work_label = "the " + work_role + " (" + rows_text(parts.work.rows) + " of " + name + ")";
    parts.test_label = "the held-out part (" + rows_text(parts.test->rows) + ", " + share + " of " +
                       name + ", seed " + std::to_string(seed) + ")";
    parts.work_info = part_info(work_role, name, parts.work.rows, options, seed);
    parts.test_info = part_info("held_out", name, parts.test->rows, options, seed);
    return parts;
  }
  parts.work_label = "the " + work_role + " (" + name + ", " + rows_text(raw.rows) + ")";
  if (!options.test_data.empty()) {
    parts.test = load_dataset(options.test_data);
    parts.test_label =
        "the test data (" + options.test_data + ", " + rows_text(parts.test->rows) + ")";
    parts.test_info = part_info("test_data", options.test_data, parts.test->rows, options, seed);
  }
  parts.work_info = part_info(work_role, name, raw.rows, options, seed);
  parts.work = std::move(raw);
  return parts;
}

std::string score_line(const Model& model, const Dataset& data, const std::string& label) {
  const auto predicted = model.predict(data);
  char numbers[96];
  if (data.is_classification())
    std::snprintf(numbers, sizeof numbers, "accuracy: %.4f", accuracy(data, predicted));
  else
    std::snprintf(numbers, sizeof numbers, "R2: %.4f, RMSE: %.4g", r2_score(data, predicted),
                  rmse(data, predicted));
  return std::string(numbers) + " on " + label;
}

nlohmann::ordered_json metrics_json(const Dataset& data, const std::vector<double>& predicted) {
  if (data.is_classification()) return {{"accuracy", json_number(accuracy(data, predicted))}};
  return {{"r2", json_number(r2_score(data, predicted))},
          {"rmse", json_number(rmse(data, predicted))}};
}

nlohmann::ordered_json score_json(const nlohmann::ordered_json& info, const Model& model,
                                  const Dataset& data) {
  return {{"data", info}, {"metrics", metrics_json(data, model.predict(data))}};
}

std::string size_in_words(const ModelSize& size) {
  std::string out;
  for (auto it = size.begin(); it != size.end(); ++it) {
    if (!it.value().is_number()) continue;
    std::string name = it.key();
    for (char& c : name)
      if (c == '_') c = ' ';
    const double v = it.value().get<double>();
    char number[32];
    if (v == std::floor(v) && std::fabs(v) < 1e15)
      std::snprintf(number, sizeof number, "%.0f", v);
    else
      std::snprintf(number, sizeof number, "%.4g", v);
    // Measures that read as "name value" (depth 5, weight sparsity 0.9); counts as "value name".
    const bool name_first = name == "depth" || name.find("sparsity") != std::string::npos;
    out += (out.empty() ? "" : ", ") + (name_first ? name + " " + number : number + (" " + name));
  }
  return out;
}

std::string seconds_text(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, seconds >= 100.0 ? "%.0f s" : "%.3g s", seconds);
  return buf;
}

}  // namespace prunekit::cli
