// `prunekit path`: the cost-complexity pruning path of a fitted tree as rpart's cp table
// (CP, nsplit, rel error, xerror, xstd), cross-validated rpart's way
// (prunekit/prune/tree/cp_table.hpp).

#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli_support.hpp"
#include "model_files.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/model/model_file.hpp"
#include "prunekit/prune/tree/cp_table.hpp"

namespace prunekit::cli {

namespace {

std::string format_csv(const CpTable& table) {
  std::ostringstream out;
  out << std::setprecision(17) << "alpha,CP,nsplit,rel_error,xerror,xstd\n";
  for (const auto& r : table.rows)
    out << r.alpha << ',' << r.cp << ',' << r.nsplit << ',' << r.rel_error << ',' << r.xerror << ','
        << r.xstd << '\n';
  return out.str();
}

/// What R(t) measures, in words: "misclassification", "impurity (gini)", "squared error".
std::string risk_label(const Tree& tree, TreeRisk risk) {
  if (tree.task == Task::regression) return "squared error";
  if (risk == TreeRisk::misclassification) return "misclassification";
  return std::string("impurity (") + to_string(tree.criterion) + ")";
}

/// The table as JSON (docs/cli.md), for --json FILE and --format json: the rows largest CP
/// first, xerror and xstd null without cross-validation, the rows chosen by the minimum and the
/// 1-SE rule as indices into "table" (null without cross-validation).
nlohmann::ordered_json path_json(const std::string& path, const Tree& tree, const CpTable& table,
                                 const CpTableParams& params) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& r : table.rows)
    rows.push_back({{"alpha", json_number(r.alpha)},
                    {"cp", json_number(r.cp)},
                    {"nsplit", r.nsplit},
                    {"rel_error", json_number(r.rel_error)},
                    {"xerror", json_number(r.xerror)},
                    {"xstd", json_number(r.xstd)}});
  const auto row = [](const std::optional<std::size_t>& k) {
    return k ? nlohmann::ordered_json(*k) : nlohmann::ordered_json();
  };
  return {{"model", path},
          {"risk", to_string(params.path.risk)},
          {"risk_measure", risk_label(tree, params.path.risk)},
          {"ties", to_string(params.path.ties)},
          {"root_risk", json_number(table.root_risk)},
          {"table", rows},
          {"row_cv_min", row(table.row_min)},
          {"row_cv_1se", row(table.row_1se)}};
}

/// A fold vector as rpart's `xval`: integers 1..K, one per data row, separated by white space
/// or commas.
std::vector<std::size_t> read_fold_vector(const std::string& file) {
  std::string text = read_file(file);
  for (char& c : text)
    if (c == ',') c = ' ';
  std::istringstream in(text);
  std::vector<std::size_t> folds;
  std::string token;
  while (in >> token) {
    std::size_t used = 0;
    long long id = -1;
    try {
      id = std::stoll(token, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != token.size() || id < 1)
      throw DataError(file, 0, 0,
                      "entry " + std::to_string(folds.size() + 1) +
                          ": expected a fold id >= 1, got '" + token + "'");
    folds.push_back(static_cast<std::size_t>(id));
  }
  return folds;
}

void print_table(const std::string& path, const Tree& tree, const CpTable& table,
                 const CpTableParams& params) {
  const std::string risk = risk_label(tree, params.path.risk);
  std::cout << "cost-complexity path of " << path << "\nrisk: " << risk << ", ties pruned "
            << (params.path.ties == TieRule::all_at_once ? "all at once" : "one at a time")
            << ", R(root) = " << std::setprecision(6) << table.root_risk << "\n"
            << "CP = alpha / R(root); rel error = R(T) / R(root)";
  if (table.row_1se)
    std::cout << "; xerror, xstd: cross-validated "
              << (tree.task == Task::regression ? "squared error" : "misclassification")
              << " relative to the root's";
  std::cout << "\n\n"
            << std::setw(14) << "CP" << std::setw(8) << "nsplit" << std::setw(11) << "rel error"
            << std::setw(10) << "xerror" << std::setw(10) << "xstd"
            << "\n";
  for (std::size_t k = 0; k < table.rows.size(); ++k) {
    const auto& r = table.rows[k];
    std::cout << std::setw(14) << std::setprecision(6) << r.cp << std::setw(8) << r.nsplit
              << std::setw(11) << std::setprecision(5) << r.rel_error;
    if (!std::isnan(r.xerror)) std::cout << std::setw(10) << r.xerror << std::setw(10) << r.xstd;
    if (table.row_1se == k) std::cout << "  <- 1-SE";
    if (table.row_min == k) std::cout << "  <- min";
    std::cout << "\n";
  }
}

}  // namespace

int run_path(const Args& args) {
  po::options_description options("path options");
  std::string path;
  std::string risk = "misclassification";
  std::string ties = "all_at_once";
  std::string xval;
  CpTableParams params;
  std::string csv;
  std::string json;
  DataSourceOptions source;
  FormatOption output({OutputFormat::text, OutputFormat::json}, /*json_flag=*/false);
  options.add_options()("model", po::value(&path)->required(), "fitted decision tree model file")(
      "risk", po::value(&risk), "misclassification (rpart, default) | impurity (scikit-learn)")(
      "ties", po::value(&ties), "all_at_once (rpart, default) | one_at_a_time (scikit-learn)")(
      "folds", po::value(&params.folds), "cross-validation folds for xerror (0: none; default 10)")(
      "xval", po::value(&xval), "file of fold ids 1..K, one per data row (rpart's xval vector)")(
      "seed", po::value(&params.seed), "seed of the folds (default 0)")(
      "csv", po::value(&csv), "also write the table as CSV")(
      "json", po::value(&json),
      "also write the table as JSON (a bare --json, last or before another option, is "
      "--format json)");
  source.add_to(options);
  output.add_to(options);
  po::variables_map vm;
  if (!parse_command_line(bare_json_as_format(args),
                          "prunekit path model.json --dataset NAME|--data FILE [--folds K | "
                          "--xval FILE] [--risk R] [--ties T] [--csv F] [--json F] "
                          "[--format text|json]",
                          options, "model", vm))
    return kExitOk;
  const bool print_as_json = output.json();
  if (params.folds == 1) throw UsageError("--folds must be 0 (no cross-validation) or at least 2");
  params.path.risk = option_value<TreeRisk>(risk, "--risk");
  params.path.ties = option_value<TieRule>(ties, "--ties");
  if (!xval.empty()) params.fold_of_row = read_fold_vector(xval);

  const ModelFile saved = load_model_file(path);
  const auto* tree_model = dynamic_cast<const DecisionTreeModel*>(saved.model.get());
  if (tree_model == nullptr) throw UsageError("prunekit path needs a decision tree model");
  CpTable table;
  if (params.folds >= 2 || !params.fold_of_row.empty()) {
    Dataset raw = source.load();
    const Dataset data = saved.prepare(std::move(raw));
    if (!params.fold_of_row.empty() && params.fold_of_row.size() != data.rows)
      throw UsageError("--xval " + xval + " has " + std::to_string(params.fold_of_row.size()) +
                       " fold ids for " + std::to_string(data.rows) + " data rows");
    table = cp_table(*tree_model, &data, params);
  } else {
    table = cp_table(*tree_model, nullptr, params);
  }
  const auto document = path_json(path, tree_model->tree(), table, params);
  if (!print_as_json) print_table(path, tree_model->tree(), table, params);
  if (!csv.empty()) write_file_atomically(csv, format_csv(table));
  if (!json.empty()) write_file_atomically(json, json_document(document));
  if (print_as_json) print_json(document);
  return kExitOk;
}

}  // namespace prunekit::cli
