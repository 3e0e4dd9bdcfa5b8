// Train a small network, remove half of its hidden neurons (physically: the layers shrink) and
// fine-tune it, then compare sizes and held-out accuracy.
#include <iostream>

#include "prunekit/prunekit.hpp"

int main() try {
  using namespace prunekit;
  const Dataset raw = load_bundled("digits");
  const Split split = holdout_splits(raw, {.test_fraction = 0.25}).front();
  PreprocessOptions scaling;
  scaling.scale_unit_range = true;
  const Preprocessor prep(raw.subset(split.train), scaling);
  const Dataset train = prep.apply(raw.subset(split.train));
  const Dataset test = prep.apply(raw.subset(split.test));

  auto network = make_model("mlp", {{"hidden", {64, 32}}, {"epochs", 15}, {"lr", 0.05}});
  Rng rng(0);
  network->fit(train, rng);
  const auto pruner = make_pruner(
      {{"method", "neuron"}, {"sparsity", 0.5}, {"criterion", "l1"}, {"finetune_epochs", 3}});
  const PruneResult pruned = pruner->prune(*network, PruneContext{train}, rng);

  std::cout << "trained: " << network->size().at("parameters") << " parameters, test accuracy "
            << accuracy(test, network->predict(test)) << "\n"
            << "pruned:  " << pruned.report.after.at("parameters") << " parameters, test accuracy "
            << accuracy(test, pruned.model->predict(test)) << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "prune_network: " << e.what() << "\n";
  return 2;
}
