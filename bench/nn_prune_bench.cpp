// Neural pruning on LeNet-300-100 / mnist10k (bundled, pixels / 255, seeded stratified 80/20
// split as bench/mlp_bench.cpp), one thread, through the pruning registry:
//   1. global magnitude one-shot + fine-tuning at 50/80/90/95/98 % over all three layers (as the
//      PyTorch peer's global_unstructured), SEEDS seeds: test accuracy mean and sd;
//   2. OBD against magnitude (global, hidden layers) without fine-tuning at high sparsity;
//   3. neuron pruning (50 % of hidden neurons, L1, compacted): batch-1 latency against dense.
// Prints one JSON object. Usage: nn_prune_bench [--epochs 20] [--finetune 5] [--seeds 3]
//   [--obd 1] [--latency 1]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <numeric>
#include <span>

#include <nlohmann/json.hpp>

#include "prunekit/data/bundled.hpp"
#include "prunekit/nn/engine.hpp"
#include "prunekit/nn/mlp_model.hpp"
#include "prunekit/prune/registry.hpp"

using namespace prunekit;
using Eigen::Index;

namespace {

double accuracy(const Model& m, const Dataset& d) {
  const auto p = m.predict(d);
  std::size_t ok = 0;
  for (std::size_t i = 0; i < d.rows; ++i) ok += static_cast<std::int32_t>(p[i]) == d.labels[i] ? 1 : 0;
  return static_cast<double>(ok) / static_cast<double>(d.rows);
}

double median_us(InferenceEngine& engine, const Eigen::MatrixXf& x, int iters) {
  std::vector<double> t;
  for (int r = 0; r < 7; ++r) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < iters; ++i) {
      const auto& out = engine.run(x.middleRows(i % 64, 1));
      if (out(0, 0) == 12345.0f) std::cerr << "";
    }
    t.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / iters);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t epochs = 20, finetune = 5, seeds = 3;
  bool obd = true, latency = true;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    if (k == "--epochs") epochs = std::stoul(argv[i + 1]);
    else if (k == "--finetune") finetune = std::stoul(argv[i + 1]);
    else if (k == "--seeds") seeds = std::stoul(argv[i + 1]);
    else if (k == "--obd") obd = std::string(argv[i + 1]) != "0";
    else if (k == "--latency") latency = std::string(argv[i + 1]) != "0";
  }
  Dataset data = load_bundled("mnist10k");
  for (float& v : data.features) v /= 255.0f;
  Rng split_rng(0);
  std::vector<std::vector<std::size_t>> by_class(data.n_classes());
  for (std::size_t i = 0; i < data.rows; ++i) by_class[static_cast<std::size_t>(data.labels[i])].push_back(i);
  std::vector<std::size_t> train_idx, test_idx;
  for (auto& g : by_class) {
    split_rng.shuffle(std::span(g));
    const auto n_test = static_cast<std::size_t>(std::llround(0.2 * static_cast<double>(g.size())));
    test_idx.insert(test_idx.end(), g.begin(), g.begin() + static_cast<std::ptrdiff_t>(n_test));
    train_idx.insert(train_idx.end(), g.begin() + static_cast<std::ptrdiff_t>(n_test), g.end());
  }
  std::sort(train_idx.begin(), train_idx.end());
  std::sort(test_idx.begin(), test_idx.end());
  const Dataset train = data.subset(train_idx);
  const Dataset test = data.subset(test_idx);
  const PruneContext context{train};
  const nlohmann::json mlp_params{{"hidden", {300, 100}}, {"lr", 0.05}, {"momentum", 0.9},
                                  {"batch", 64}, {"epochs", epochs}};
  const std::vector<double> grid{0.5, 0.8, 0.9, 0.95, 0.98};

  nlohmann::json out;
  out["epochs"] = epochs;
  out["finetune_epochs"] = finetune;
  out["train_rows"] = train.rows;
  out["test_rows"] = test.rows;
  std::vector<double> dense_acc;
  std::vector<std::vector<double>> pruned_acc(grid.size());
  std::unique_ptr<MlpModel> first;
  for (std::size_t s = 0; s < seeds; ++s) {
    auto model = std::make_unique<MlpModel>(parse_mlp_params(mlp_params));
    Rng rng(s);
    model->fit(train, rng);
    dense_acc.push_back(accuracy(*model, test));
    for (std::size_t g = 0; g < grid.size(); ++g) {
      const auto pruner = make_pruner({{"method", "magnitude"}, {"scope", "global"}, {"sparsity", grid[g]},
                                       {"finetune_epochs", finetune}, {"prune_output_layer", true}});
      Rng prng(100 + s);
      const auto r = pruner->prune(*model, context, prng);
      pruned_acc[g].push_back(accuracy(*r.model, test));
      std::cerr << "seed " << s << " sparsity " << grid[g] << " acc " << pruned_acc[g].back() << "\n";
    }
    if (s == 0) first = std::move(model);
  }
  const auto stats = [](const std::vector<double>& v) {
    const double m = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    double var = 0.0;
    for (double x : v) var += (x - m) * (x - m);
    const double sd = v.size() > 1 ? std::sqrt(var / static_cast<double>(v.size() - 1)) : 0.0;
    return nlohmann::json{{"mean", m}, {"sd", sd}, {"values", v}};
  };
  out["dense"] = stats(dense_acc);
  for (std::size_t g = 0; g < grid.size(); ++g)
    out["magnitude_oneshot_finetuned"].push_back({{"sparsity", grid[g]}, {"accuracy", stats(pruned_acc[g])}});

  if (obd) {
    for (double sp : {0.9, 0.95, 0.98}) {
      nlohmann::json row{{"sparsity", sp}};
      for (const char* method : {"magnitude", "obd"}) {
        const auto pruner = make_pruner({{"method", method}, {"sparsity", sp}});
        Rng prng(7);
        const auto start = std::chrono::steady_clock::now();
        const auto r = pruner->prune(*first, context, prng);
        row[method] = accuracy(*r.model, test);
        row[std::string(method) + "_seconds"] =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      }
      std::cerr << row.dump() << "\n";
      out["obd_vs_magnitude_no_finetune"].push_back(row);
    }
  }
  if (latency) {
    const auto pruner = make_pruner({{"method", "neuron"}, {"sparsity", 0.5}, {"criterion", "l1"}});
    Rng prng(7);
    const auto r = pruner->prune(*first, context, prng);
    const Network& small = dynamic_cast<const MlpModel&>(*r.model).network();
    const Eigen::MatrixXf x = test.matrix().topRows(64);
    const auto dense_engine = make_engine(first->network(), EngineKind::dense);
    const auto small_engine = make_engine(small, EngineKind::dense);
    const int iters = 2000;
    (void)median_us(*dense_engine, x, iters / 4);
    const double dense_us = median_us(*dense_engine, x, iters);
    const double small_us = median_us(*small_engine, x, iters);
    out["neuron_50"] = {{"hidden", {small.layer(0).out(), small.layer(1).out()}},
                        {"accuracy_no_finetune", accuracy(*r.model, test)},
                        {"dense_b1_us", dense_us},
                        {"compact_b1_us", small_us},
                        {"speedup", dense_us / small_us}};
  }
  std::cout << out.dump(1) << "\n";
  return 0;
}
