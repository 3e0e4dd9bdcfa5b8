#include <algorithm>
#include <iostream>

#include "cli_support.hpp"
#include "model_files.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/model/model_file.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/tree/decision_tree_model.hpp"
#include "prunekit/tree/tree_io.hpp"

namespace prunekit::cli {

namespace {

/// The scikit-learn parameters prunekit shares, as far as they are plain values.
DecisionTreeConfig config_from_dump(const nlohmann::json& dump) {
  nlohmann::json params = nlohmann::json::object();
  const auto it = dump.find("params");
  if (it != dump.end() && it->is_object()) {
    for (const char* key : {"max_depth", "min_samples_split", "min_samples_leaf",
                            "min_weight_fraction_leaf", "min_impurity_decrease", "max_leaf_nodes"})
      if (it->contains(key)) params[key] = it->at(key);
    if (it->contains("max_features") &&
        (it->at("max_features").is_number() || it->at("max_features").is_null() ||
         it->at("max_features") == "sqrt" || it->at("max_features") == "log2"))
      params["max_features"] = it->at("max_features");
    if (it->contains("class_weight") &&
        (it->at("class_weight").is_null() || it->at("class_weight") == "balanced"))
      params["class_weight"] = it->at("class_weight");
  }
  try {
    return parse_decision_tree_params(params, "", "/params");
  } catch (const ConfigError&) {
    return {};  // parameters are informative only; the tree itself is what was imported
  }
}

/// ['a', 'b'] for error messages.
std::string name_list(const std::vector<std::string>& names) {
  std::string out = "[";
  for (std::size_t k = 0; k < names.size(); ++k) out += (k ? ", '" : "'") + names[k] + "'";
  return out + "]";
}

}  // namespace

int run_import_sklearn(const Args& args) {
  po::options_description options("import-sklearn options");
  std::string dump_path;
  std::string save;
  DataSourceOptions source;
  options.add_options()("dump", po::value(&dump_path)->required(),
                        "JSON dump of a fitted scikit-learn tree (tools/sklearn_tree_dump.py)")(
      "save", po::value(&save)->required(), "where to write the prunekit model (JSON)");
  source.add_to(options);
  po::variables_map vm;
  if (!parse_command_line(args,
                          "prunekit import-sklearn dump.json --save model.json "
                          "[--dataset NAME|--data FILE]",
                          options, "dump", vm))
    return kExitOk;
  const nlohmann::json dump = read_json_file(dump_path);
  Tree tree = reading_json_of(dump_path, [&] { return tree_from_sklearn_json(dump, dump_path); });
  DecisionTreeModel model(reading_json_of(dump_path, [&] { return config_from_dump(dump); }), tree);

  if (source.dataset.empty() && source.data.empty()) {
    save_model(model, save);
  } else {
    // With the training data named, the file also carries the (identity, for numeric data)
    // preprocessing and the class names, so that `prunekit eval` can apply it to raw data.
    Dataset raw = source.load();
    if (raw.n_features() != tree.n_features)
      throw DataError(raw.provenance.path, "the data has " + std::to_string(raw.n_features()) +
                                               " features, the scikit-learn tree " +
                                               std::to_string(tree.n_features));
    if (raw.schema.task != tree.task)
      throw DataError(raw.provenance.path, std::string("the data is a ") +
                                               to_string(raw.schema.task) +
                                               " task, the tree does " + to_string(tree.task));
    for (const auto& f : raw.schema.features)
      if (f.categorical)
        throw DataError(raw.provenance.path, "feature '" + f.name +
                                                 "' is categorical; a scikit-learn tree was "
                                                 "fitted on numeric columns");
    if (tree.task == Task::classification) {
      auto mine = raw.schema.class_names;
      auto theirs = tree.class_names;
      std::sort(mine.begin(), mine.end());
      std::sort(theirs.begin(), theirs.end());
      if (mine != theirs)
        throw DataError(raw.provenance.path, "the data's classes " + name_list(mine) +
                                                 " differ from the scikit-learn tree's classes_ " +
                                                 name_list(theirs));
      align_labels(raw, tree.class_names);
    }
    // A tree dumped from numpy arrays has no feature names: take the data's column names.
    const auto names = dump.find("feature_names_in_");
    if (names == dump.end() || names->is_null()) {
      tree.feature_names.clear();
      for (const auto& f : raw.schema.features) tree.feature_names.push_back(f.name);
      model.set_tree(tree);
    }
    PreprocessOptions prep_options;
    prep_options.scale_unit_range = false;
    const Preprocessor prep(raw, prep_options);
    save_model_file(save, model, prep, raw);
  }
  std::cout << "imported a scikit-learn " << to_string(tree.task) << " tree from " << dump_path
            << ": " << tree.n_nodes() << " nodes, " << tree.n_leaves() << " leaves, depth "
            << tree.depth() << "\nsaved to " << save << "\n";
  return kExitOk;
}

}  // namespace prunekit::cli
