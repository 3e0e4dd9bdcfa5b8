#include <chrono>
#include <iostream>

#include "cli_support.hpp"
#include "held_out.hpp"
#include "model_files.hpp"
#include "prunekit/model/model_file.hpp"
#include "prunekit/model/registry.hpp"

namespace prunekit::cli {

namespace {

std::string canonical_kind(const std::string& name) {
  if (name == "tree") return "decision_tree";
  return name;
}

/// What `train` reports: the fitted model, the data it saw, the time it took.
struct Fitted {
  std::string kind;
  const Model& model;
  const Preprocessor& prep;
  const Dataset& raw;    ///< the training rows as loaded
  const Dataset& train;  ///< the same, preprocessed
  double seconds = 0.0;
  std::string save;
};

/// The test part aligned to the training classes and preprocessed as the training rows.
Dataset prepared_test(const Fitted& f, Dataset test) {
  align_labels(test, f.raw.schema.class_names);
  return f.prep.apply(test);
}

void print_text(const Fitted& f, const DataParts& parts) {
  std::cout << f.kind << " fitted on " << parts.work_label << ", " << f.train.n_features()
            << " features, in " << seconds_text(f.seconds) << "\n"
            << score_line(f.model, f.train, parts.work_label) << "\n";
  if (parts.test)
    std::cout << score_line(f.model, prepared_test(f, *parts.test), parts.test_label) << "\n";
  std::cout << "size: " << size_in_words(f.model.size()) << "\nsaved to " << f.save << "\n";
}

/// {"kind", "n_features", "seconds", "training", "test", "size", "saved_to"} (docs/cli.md).
nlohmann::ordered_json train_json(const Fitted& f, const DataParts& parts) {
  nlohmann::ordered_json test;
  if (parts.test) test = score_json(parts.test_info, f.model, prepared_test(f, *parts.test));
  return {{"kind", f.kind},
          {"n_features", f.train.n_features()},
          {"seconds", json_number(f.seconds)},
          {"training", score_json(parts.work_info, f.model, f.train)},
          {"test", test},
          {"size", f.model.size()},
          {"saved_to", f.save}};
}

}  // namespace

int run_train(const Args& args) {
  po::options_description options("train options");
  DataSourceOptions source;
  source.add_to(options);
  HeldOutOptions held_out;
  held_out.add_to(options);
  std::string model_name = "tree";
  std::vector<std::string> settings;
  std::string save;
  std::uint64_t seed = 0;
  std::string encoding = "onehot";
  std::string numeric_impute = "median";
  std::string categorical_impute = "most_frequent";
  std::string scale = "auto";
  FormatOption output;
  options.add_options()("model", po::value(&model_name),
                        "model kind: tree (decision_tree), mlp or cnn")(
      "set", po::value(&settings)->composing(), "model parameter key=value (repeatable)")(
      "save", po::value(&save)->required(), "where to write the fitted model (JSON)")(
      "seed", po::value(&seed), "random seed (default 0)")(
      "encode", po::value(&encoding), "categorical encoding: onehot|ordinal (default onehot)")(
      "impute-numeric", po::value(&numeric_impute), "median|mean|error (default median)")(
      "impute-categorical", po::value(&categorical_impute),
      "most_frequent|own_level|error (default most_frequent)")(
      "scale", po::value(&scale), "scale features to [0,1]: auto (networks only)|on|off");
  output.add_to(options);
  po::variables_map vm;
  if (!parse_command_line(
          args,
          "prunekit train --dataset NAME|--data FILE --model tree|mlp|cnn "
          "[--set key=value ...] [--test-data FILE|--test-fraction F] --save model.json "
          "[--format text|json]",
          options, po::positional_options_description(), vm))
    return kExitOk;
  const bool json = output.json();

  const std::string kind = canonical_kind(model_name);
  auto model = make_model(kind, parse_settings(settings), "--set", "");
  const DataParts parts = split_held_out(source.load(), held_out, seed, "training data");
  const Dataset& raw = parts.work;
  PreprocessOptions prep_options;
  prep_options.encoding = parse_enum<CategoricalEncoding>(encoding, "categorical encoding");
  prep_options.numeric_impute = parse_enum<NumericImpute>(numeric_impute, "numeric imputation");
  prep_options.categorical_impute =
      parse_enum<CategoricalImpute>(categorical_impute, "categorical imputation");
  if (scale != "auto" && scale != "on" && scale != "off")
    throw UsageError("--scale must be auto, on or off");
  prep_options.scale_unit_range = scale == "on" || (scale == "auto" && kind != "decision_tree");
  const Preprocessor prep(raw, prep_options);
  const Dataset train = prep.apply(raw);

  Rng rng(seed);
  const auto start = std::chrono::steady_clock::now();
  model->fit(train, rng);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  save_model_file(save, *model, prep, raw);

  const Fitted fitted{kind, *model, prep, raw, train, seconds, save};
  if (json)
    print_json(train_json(fitted, parts));
  else
    print_text(fitted, parts);
  return kExitOk;
}

}  // namespace prunekit::cli
