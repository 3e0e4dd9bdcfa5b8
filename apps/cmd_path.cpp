// `prunekit path`: the cost-complexity pruning path of a fitted tree as rpart's cp table
// (CP, nsplit, rel error, xerror, xstd), cross-validated rpart's way.

#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli_support.hpp"
#include "model_files.hpp"
#include "prunekit/model/model_file.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/prune/selection.hpp"
#include "prunekit/prune/tree/cost_complexity_pruner.hpp"

namespace prunekit::cli {

namespace {

struct CpRow {
  double alpha = 0.0;
  double cp = 0.0;
  std::size_t nsplit = 0;
  double rel_error = 0.0;
  double xerror = NAN;
  double xstd = NAN;
};

std::string format_csv(const std::vector<CpRow>& rows) {
  std::ostringstream out;
  out << std::setprecision(17) << "alpha,CP,nsplit,rel_error,xerror,xstd\n";
  for (const auto& r : rows)
    out << r.alpha << ',' << r.cp << ',' << r.nsplit << ',' << r.rel_error << ',' << r.xerror
        << ',' << r.xstd << '\n';
  return out.str();
}

nlohmann::json format_json(const std::vector<CpRow>& rows, double root_risk, std::size_t chosen_min,
                           std::size_t chosen_1se) {
  nlohmann::json table = nlohmann::json::array();
  for (const auto& r : rows)
    table.push_back({{"alpha", r.alpha}, {"cp", r.cp}, {"nsplit", r.nsplit},
                     {"rel_error", r.rel_error},
                     {"xerror", std::isnan(r.xerror) ? nlohmann::json() : nlohmann::json(r.xerror)},
                     {"xstd", std::isnan(r.xstd) ? nlohmann::json() : nlohmann::json(r.xstd)}});
  return {{"root_risk", root_risk}, {"table", table}, {"row_cv_min", chosen_min},
          {"row_cv_1se", chosen_1se}};
}

}  // namespace

int run_path(const Args& args) {
  po::options_description options("path options");
  std::string path;
  std::string risk = "misclassification";
  std::string ties = "all_at_once";
  std::size_t folds = 10;
  std::uint64_t seed = 0;
  int jobs = 1;
  std::string csv;
  std::string json;
  DataSourceOptions source;
  options.add_options()
      ("model", po::value(&path)->required(), "fitted decision tree model file")
      ("risk", po::value(&risk), "misclassification (rpart) | impurity (scikit-learn)")
      ("ties", po::value(&ties), "all_at_once (rpart) | one_at_a_time (scikit-learn)")
      ("folds", po::value(&folds), "cross-validation folds for xerror (0: none; default 10)")
      ("seed", po::value(&seed), "seed of the folds (default 0)")
      ("jobs", po::value(&jobs), "threads for the folds (default 1)")
      ("csv", po::value(&csv), "also write the table as CSV")
      ("json", po::value(&json), "also write the table as JSON");
  source.add_to(options);
  po::positional_options_description positional;
  positional.add("model", 1);
  po::variables_map vm;
  if (!parse_command_line(args,
                          "prunekit path model.json --dataset NAME|--data FILE [--folds K] "
                          "[--csv F] [--json F]",
                          options, positional, vm))
    return kExitOk;
  if (folds == 1) throw UsageError("--folds must be 0 (no cross-validation) or at least 2");

  const ModelFile saved = load_model_file(path);
  const auto* tree_model = dynamic_cast<const DecisionTreeModel*>(saved.model.get());
  if (tree_model == nullptr) throw UsageError("prunekit path needs a decision tree model");
  CostComplexityOptions path_options;
  if (risk == "impurity") path_options.risk = TreeRisk::impurity;
  else if (risk != "misclassification") throw UsageError("--risk must be misclassification or impurity");
  if (ties == "one_at_a_time") path_options.ties = TieRule::one_at_a_time;
  else if (ties != "all_at_once") throw UsageError("--ties must be all_at_once or one_at_a_time");

  const TreeCostComplexityPath full(*tree_model, path_options);
  const double root_risk = full.steps().root_risk;
  // One row per distinct alpha (the last step of each run of equal alphas).
  std::vector<CpRow> rows;
  for (const auto& step : full.steps().steps) {
    CpRow row;
    row.alpha = step.alpha;
    row.cp = root_risk > 0 ? step.alpha / root_risk : 0.0;
    row.nsplit = step.leaves - 1;
    row.rel_error = root_risk > 0 ? step.risk / root_risk : 0.0;
    if (!rows.empty() && rows.back().alpha == step.alpha) rows.back() = row;
    else rows.push_back(row);
  }
  std::size_t row_min = 0;
  std::size_t row_1se = 0;
  if (folds >= 2) {
    Dataset raw = source.load();
    const Dataset data = saved.prepare(std::move(raw));
    SelectionParams params;
    params.rule = SelectionRule::cv_1se;
    params.folds = folds;
    const PathWalk walk = [path_options](const Model& m, const Dataset&, Rng&) {
      return std::make_unique<TreeCostComplexityPath>(dynamic_cast<const DecisionTreeModel&>(m),
                                                      path_options);
    };
    Rng rng(seed);
    const Selection selection =
        select_point(*saved.model, full, walk, params, PruneContext{data, nullptr, jobs}, rng);
    const auto& trace = selection.trace;
    // Errors are rates; rpart reports them relative to the root's risk.
    const double scale = root_risk > 0 ? root_risk : 1.0;
    for (std::size_t k = 0; k < rows.size() && k < trace.knobs.size(); ++k) {
      rows[k].xerror = trace.error_mean[k] / scale;
      rows[k].xstd = trace.error_se[k] / scale;
    }
    for (std::size_t k = 0; k < trace.knobs.size(); ++k)
      if (trace.error_mean[k] < trace.error_mean[row_min]) row_min = k;
    row_1se = trace.chosen;
  }

  // rpart prints the largest cp first.
  std::cout << "cost-complexity path of " << path << " (risk: " << risk << ", R(root) = "
            << root_risk << ")\n\n"
            << std::setw(14) << "CP" << std::setw(8) << "nsplit" << std::setw(11) << "rel error"
            << std::setw(10) << "xerror" << std::setw(10) << "xstd" << "\n";
  for (std::size_t k = rows.size(); k-- > 0;) {
    const auto& r = rows[k];
    std::cout << std::setw(14) << std::setprecision(6) << r.cp << std::setw(8) << r.nsplit
              << std::setw(11) << std::setprecision(5) << r.rel_error;
    if (!std::isnan(r.xerror))
      std::cout << std::setw(10) << r.xerror << std::setw(10) << r.xstd;
    if (folds >= 2 && k == row_1se) std::cout << "  <- 1-SE";
    if (folds >= 2 && k == row_min) std::cout << "  <- min";
    std::cout << "\n";
  }
  if (!csv.empty()) write_file_atomically(csv, format_csv(rows));
  if (!json.empty())
    write_file_atomically(json, format_json(rows, root_risk, row_min, row_1se).dump(2) + "\n");
  return kExitOk;
}

}  // namespace prunekit::cli
