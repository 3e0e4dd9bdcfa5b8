// CSV parsing throughput (bytes/s of CSV text, single thread): a 100k x 50 numeric synthetic
// file (with and without its sidecar, i.e. with and without the type-inference pass) and the
// bundled mnist10k (10k x 784 pixel integers). See bench/README.md, "CSV parsing".
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include <unistd.h>

#include "prunekit/core/rng.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/data/csv.hpp"
#include "prunekit/data/synthetic.hpp"

namespace {

namespace fs = std::filesystem;

/// The synthetic file, generated once per process (100k rows x 50 float columns + label).
const std::string& synthetic_csv(bool with_sidecar) {
  static const fs::path dir = [] {
    const fs::path d =
        fs::temp_directory_path() / ("prunekit_csv_bench_" + std::to_string(::getpid()));
    fs::create_directories(d);
    prunekit::Rng rng(1);
    const prunekit::Dataset data = prunekit::make_classification(
        {.n_samples = 100000, .n_features = 50, .n_informative = 10, .n_redundant = 10}, rng);
    prunekit::write_csv(data, (d / "synth.csv").string(), (d / "synth.json").string());
    fs::copy_file(d / "synth.csv", d / "plain.csv");
    return d;
  }();
  static const std::string with = (dir / "synth.csv").string();
  static const std::string without = (dir / "plain.csv").string();
  return with_sidecar ? with : without;
}

void run(benchmark::State& state, const std::string& path) {
  const auto bytes = static_cast<std::int64_t>(fs::file_size(path));
  for (auto _ : state) {
    prunekit::Dataset d = prunekit::read_csv(path);
    benchmark::DoNotOptimize(d.features.data());
  }
  state.SetBytesProcessed(bytes * state.iterations());
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}

void BM_CsvSynthetic100kx50Sidecar(benchmark::State& state) { run(state, synthetic_csv(true)); }
void BM_CsvSynthetic100kx50Inferred(benchmark::State& state) { run(state, synthetic_csv(false)); }
void BM_CsvMnist10k(benchmark::State& state) {
  run(state, prunekit::bundled_data_dir() + "/mnist10k.csv");
}

BENCHMARK(BM_CsvSynthetic100kx50Sidecar)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_CsvSynthetic100kx50Inferred)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_CsvMnist10k)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::error_code ec;
  fs::remove_all(fs::path(synthetic_csv(true)).parent_path(), ec);
  return 0;
}
