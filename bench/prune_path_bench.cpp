// Tree-pruning speed, for the side-by-side comparison in bench/prune_vs_peers.py:
//   prune_path_bench --csv FILE [--repeats R] [--cv-folds K] [--jobs J]
// loads a CSV (label column "label"), fits a fully grown Gini tree on the first 80 % of rows,
// then times (1) the whole cost-complexity path with scikit-learn's conventions (impurity risk,
// ties one at a time), and (2) when --cv-folds is given, choosing alpha by K-fold
// cross-validation rpart's way (one tree per fold, the whole path scored), including the fits.
// Prints one JSON object with the medians.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_options.hpp"
#include "prunekit/core/rng.hpp"
#include "prunekit/data/load.hpp"
#include "prunekit/prune/registry.hpp"
#include "prunekit/prune/tree/cost_complexity.hpp"
#include "prunekit/tree/decision_tree_model.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string csv;
  int repeats = 5;
  std::size_t cv_folds = 0;
  int jobs = 1;
  prunekit::bench::read_options(
      argc, argv,
      {{"--csv", &csv}, {"--repeats", &repeats}, {"--cv-folds", &cv_folds}, {"--jobs", &jobs}});
  if (csv.empty()) {
    std::cerr << "usage: prune_path_bench --csv FILE [--repeats R] [--cv-folds K] [--jobs J]\n";
    return 2;
  }
  prunekit::LoadOptions load;
  load.target = "label";
  load.task = prunekit::Task::classification;
  const prunekit::Dataset all = prunekit::load_dataset(csv, load);
  std::vector<std::size_t> train_rows(all.rows * 8 / 10);
  std::iota(train_rows.begin(), train_rows.end(), std::size_t{0});
  const prunekit::Dataset train = all.subset(train_rows);

  prunekit::DecisionTreeModel model;
  prunekit::Rng rng(0);
  auto start = std::chrono::steady_clock::now();
  model.fit(train, rng);
  const double fit_seconds = seconds_since(start);

  std::vector<double> path_seconds;
  std::size_t alphas = 0;
  for (int r = 0; r < repeats; ++r) {
    start = std::chrono::steady_clock::now();
    const auto path = prunekit::cost_complexity_path(
        model.tree(), {prunekit::TreeRisk::impurity, prunekit::TieRule::one_at_a_time});
    path_seconds.push_back(seconds_since(start));
    alphas = path.steps.size();
  }
  nlohmann::json out = {{"csv", csv},
                        {"train_rows", train.rows},
                        {"fit_seconds", fit_seconds},
                        {"leaves", model.tree().n_leaves()},
                        {"nodes", model.tree().n_nodes()},
                        {"alphas", alphas},
                        {"path_seconds_median", median(path_seconds)},
                        {"path_seconds", path_seconds}};
  if (cv_folds >= 2) {
    // rpart's xval: the full tree's path plus one tree per fold, each fold's whole path scored.
    const auto pruner = prunekit::make_pruner(
        {{"method", "cost_complexity"}, {"select", "cv_min"}, {"folds", cv_folds}});
    std::vector<double> cv_seconds;
    for (int r = 0; r < std::max(1, repeats / 3); ++r) {
      prunekit::Rng cv_rng(1);
      start = std::chrono::steady_clock::now();
      prunekit::DecisionTreeModel fresh;
      fresh.fit(train, cv_rng);
      const auto result =
          pruner->prune(fresh, prunekit::PruneContext{train, nullptr, jobs}, cv_rng);
      cv_seconds.push_back(seconds_since(start));
      out["cv_chosen_alpha"] = result.report.knob;
      out["cv_leaves"] = result.report.after.at("leaves");
    }
    out["cv_folds"] = cv_folds;
    out["cv_jobs"] = jobs;
    out["cv_seconds_median"] = median(cv_seconds);
    out["cv_seconds"] = cv_seconds;
  }
  std::cout << out.dump() << "\n";
  return 0;
}
