#pragma once
// Held-out data for the one-off commands (train, prune, eval): --test-data FILE or
// --test-fraction F, and how their scores, sizes and times are printed. Every score is
// labelled with the data it was computed on.

#include <cstdint>
#include <optional>
#include <string>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "prunekit/data/dataset.hpp"
#include "prunekit/model/model.hpp"
#include "prunekit/model/model_file.hpp"

namespace prunekit::cli {

struct HeldOutOptions {
  std::string test_data;
  double test_fraction = 0.0;
  void add_to(boost::program_options::options_description& options);
};

/// The given data split into the part a command works on and the part it only scores.
struct DataParts {
  Dataset work;                 ///< all of the given data, or its training part
  std::optional<Dataset> test;  ///< --test-data, or the held-out part; unset without either
  std::string work_label;       ///< e.g. "the training data (breast_cancer, 569 rows)"
  std::string test_label;       ///< e.g. "the test part (143 rows, 25 % of breast_cancer held out)"
  /// The labels as JSON (docs/cli.md): {"part": "training_data", "dataset": "iris", "n_rows": 150,
  /// "held_out_fraction": null, "seed": null}; `test_info` is null without a test part.
  nlohmann::ordered_json work_info;
  nlohmann::ordered_json test_info;
};

/// Splits `raw` (the --dataset/--data rows) as the options say: --test-fraction F holds out a
/// stratified, seeded share F of the rows (the same rows for the same F and seed in every
/// command), --test-data loads another file. `work_role` names what the given data is for
/// ("training data", "pruning data", "data").
[[nodiscard]] DataParts split_held_out(Dataset raw, const HeldOutOptions& options,
                                       std::uint64_t seed, const std::string& work_role);

/// "accuracy: 0.9301 on the held-out part (143 rows, ...)" (R2 and RMSE for regression).
[[nodiscard]] std::string score_line(const Model& model, const Dataset& data,
                                     const std::string& label);

/// The scores of `predicted` on `data`: {"accuracy": a} or {"r2": r, "rmse": e} (null when
/// not finite).
[[nodiscard]] nlohmann::ordered_json metrics_json(const Dataset& data,
                                                  const std::vector<double>& predicted);
/// {"data": info, "metrics": ...}: `model`'s scores on `data`, described by `info`.
[[nodiscard]] nlohmann::ordered_json score_json(const nlohmann::ordered_json& info,
                                                const Model& model, const Dataset& data);

/// A model size in words: "12 leaves, 23 nodes, depth 5".
[[nodiscard]] std::string size_in_words(const ModelSize& size);

/// Seconds with three significant digits: "0.00213 s", "1.52 s", "153 s".
[[nodiscard]] std::string seconds_text(double seconds);

}  // namespace prunekit::cli
