// Fit a decision tree, prune it by cost-complexity with the alpha chosen by 10-fold
// cross-validation and the one-standard-error rule, and compare it with the unpruned tree on
// held-out rows.
#include <iostream>

#include "prunekit/prunekit.hpp"

int main() try {
  using namespace prunekit;
  const Dataset data = load_bundled("breast_cancer");
  const Split split = holdout_splits(data, {.test_fraction = 0.3}).front();
  const Dataset train = data.subset(split.train);
  const Dataset test = data.subset(split.test);

  auto tree = make_model("decision_tree", nlohmann::json::object());
  Rng rng(0);
  tree->fit(train, rng);
  const auto pruner = make_pruner({{"method", "cost_complexity"}, {"select", "cv_1se"}});
  const PruneResult pruned = pruner->prune(*tree, PruneContext{train}, rng);

  std::cout << "unpruned: " << tree->size().at("leaves") << " leaves, test accuracy "
            << accuracy(test, tree->predict(test)) << "\n"
            << "pruned:   " << pruned.report.after.at("leaves") << " leaves, test accuracy "
            << accuracy(test, pruned.model->predict(test)) << " (alpha " << pruned.report.knob
            << ", chosen among " << pruned.selection->knobs.size() << " candidates)\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "prune_tree: " << e.what() << "\n";
  return 2;
}
