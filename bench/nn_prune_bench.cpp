// Neural pruning on LeNet-300-100 / mnist10k (bundled, pixels / 255), one thread, through the
// pruning registry:
//   1. global magnitude one-shot + fine-tuning at 50/80/90/95/98 % over all three weight matrices
//      (as PyTorch's global_unstructured), SEEDS seeds: test accuracy mean and sd, before and
//      after fine-tuning;
//   2. OBD against magnitude (global, hidden layers) without fine-tuning at high sparsity;
//   3. neuron pruning (50 % of hidden neurons, L1, compacted): batch-1 latency against dense.
// Training: SGD lr 0.05, momentum 0.9, batch 64, `--init` (default fan_in_uniform, nn.Linear's
// U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases). Split: `--split FILE` reads
// {"train": [row, ...], "test": [row, ...]} (0-based rows of the bundled mnist10k, used in that
// order; bench/nn_prune_vs_torch.py writes scikit-learn's split there); without it, a seeded
// stratified 80/20 split as bench/mlp_bench.cpp.
// `--dense-out DIR` saves seed s's dense network as DIR/dense_<s>.json (a prunekit model file);
// `--dense-in DIR` loads them from there instead of training (bench/nn_prune_vs_torch.py --swap
// writes PyTorch's dense networks in that format).
// `--dropout P` (P > 0) also trains, per seed, the same network with dropout P after each hidden
// layer (the dense network's seed) and reports its test and training accuracy.
// Prints one JSON object. Usage: nn_prune_bench [--epochs 20] [--finetune 5] [--seeds 3]
//   [--init fan_in_uniform] [--split FILE] [--dense-in DIR] [--dense-out DIR] [--dropout 0]
//   [--obd 1] [--latency 1]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <numeric>
#include <span>

#include <nlohmann/json.hpp>

#include "bench_options.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/nn/engine.hpp"
#include "prunekit/nn/mlp_model.hpp"
#include "prunekit/prune/registry.hpp"

using namespace prunekit;
using Eigen::Index;

namespace {

double accuracy(const Model& m, const Dataset& d) {
  const auto p = m.predict(d);
  std::size_t ok = 0;
  for (std::size_t i = 0; i < d.rows; ++i)
    ok += static_cast<std::int32_t>(p[i]) == d.labels[i] ? 1 : 0;
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
    t.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                    .count() /
                iters);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// The row indices under `key` of a split file: distinct integers in [0, rows).
std::vector<std::size_t> split_rows(const nlohmann::json& split, const std::string& file,
                                    const std::string& key, std::size_t rows) {
  const auto it = split.find(key);
  if (it == split.end() || !it->is_array() || it->empty())
    throw ConfigError(file, "/" + key, "must be a non-empty array of row indices");
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& v = (*it)[i];
    if (!v.is_number_unsigned() || v.get<std::size_t>() >= rows)
      throw ConfigError(
          file, "/" + key + "/" + std::to_string(i),
          "must be a row index in [0, " + std::to_string(rows) + "), got " + v.dump());
    idx.push_back(v.get<std::size_t>());
  }
  return idx;
}

// Stratified 80/20 split drawn from Rng(0), each part in row order.
void seeded_split(const Dataset& data, std::vector<std::size_t>& train_idx,
                  std::vector<std::size_t>& test_idx) {
  Rng split_rng(0);
  std::vector<std::vector<std::size_t>> by_class(data.n_classes());
  for (std::size_t i = 0; i < data.rows; ++i)
    by_class[static_cast<std::size_t>(data.labels[i])].push_back(i);
  for (auto& g : by_class) {
    split_rng.shuffle(std::span(g));
    const auto n_test = static_cast<std::size_t>(std::llround(0.2 * static_cast<double>(g.size())));
    test_idx.insert(test_idx.end(), g.begin(), g.begin() + static_cast<std::ptrdiff_t>(n_test));
    train_idx.insert(train_idx.end(), g.begin() + static_cast<std::ptrdiff_t>(n_test), g.end());
  }
  std::sort(train_idx.begin(), train_idx.end());
  std::sort(test_idx.begin(), test_idx.end());
}

int run(int argc, char** argv) {
  std::size_t epochs = 20, finetune = 5, seeds = 3;
  bool obd = true, latency = true;
  std::string init = "fan_in_uniform";
  std::string split_file, dense_in, dense_out;
  double dropout = 0.0;
  prunekit::bench::read_options(argc, argv,
                                {{"--epochs", &epochs},
                                 {"--finetune", &finetune},
                                 {"--seeds", &seeds},
                                 {"--init", &init},
                                 {"--split", &split_file},
                                 {"--dense-in", &dense_in},
                                 {"--dense-out", &dense_out},
                                 {"--dropout", &dropout},
                                 {"--obd", &obd},
                                 {"--latency", &latency}});
  Dataset data = load_bundled("mnist10k");
  for (float& v : data.features) v /= 255.0f;
  std::vector<std::size_t> train_idx, test_idx;
  if (split_file.empty()) {
    seeded_split(data, train_idx, test_idx);
  } else {
    const nlohmann::json split = read_json_file(split_file);
    if (!split.is_object())
      throw ConfigError(split_file, "", "must be an object with \"train\" and \"test\"");
    train_idx = split_rows(split, split_file, "train", data.rows);
    test_idx = split_rows(split, split_file, "test", data.rows);
    std::vector<char> seen(data.rows, 0);
    for (const auto& [key, part] : {std::pair{"train", &train_idx}, std::pair{"test", &test_idx}})
      for (std::size_t k = 0; k < part->size(); ++k) {
        const std::size_t i = (*part)[k];
        if (seen[i] != 0)
          throw ConfigError(split_file, std::string("/") + key + "/" + std::to_string(k),
                            "row " + std::to_string(i) + " appears twice");
        seen[i] = 1;
      }
  }
  const Dataset train = data.subset(train_idx);
  const Dataset test = data.subset(test_idx);
  const PruneContext context{train};
  const nlohmann::json mlp_params{{"hidden", {300, 100}}, {"lr", 0.05},       {"momentum", 0.9},
                                  {"batch", 64},          {"epochs", epochs}, {"init", init}};
  const std::vector<double> grid{0.5, 0.8, 0.9, 0.95, 0.98};

  nlohmann::json out;
  out["epochs"] = epochs;
  out["finetune_epochs"] = finetune;
  out["train_rows"] = train.rows;
  out["test_rows"] = test.rows;
  out["init"] = init;
  if (!dense_in.empty()) out["dense_in"] = dense_in;
  out["split"] = split_file.empty() ? nlohmann::json("seeded stratified 80/20 (Rng(0))")
                                    : nlohmann::json(split_file);
  // A fingerprint of a few rows (class name, sum of the scaled pixels) to check that another
  // tool reads the same rows in the same order.
  for (std::size_t r : {std::size_t{0}, std::size_t{1}, std::size_t{4321}, data.rows - 1}) {
    double sum = 0.0;
    for (std::size_t j = 0; j < data.n_features(); ++j) sum += data.value(r, j);
    out["row_check"].push_back(
        {{"row", r},
         {"label", data.schema.class_names[static_cast<std::size_t>(data.labels[r])]},
         {"pixel_sum", sum}});
  }
  const auto start_all = std::chrono::steady_clock::now();
  std::vector<double> dense_acc, dense_train_acc, dropout_acc, dropout_train_acc;
  std::vector<std::vector<double>> pruned_acc(grid.size()), before_acc(grid.size());
  std::unique_ptr<MlpModel> first;
  for (std::size_t s = 0; s < seeds; ++s) {
    std::unique_ptr<MlpModel> model;
    const std::string dense_file = "/dense_" + std::to_string(s) + ".json";
    if (dense_in.empty()) {
      model = std::make_unique<MlpModel>(parse_mlp_params(mlp_params));
      Rng rng(s);
      model->fit(train, rng);
    } else {
      auto loaded = load_model(dense_in + dense_file);
      if (dynamic_cast<MlpModel*>(loaded.get()) == nullptr)
        throw InvalidArgument(dense_in + dense_file + " is not an mlp model");
      model.reset(static_cast<MlpModel*>(loaded.release()));
    }
    if (!dense_out.empty()) save_model(*model, dense_out + dense_file);
    dense_acc.push_back(accuracy(*model, test));
    dense_train_acc.push_back(accuracy(*model, train));
    if (dropout > 0.0) {
      nlohmann::json with_dropout = mlp_params;
      with_dropout["dropout"] = dropout;
      MlpModel regularised(parse_mlp_params(with_dropout));
      Rng drng(s);
      regularised.fit(train, drng);
      dropout_acc.push_back(accuracy(regularised, test));
      dropout_train_acc.push_back(accuracy(regularised, train));
      std::cerr << "seed " << s << " dropout " << dropout << " acc " << dropout_acc.back() << "\n";
    }
    for (std::size_t g = 0; g < grid.size(); ++g) {
      const auto pruner = make_pruner({{"method", "magnitude"},
                                       {"scope", "global"},
                                       {"sparsity", grid[g]},
                                       {"finetune_epochs", finetune},
                                       {"prune_output_layer", true}});
      Rng prng(100 + s);
      const auto r = pruner->prune(*model, context, prng);
      pruned_acc[g].push_back(accuracy(*r.model, test));
      const auto no_ft = make_pruner({{"method", "magnitude"},
                                      {"scope", "global"},
                                      {"sparsity", grid[g]},
                                      {"prune_output_layer", true}});
      Rng nrng(100 + s);
      before_acc[g].push_back(accuracy(*no_ft->prune(*model, context, nrng).model, test));
      std::cerr << "seed " << s << " sparsity " << grid[g] << " acc " << pruned_acc[g].back()
                << "\n";
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
  out["dense_train_accuracy"] = stats(dense_train_acc);
  if (dropout > 0.0)
    out["dropout"] = {{"p", dropout},
                      {"accuracy", stats(dropout_acc)},
                      {"train_accuracy", stats(dropout_train_acc)}};
  for (std::size_t g = 0; g < grid.size(); ++g)
    out["magnitude_oneshot_finetuned"].push_back(
        {{"sparsity", grid[g]},
         {"accuracy", stats(pruned_acc[g])},
         {"accuracy_before_finetune", stats(before_acc[g])}});
  out["seconds_dense_and_oneshot"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_all).count();

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

}  // namespace

int main(int argc, char** argv) {
  return prunekit::bench::guarded_main("nn_prune_bench", [&] { return run(argc, argv); });
}
