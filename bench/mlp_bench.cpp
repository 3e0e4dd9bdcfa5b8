// LeNet-300-100 on the bundled mnist10k, one thread: training epoch time, test accuracy,
// inference latency of the dense, CSR and compacted engines, and the CSR break-even sparsity.
// Mirrors ../shared/peers/scripts/torch_mlp.py (bench/mlp_vs_torch.sh runs both and prints
// the ratios). Prints one JSON object.
//
// Usage: mlp_bench [--epochs N] [--iters1 N] [--iters256 N] [--sweep 0|1] [--latency 0|1] [--clock
// cpu|wall]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_options.hpp"
#include "bench_timing.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/nn/backend.hpp"
#include "prunekit/nn/engine.hpp"
#include "prunekit/nn/train.hpp"

using namespace prunekit;
using Eigen::Index;
using prunekit::bench::median;
using prunekit::bench::now_us;
using prunekit::bench::time_us;

namespace {

// Global magnitude pruning of all weight matrices to `sparsity` (like torch's
// global_unstructured L1): the smallest |w| over all layers are masked.
Network magnitude_pruned(const Network& dense, double sparsity) {
  Network net = dense;
  std::vector<float> all;
  for (const auto& L : net.layers())
    for (Index k = 0; k < L.weight.size(); ++k) all.push_back(std::abs(L.weight.data()[k]));
  const auto cut = static_cast<std::size_t>(sparsity * static_cast<double>(all.size()));
  if (cut == 0) return net;
  std::nth_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(cut - 1), all.end());
  const float threshold = all[cut - 1];
  std::size_t removed = 0;
  for (std::size_t l = 0; l < net.n_layers(); ++l) {
    auto& L = net.layer(l);
    for (Index k = 0; k < L.weight.size() && removed < cut; ++k)
      if (std::abs(L.weight.data()[k]) <= threshold) {
        L.weight_mask.data()[k] = 0.0f;
        ++removed;
      }
  }
  net.apply_masks();
  return net;
}

double cpu_mhz() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("cpu MHz", 0) == 0) return std::stod(line.substr(line.find(':') + 1));
  return 0.0;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t epochs = 20;
  int iters1 = 2000;
  int iters256 = 200;
  bool sweep = true;
  bool latency = true;
  std::string clock = "cpu";
  prunekit::bench::read_options(argc, argv,
                                {{"--epochs", &epochs},
                                 {"--iters1", &iters1},
                                 {"--iters256", &iters256},
                                 {"--sweep", &sweep},
                                 {"--clock", &clock},
                                 {"--latency", &latency}});
  prunekit::bench::cpu_clock() = clock != "wall";
  const Dataset data = load_bundled("mnist10k");
  // Pixels / 255 (the peer's scaling), a seeded stratified 80/20 split.
  Eigen::MatrixXf x = data.matrix() / 255.0f;
  Rng split_rng(0);
  std::vector<std::vector<std::size_t>> by_class(data.n_classes());
  for (std::size_t i = 0; i < data.rows; ++i)
    by_class[static_cast<std::size_t>(data.labels[i])].push_back(i);
  std::vector<std::size_t> train_idx, test_idx;
  for (auto& g : by_class) {
    split_rng.shuffle(std::span(g));
    const auto n_test = static_cast<std::size_t>(std::llround(0.2 * static_cast<double>(g.size())));
    test_idx.insert(test_idx.end(), g.begin(), g.begin() + static_cast<std::ptrdiff_t>(n_test));
    train_idx.insert(train_idx.end(), g.begin() + static_cast<std::ptrdiff_t>(n_test), g.end());
  }
  auto take = [&](const std::vector<std::size_t>& idx, Eigen::MatrixXf& xs,
                  std::vector<std::int32_t>& ys) {
    xs.resize(static_cast<Index>(idx.size()), x.cols());
    for (std::size_t k = 0; k < idx.size(); ++k) {
      xs.row(static_cast<Index>(k)) = x.row(static_cast<Index>(idx[k]));
      ys.push_back(data.labels[idx[k]]);
    }
  };
  Eigen::MatrixXf xtr, xte;
  std::vector<std::int32_t> ytr, yte;
  take(train_idx, xtr, ytr);
  take(test_idx, xte, yte);

  MlpParams p;
  p.hidden = {300, 100};
  p.lr = 0.05;
  p.momentum = 0.9;
  p.batch = 64;
  p.epochs = epochs;
  p.init = Init::fan_in_uniform;  // PyTorch's nn.Linear default, as in the peer script
  Rng rng(0);
  Network net(NetworkShape{784, p.hidden, 10, Activation::relu}, p.init_for_activation(), rng);
  // Epoch times on the chosen clock, read at the end of each epoch (before any evaluation).
  struct Clock {
    std::vector<double> ends;
  } epoch_clock;
  epoch_clock.ends.push_back(now_us());
  const TrainReport report = train_network(
      net, {xtr, ytr, nullptr}, p, Loss::cross_entropy, rng,
      [](std::size_t, const Network&, void* user) {
        static_cast<Clock*>(user)->ends.push_back(now_us());
        return true;
      },
      &epoch_clock);
  std::vector<double> epoch_seconds;
  for (std::size_t e = 1; e < epoch_clock.ends.size(); ++e)
    epoch_seconds.push_back((epoch_clock.ends[e] - epoch_clock.ends[e - 1]) * 1e-6);
  auto accuracy = [&](const Network& n) {
    const Eigen::MatrixXf out = n.predict(xte);
    std::size_t ok = 0;
    for (Index i = 0; i < out.rows(); ++i) {
      Index best = 0;
      out.row(i).maxCoeff(&best);
      ok += best == yte[static_cast<std::size_t>(i)] ? 1 : 0;
    }
    return static_cast<double>(ok) / static_cast<double>(out.rows());
  };

  const double macs = 784.0 * 300 + 300.0 * 100 + 100.0 * 10;
  const double n_train = static_cast<double>(xtr.rows());
  // Forward 2 N M, weight gradients 2 N M, input gradients of layers 2 and 3.
  const double train_flops = n_train * (4.0 * macs + 2.0 * (macs - 784.0 * 300));
  const double epoch_s = median(epoch_seconds);
  const double mhz = cpu_mhz();
  const double peak = mhz * 1e6 * 32.0;  // 2 FMA pipes x 8 floats x 2 flops per cycle (AVX2)

  nlohmann::ordered_json out;
  out["bench"] = "prunekit_mlp";
  out["arch"] = "784-300-100-10 ReLU";
  out["n_train"] = xtr.rows();
  out["n_test"] = xte.rows();
  out["epochs"] = epochs;
  out["clock"] = prunekit::bench::cpu_clock() ? "thread_cpu" : "wall";
  out["epoch_s_all"] = epoch_seconds;
  out["epoch_s_wall_all"] = report.epoch_seconds;
  out["epoch_s_median"] = epoch_s;
  out["test_acc"] = accuracy(net);
  out["train_gflops"] = train_flops / epoch_s / 1e9;
  out["cpu_mhz"] = mhz;
  out["backend"] = prunekit::compute_backend_description();
  out["peak_gflops_avx2_fma"] = peak / 1e9;

  if (!latency) {
    std::cout << out.dump() << std::endl;
    return 0;
  }
  const Eigen::MatrixXf x1 = xte.topRows(1);
  const Eigen::MatrixXf x256 = xte.topRows(256);
  nlohmann::ordered_json lat;
  auto measure = [&](const Network& n, const std::string& name) {
    nlohmann::ordered_json r;
    const NetworkSize s = network_size(n);
    r["weight_sparsity"] = s.weight_sparsity();
    r["nonzero_weights"] = s.nonzero_weights;
    r["weight_bytes_dense"] = s.weight_bytes_dense;
    r["weight_bytes_csr_int32"] = s.weight_bytes_csr;
    r["csr_over_dense_bytes"] =
        static_cast<double>(s.weight_bytes_csr) / static_cast<double>(s.weight_bytes_dense);
    r["test_acc"] = accuracy(n);
    {
      // Non-zero fraction of each layer's input for the batch-1 sample: the sparse engine
      // visits only the columns of non-zero inputs.
      Workspace ws;
      n.forward(x1, ws);
      std::vector<double> density{static_cast<double>((x1.array() != 0.0f).count()) /
                                  static_cast<double>(x1.size())};
      for (std::size_t l = 0; l + 1 < n.n_layers(); ++l) {
        const auto a = ws.act[l].topRows(1);
        density.push_back(static_cast<double>((a.array() != 0.0f).count()) /
                          static_cast<double>(a.size()));
      }
      r["b1_input_density_per_layer"] = density;
    }
    for (EngineKind kind : {EngineKind::dense, EngineKind::csr, EngineKind::compact}) {
      auto engine = make_engine(n, kind);
      const Eigen::MatrixXf ref = n.predict(x256);
      r[to_string(kind) + "_vs_dense_max_abs_diff"] =
          (engine->run(x256) - ref).cwiseAbs().maxCoeff();
      r[to_string(kind) + "_b1_us_median"] = time_us([&] { (void)engine->run(x1); }, iters1);
      r[to_string(kind) + "_b256_us_median"] = time_us([&] { (void)engine->run(x256); }, iters256);
    }
    lat[name] = r;
  };
  measure(net, "dense");
  measure(magnitude_pruned(net, 0.9), "oneshot_90");
  measure(magnitude_pruned(net, 0.98), "oneshot_98");
  {
    // Structured: half of each hidden layer's neurons removed (smallest incoming L2 norm).
    Network s = net;
    for (std::size_t l = 0; l + 1 < s.n_layers(); ++l) {
      const Eigen::VectorXf norms = s.layer(l).weight.rowwise().norm();
      std::vector<Index> order(static_cast<std::size_t>(norms.size()));
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<Index>(i);
      std::sort(order.begin(), order.end(), [&](Index a, Index b) { return norms[a] < norms[b]; });
      for (std::size_t i = 0; i < order.size() / 2; ++i) s.remove_neuron(l, order[i]);
    }
    measure(s, "neurons_50");
  }
  out["latency"] = lat;
  out["dense_b1_gflops"] = 2.0 * macs / lat["dense"]["dense_b1_us_median"].get<double>() / 1e3;
  out["dense_b256_gflops"] =
      2.0 * 256 * macs / lat["dense"]["dense_b256_us_median"].get<double>() / 1e3;

  if (sweep) {
    nlohmann::ordered_json rows = nlohmann::json::array();
    double break1 = -1, break256 = -1;
    for (double s : {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95}) {
      const Network n = magnitude_pruned(net, s);
      auto dense = make_engine(n, EngineKind::dense);
      auto csr = make_engine(n, EngineKind::csr);
      const double d1 = time_us([&] { (void)dense->run(x1); }, iters1 / 2);
      const double c1 = time_us([&] { (void)csr->run(x1); }, iters1 / 2);
      const double d256 = time_us([&] { (void)dense->run(x256); }, iters256 / 2);
      const double c256 = time_us([&] { (void)csr->run(x256); }, iters256 / 2);
      if (break1 < 0 && c1 < d1) break1 = s;
      if (break256 < 0 && c256 < d256) break256 = s;
      rows.push_back({{"sparsity", s},
                      {"dense_b1_us", d1},
                      {"csr_b1_us", c1},
                      {"dense_b256_us", d256},
                      {"csr_b256_us", c256}});
    }
    out["sweep"] = rows;
    out["break_even_b1"] = break1;
    out["break_even_b256"] = break256;
  }
  std::cout << out.dump() << std::endl;
  return 0;
}
