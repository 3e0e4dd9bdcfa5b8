// Decision-tree fit and predict speed.
//
// Two modes:
//   tree_fit_bench --csv FILE [--repeats R] [--train-fraction 0.8] [--criterion gini]
//     the side-by-side timing used by bench/tree_vs_sklearn.py: loads a CSV (label column
//     "label"), trains on the first 80 % of rows and tests on the rest, fits a fully grown tree
//     R times and prints one JSON object: fit seconds per repeat, predict microseconds per row,
//     test accuracy, tree size and the peak-RSS growth of the fit (VmHWM after the fit minus
//     VmRSS before it, with the peak reset through /proc/self/clear_refs after loading).
//   tree_fit_bench [Google Benchmark flags]
//     micro-benchmarks on small synthetic data.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_options.hpp"
#include "prunekit/core/rng.hpp"
#include "prunekit/data/load.hpp"
#include "prunekit/tree/builder.hpp"

namespace {

using prunekit::Dataset;

/// A kB figure from /proc/self/status ("VmRSS", "VmHWM").
long status_kb(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
  return -1;
}

bool reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  return static_cast<bool>(out);
}

Dataset rows(const Dataset& data, std::size_t begin, std::size_t end) {
  std::vector<std::size_t> idx(end - begin);
  std::iota(idx.begin(), idx.end(), begin);
  return data.subset(idx);
}

int run_csv(const std::string& path, int repeats, double train_fraction,
            const std::string& criterion) {
  prunekit::LoadOptions options;
  options.target = "label";
  options.task = prunekit::Task::classification;
  Dataset train;
  Dataset test;
  {
    const Dataset all = prunekit::load_dataset(path, options);
    const auto n_train =
        static_cast<std::size_t>(std::llround(train_fraction * static_cast<double>(all.rows)));
    train = rows(all, 0, n_train);
    test = rows(all, n_train, all.rows);
  }
  malloc_trim(0);
  prunekit::TreeParams params;
  const auto c = prunekit::enum_from_name<prunekit::Criterion>(criterion);
  if (!c) {
    std::cerr << "unknown criterion " << criterion << "\n";
    return 2;
  }
  params.criterion = *c;
  nlohmann::ordered_json out;
  out["csv"] = path;
  out["n_train"] = train.rows;
  out["n_test"] = test.rows;
  out["train_matrix_mb"] = static_cast<double>(train.features.size() * sizeof(float)) / 1e6;
  std::vector<double> fit_s;
  prunekit::Tree tree;
  for (int r = 0; r < repeats; ++r) {
    tree = {};
    malloc_trim(0);
    const bool reset = reset_peak_rss();
    const long rss_before = status_kb("VmRSS");
    prunekit::Rng rng(0);
    const auto t0 = std::chrono::steady_clock::now();
    tree = prunekit::build_tree(train, params, rng);
    const auto t1 = std::chrono::steady_clock::now();
    fit_s.push_back(std::chrono::duration<double>(t1 - t0).count());
    if (r == 0) {
      const long hwm = status_kb("VmHWM");
      out["peak_rss_growth_mb"] =
          reset ? static_cast<double>(hwm - rss_before) * 1024.0 / 1e6 : -1.0;
      out["rss_before_fit_mb"] = static_cast<double>(rss_before) * 1024.0 / 1e6;
    }
  }
  out["fit_s"] = fit_s;
  std::vector<double> sorted = fit_s;
  std::sort(sorted.begin(), sorted.end());
  out["fit_s_median"] = sorted[sorted.size() / 2];
  out["nodes"] = tree.n_nodes();
  out["leaves"] = tree.n_leaves();
  out["depth"] = tree.depth();

  std::vector<double> predicted;
  std::vector<double> predict_s;
  for (int r = 0; r < 5; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    predicted = tree.predict(test);
    const auto t1 = std::chrono::steady_clock::now();
    predict_s.push_back(std::chrono::duration<double>(t1 - t0).count());
  }
  std::sort(predict_s.begin(), predict_s.end());
  out["predict_ms"] = predict_s[2] * 1e3;
  out["predict_us_per_row"] = predict_s[2] * 1e6 / static_cast<double>(test.rows);
  std::size_t correct = 0;
  for (std::size_t i = 0; i < test.rows; ++i)
    correct += static_cast<std::int32_t>(predicted[i]) == test.labels[i];
  out["test_accuracy"] = static_cast<double>(correct) / static_cast<double>(test.rows);
  std::cout << out.dump() << std::endl;
  return 0;
}

/// Synthetic two-class data: 20 features, the label depends on a few of them plus noise.
Dataset synthetic(std::size_t n) {
  Dataset d;
  d.rows = n;
  d.schema.class_names = {"a", "b"};
  for (int f = 0; f < 20; ++f) d.schema.features.push_back({"f" + std::to_string(f), false, {}});
  d.features.resize(n * 20);
  d.labels.resize(n);
  prunekit::Rng rng(1);
  for (auto& v : d.features) v = static_cast<float>(rng.normal());
  for (std::size_t i = 0; i < n; ++i) {
    const double s =
        d.value(i, 0) + 0.5 * d.value(i, 1) - d.value(i, 2) * d.value(i, 3) + 0.5 * rng.normal();
    d.labels[i] = s > 0 ? 1 : 0;
  }
  return d;
}

void BM_FitGini(benchmark::State& state) {
  const Dataset d = synthetic(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    prunekit::Rng rng(0);
    auto tree = prunekit::build_tree(d, {}, rng);
    benchmark::DoNotOptimize(tree.n_nodes());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FitGini)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_Predict(benchmark::State& state) {
  const Dataset d = synthetic(static_cast<std::size_t>(state.range(0)));
  prunekit::Rng rng(0);
  const auto tree = prunekit::build_tree(d, {}, rng);
  for (auto _ : state) {
    auto p = tree.predict(d);
    benchmark::DoNotOptimize(p.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Predict)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "--csv") == 0) {
    int repeats = 3;
    double train_fraction = 0.8;
    std::string criterion = "gini";
    return prunekit::bench::guarded_main("tree_fit_bench", [&] {
      prunekit::bench::read_options(argc, argv,
                                    {{"--repeats", &repeats},
                                     {"--train-fraction", &train_fraction},
                                     {"--criterion", &criterion}},
                                    3);
      return run_csv(argv[2], std::max(repeats, 1), train_fraction, criterion);
    });
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
