// LeNet-5 (Caffe variant of Han et al. 2015) on Fashion-MNIST, one thread: training epoch time,
// test accuracy, inference latency at batch 1 and 256. Mirrors the lenet5 and latency parts of
// ../shared/peers/scripts/torch_cnn.py (bench/cnn_vs_torch.sh runs both and prints the ratios):
// pixels / 255, PyTorch's default initialisation, SGD lr 0.05 momentum 0.9, batch 64. Prints
// one JSON object.
//
// Usage: cnn_bench [--epochs N] [--seed N] [--train-limit N] [--data DIR] [--clock cpu|wall]
//                  [--latency 0|1] [--iters1 N] [--iters256 N] [--architecture NAME]
//                  [--filters FRACTION] [--ft-epochs N]
// --filters (default 0.5) also prunes that share of each conv layer's filters by L1 norm (Li et
// al. 2017, as the peer's filters part), fine-tunes --ft-epochs epochs (default 1), compacts the
// network and times it beside the dense one.
// --sparsities LIST (comma list, e.g. 0,0.5,0.8,0.9,0.95) prunes the trained network by global
// magnitude over all four weight matrices (torch.nn.utils.prune.global_unstructured, L1, as the
// peer's unstructured part; 0 is the control: the dense net trained as long), fine-tunes each
// --ft-epochs epochs and reports the accuracy before and after.
// --han LIST (e.g. 0.5,0.7,0.8,0.88,0.92) prunes iteratively, Han et al. 2015's experiment: each
// round masks the smallest weights up to the next sparsity and retrains --han-retrain epochs.
#include <algorithm>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_options.hpp"
#include "bench_timing.hpp"
#include "prunekit/data/idx.hpp"
#include "prunekit/nn/backend.hpp"
#include "prunekit/nn/cnn_model.hpp"
#include "prunekit/nn/layer_types.hpp"
#include "prunekit/nn/train.hpp"
#include "prunekit/prune/nn/filters.hpp"
#include "prunekit/prune/nn/magnitude.hpp"

using namespace prunekit;
using Eigen::Index;
using prunekit::bench::median;
using prunekit::bench::now_us;

namespace {

struct Split {
  Eigen::MatrixXf x;
  std::vector<std::int32_t> y;
};

Split load(const std::string& dir, const std::string& part, std::size_t limit) {
  const Dataset d = read_idx(dir + "/" + part + "-images-idx3-ubyte.gz");
  const auto rows = static_cast<Index>(limit > 0 ? std::min(limit, d.rows) : d.rows);
  return {d.matrix().topRows(rows) / 255.0f, {d.labels.begin(), d.labels.begin() + rows}};
}

double accuracy(const ConvNetwork& net, const Split& s) {
  ConvWorkspace ws;
  std::size_t right = 0;
  for (Index start = 0; start < s.x.rows(); start += 256) {
    const Index b = std::min<Index>(256, s.x.rows() - start);
    net.forward(s.x.middleRows(start, b), ws);
    for (Index i = 0; i < b; ++i) {
      Index best = 0;
      ws.act.back().row(i).maxCoeff(&best);
      right += best == s.y[static_cast<std::size_t>(start + i)] ? 1 : 0;
    }
  }
  return static_cast<double>(right) / static_cast<double>(s.x.rows());
}

double latency_us(const ConvNetwork& net, const Eigen::MatrixXf& x, int iters) {
  ConvWorkspace ws;
  return prunekit::bench::time_us([&] { net.forward(x, ws); }, iters, 5);
}

std::vector<WeightMatrix> weights_of(ConvNetwork& net) {
  std::vector<WeightMatrix> out;
  for (std::size_t l = 0; l < net.n_layers(); ++l)
    if (auto* w = dynamic_cast<WeightedLayer*>(&net.layer(l)))
      out.push_back({&w->params, 1, 1, ""});
  return out;
}

double weight_sparsity(ConvNetwork& net) { return prunable_sparsity(weights_of(net), true); }

std::vector<double> parse_list(const std::string& text) {
  std::vector<double> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    out.push_back(std::stod(text.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

/// Global magnitude pruning at each sparsity, fine-tuned; accuracy before and after.
nlohmann::ordered_json unstructured(const ConvNetwork& dense, const std::string& list,
                                    const Split& train, const Split& test, TrainParams ft,
                                    Rng& rng) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (double s : parse_list(list)) {
    ConvNetwork net = dense;
    const auto layers = weights_of(net);
    if (s > 0.0) mask_lowest(layers, magnitude_scores(layers), s, true, true);
    net.apply_masks();
    const double before = accuracy(net, test);
    (void)train_network(net, {train.x, train.y, nullptr}, ft, Loss::cross_entropy, rng);
    rows.push_back({{"sparsity", s},
                    {"weight_sparsity", weight_sparsity(net)},
                    {"test_acc_before_ft", before},
                    {"test_acc_after_ft", accuracy(net, test)}});
  }
  return rows;
}

/// Han et al.'s iterative pruning: prune to each sparsity in turn, retraining after each.
nlohmann::ordered_json iterative(const ConvNetwork& dense, const std::string& list,
                                 const Split& train, const Split& test, TrainParams retrain,
                                 Rng& rng) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  ConvNetwork net = dense;
  for (double s : parse_list(list)) {
    const auto layers = weights_of(net);
    mask_lowest(layers, magnitude_scores(layers), s, true, true);
    net.apply_masks();
    const double before = accuracy(net, test);
    (void)train_network(net, {train.x, train.y, nullptr}, retrain, Loss::cross_entropy, rng);
    rows.push_back({{"sparsity", s},
                    {"kept_weights_percent", 100.0 * (1.0 - weight_sparsity(net))},
                    {"test_acc_before_retrain", before},
                    {"test_acc_after_retrain", accuracy(net, test)}});
  }
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  return prunekit::bench::guarded_main("cnn_bench", [&] {
    std::size_t epochs = 1, seed = 0, train_limit = 0, ft_epochs = 1, han_retrain = 2;
    std::string sparsities, han;
    double filters = 0.5;
    int iters1 = 2000, iters256 = 100;
    bool latency = true;
    std::string clock = "cpu", data = "/usr/share/datasets/fashion-mnist", arch = "lenet5";
    prunekit::bench::read_options(argc, argv,
                                  {{"--epochs", &epochs},
                                   {"--seed", &seed},
                                   {"--train-limit", &train_limit},
                                   {"--data", &data},
                                   {"--clock", &clock},
                                   {"--latency", &latency},
                                   {"--iters1", &iters1},
                                   {"--iters256", &iters256},
                                   {"--architecture", &arch},
                                   {"--filters", &filters},
                                   {"--ft-epochs", &ft_epochs},
                                   {"--sparsities", &sparsities},
                                   {"--han", &han},
                                   {"--han-retrain", &han_retrain}});
    prunekit::bench::cpu_clock() = clock != "wall";
    const Split train = load(data, "train", train_limit), test = load(data, "t10k", 0);
    TrainParams p;
    p.lr = 0.05;
    p.momentum = 0.9;
    p.batch = 64;
    p.epochs = epochs;
    Rng rng(seed);
    ConvNetwork net({1, 28, 28}, architecture_specs(arch, 10), Init::fan_in_uniform, rng);
    std::vector<double> ends{now_us()};
    std::vector<double> accuracies;
    struct Progress {
      std::vector<double>* ends;
    } progress{&ends};
    (void)train_network(
        net, {train.x, train.y, nullptr}, p, Loss::cross_entropy, rng,
        [](std::size_t, const ConvNetwork&, void* user) {
          static_cast<Progress*>(user)->ends->push_back(now_us());
          return true;
        },
        &progress);
    std::vector<double> epoch_s;
    for (std::size_t e = 1; e < ends.size(); ++e) epoch_s.push_back((ends[e] - ends[e - 1]) * 1e-6);
    nlohmann::ordered_json out;
    out["bench"] = "prunekit_cnn";
    out["architecture"] = arch;
    out["n_train"] = train.x.rows();
    out["epochs"] = epochs;
    out["seed"] = seed;
    out["clock"] = prunekit::bench::cpu_clock() ? "thread_cpu" : "wall";
    out["epoch_s_all"] = epoch_s;
    out["epoch_s_median"] = median(epoch_s);
    out["test_acc"] = accuracy(net, test);
    out["macs_per_image"] = net.multiply_adds();
    out["backend"] = compute_backend_description();
    if (latency) {
      const Eigen::MatrixXf x1 = test.x.topRows(1), x256 = test.x.topRows(256);
      out["dense_b1_us_median"] = latency_us(net, x1, iters1);
      out["dense_b256_us_median"] = latency_us(net, x256, iters256);
    }
    if (filters > 0.0) {
      ConvNetwork pruned = net;
      const auto groups = filter_groups(pruned);
      remove_lowest_filters(pruned, groups,
                            filter_scores(pruned, groups, FilterImportance::l1, nullptr, rng),
                            filters, false);
      out["filters_test_acc_before_ft"] = accuracy(pruned, test);
      TrainParams ft = p;
      ft.epochs = ft_epochs;
      (void)train_network(pruned, {train.x, train.y, nullptr}, ft, Loss::cross_entropy, rng);
      const ConvNetwork small = compact(pruned);
      const Eigen::MatrixXf probe = test.x.topRows(1000);
      out["filters_compact_vs_masked_max_abs_diff"] =
          (small.predict(probe) - pruned.predict(probe)).cwiseAbs().maxCoeff();
      out["filters_test_acc_after_ft"] = accuracy(small, test);
      out["filters_macs_per_image"] = small.multiply_adds();
      if (latency) {
        const Eigen::MatrixXf x1 = test.x.topRows(1), x256 = test.x.topRows(256);
        out["compact_b1_us_median"] = latency_us(small, x1, iters1);
        out["compact_b256_us_median"] = latency_us(small, x256, iters256);
      }
    }
    TrainParams ft = p;
    ft.epochs = ft_epochs;
    if (!sparsities.empty())
      out["unstructured"] = unstructured(net, sparsities, train, test, ft, rng);
    ft.epochs = han_retrain;
    if (!han.empty()) out["han_iterative"] = iterative(net, han, train, test, ft, rng);
    std::cout << out.dump() << std::endl;
    return 0;
  });
}
