#include "prunekit/prune/tree/cp_table.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "prunekit/core/error.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/prune/selection.hpp"
#include "prunekit/prune/tree/cost_complexity_path.hpp"

namespace prunekit {

namespace {

/// Rows of the table, one per distinct alpha (the last step of each run of equal alphas),
/// smallest alpha first (the order of the path's candidate knobs).
std::vector<CpTableRow> path_rows(const CostComplexityPath& path) {
  std::vector<CpTableRow> rows;
  const double root = path.root_risk;
  for (const auto& step : path.steps) {
    CpTableRow row;
    row.alpha = step.alpha;
    row.cp = root > 0 ? step.alpha / root : 0.0;
    row.nsplit = step.leaves - 1;
    row.rel_error = root > 0 ? step.risk / root : 0.0;
    if (!rows.empty() && rows.back().alpha == step.alpha)
      rows.back() = row;
    else
      rows.push_back(row);
  }
  return rows;
}

/// Test rows of every fold, from a fold vector (ids 1..K) or drawn folds.
std::vector<std::vector<std::size_t>> fold_test_rows(const Dataset& data,
                                                     const CpTableParams& params) {
  std::vector<std::vector<std::size_t>> tests;
  if (params.fold_of_row.empty()) {
    for (auto& split : cv_folds(data, params.folds, params.seed)) tests.push_back(split.test);
    return tests;
  }
  if (params.fold_of_row.size() != data.rows)
    throw InvalidArgument("the fold vector has " + std::to_string(params.fold_of_row.size()) +
                          " entries for " + std::to_string(data.rows) + " rows");
  const std::size_t k = *std::max_element(params.fold_of_row.begin(), params.fold_of_row.end());
  if (k > data.rows) throw InvalidArgument("a fold id is larger than the number of rows");
  tests.resize(k);
  for (std::size_t row = 0; row < data.rows; ++row) {
    const std::size_t fold = params.fold_of_row[row];
    if (fold == 0)
      throw InvalidArgument("fold ids start at 1 (row " + std::to_string(row + 1) + ")");
    tests[fold - 1].push_back(row);
  }
  std::erase_if(tests, [](const auto& rows) { return rows.empty(); });
  if (tests.size() < 2) throw InvalidArgument("cross-validation needs at least 2 folds");
  return tests;
}

/// Sums of the per-row losses and their squares at every knob, over all held-out rows.
struct LossSums {
  std::vector<double> sum;
  std::vector<double> sum_sq;
};

LossSums cross_validated_losses(const DecisionTreeModel& model, const Dataset& data,
                                const std::vector<double>& knobs, const CpTableParams& params) {
  LossSums sums{std::vector<double>(knobs.size(), 0.0), std::vector<double>(knobs.size(), 0.0)};
  const auto tests = fold_test_rows(data, params);
  std::vector<bool> held_out(data.rows);
  for (std::size_t f = 0; f < tests.size(); ++f) {
    std::fill(held_out.begin(), held_out.end(), false);
    for (std::size_t row : tests[f]) held_out[row] = true;
    std::vector<std::size_t> train_rows;
    for (std::size_t row = 0; row < data.rows; ++row)
      if (!held_out[row]) train_rows.push_back(row);
    auto fold_model = make_model(model.kind(), model.params());
    Rng rng = Rng::for_stream(params.seed, f + 1);
    fold_model->fit(data.subset(train_rows), rng);
    const TreeCostComplexityPath fold_path(dynamic_cast<const DecisionTreeModel&>(*fold_model),
                                           params.path);
    for (const auto& losses : fold_path.row_losses(data.subset(tests[f]), knobs))
      for (std::size_t c = 0; c < knobs.size(); ++c) {
        sums.sum[c] += losses[c];
        sums.sum_sq[c] += losses[c] * losses[c];
      }
  }
  return sums;
}

/// The lowest-xerror row and the 1-SE row (rows are largest CP first: fewer splits win ties).
void choose_rows(CpTable& table) {
  std::size_t best = 0;
  for (std::size_t r = 1; r < table.rows.size(); ++r)
    if (table.rows[r].xerror < table.rows[best].xerror) best = r;
  const double threshold = table.rows[best].xerror + table.rows[best].xstd;
  std::size_t chosen = best;
  for (std::size_t r = 0; r <= best; ++r)
    if (table.rows[r].xerror <= threshold) {
      chosen = r;
      break;
    }
  table.row_min = best;
  table.row_1se = chosen;
}

}  // namespace

CpTable cp_table(const DecisionTreeModel& model, const Dataset* data, const CpTableParams& params) {
  const TreeCostComplexityPath full(model, params.path);
  CpTable table;
  table.root_risk = full.steps().root_risk;
  std::vector<CpTableRow> rows = path_rows(full.steps());
  const bool cross_validate = params.folds >= 2 || !params.fold_of_row.empty();
  if (cross_validate && data != nullptr && data->rows > 0) {
    const std::vector<double> knobs = full.candidate_knobs();
    const LossSums sums = cross_validated_losses(model, *data, knobs, params);
    const Tree& tree = model.tree();
    // xerror is relative to the root's resubstitution loss: its misclassified share or MSE.
    const double root_loss = tree.node_risk(0) / tree.weighted_n_node_samples[0];
    const double n = static_cast<double>(data->rows);
    const double scale = root_loss > 0 ? n * root_loss : n;
    for (std::size_t c = 0; c < rows.size() && c < knobs.size(); ++c) {
      rows[c].xerror = sums.sum[c] / scale;
      rows[c].xstd =
          std::sqrt(std::max(0.0, sums.sum_sq[c] - sums.sum[c] * sums.sum[c] / n)) / scale;
    }
  }
  std::reverse(rows.begin(), rows.end());
  table.rows = std::move(rows);
  if (cross_validate && data != nullptr && data->rows > 0) choose_rows(table);
  return table;
}

}  // namespace prunekit
