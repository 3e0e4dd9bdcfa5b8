#include <filesystem>
#include <iostream>

#include "cli_support.hpp"
#include "prunekit/core/rng.hpp"
#include "prunekit/data/csv.hpp"
#include "prunekit/data/synthetic.hpp"

namespace prunekit::cli {

int run_synth(const Args& args) {
  po::options_description options("synth options");
  ClassificationParams cls;
  RegressionParams reg;
  std::size_t rows = 0;
  std::size_t features = 0;
  std::size_t informative = cls.n_informative;
  std::string task = "classification";
  std::uint64_t seed = 0;
  std::string output;
  bool no_shuffle = false;
  options.add_options()("rows", po::value(&rows)->required(), "number of rows")(
      "features", po::value(&features)->required(), "number of features")(
      "informative", po::value(&informative),
      "informative features (default 2; for regression, features with a non-zero coefficient)")(
      "redundant", po::value(&cls.n_redundant)->default_value(cls.n_redundant),
      "linear combinations of the informative features (classification)")(
      "repeated", po::value(&cls.n_repeated)->default_value(cls.n_repeated),
      "copies of informative or redundant features (classification)")(
      "classes", po::value(&cls.n_classes)->default_value(cls.n_classes), "number of classes")(
      "clusters-per-class",
      po::value(&cls.n_clusters_per_class)->default_value(cls.n_clusters_per_class),
      "Gaussian clusters per class")("flip-y", po::value(&cls.flip_y)->default_value(cls.flip_y),
                                     "fraction of labels replaced at random")(
      "class-sep", po::value(&cls.class_sep)->default_value(cls.class_sep),
      "half the hypercube side")("noise", po::value(&reg.noise)->default_value(reg.noise),
                                 "target noise sd (regression)")(
      "bias", po::value(&reg.bias)->default_value(reg.bias), "target bias (regression)")(
      "no-shuffle", po::bool_switch(&no_shuffle),
      "keep rows in cluster order and columns in role order")(
      "task", po::value(&task), "classification|regression (default classification)")(
      "seed", po::value(&seed)->default_value(0), "random seed")(
      "output,o", po::value(&output)->required(),
      "output CSV; its sidecar <name>.json is written beside it");
  po::positional_options_description positional;
  po::variables_map vm;
  if (!parse_command_line(args, "prunekit synth --rows N --features D [options] -o FILE.csv",
                          options, positional, vm))
    return kExitOk;
  if (task != "classification" && task != "regression")
    throw UsageError("--task must be classification or regression, got '" + task + "'");
  std::filesystem::path csv(output);
  if (csv.extension() != ".csv")
    throw UsageError("--output must end in .csv, got '" + output + "'");
  std::filesystem::path sidecar = csv;
  sidecar.replace_extension(".json");

  Rng rng(seed);
  Dataset data;
  if (task == "classification") {
    cls.n_samples = rows;
    cls.n_features = features;
    cls.n_informative = informative;
    cls.shuffle = !no_shuffle;
    data = make_classification(cls, rng);
    data.provenance.origin = "prunekit synth: make_classification, seed " + std::to_string(seed);
  } else {
    reg.n_samples = rows;
    reg.n_features = features;
    reg.n_informative = vm.count("informative") != 0 ? informative : reg.n_informative;
    reg.shuffle = !no_shuffle;
    data = make_regression(reg, rng);
    data.provenance.origin = "prunekit synth: make_regression, seed " + std::to_string(seed);
  }
  data.provenance.name = csv.stem().string();
  data.provenance.license = "generated data, no restrictions";
  write_csv(data, csv.string(), sidecar.string());
  std::cout << "wrote " << csv.string() << " (" << data.rows << " rows, " << data.n_features()
            << " features, " << to_string(data.schema.task) << ") and " << sidecar.string() << "\n";
  return kExitOk;
}

}  // namespace prunekit::cli
