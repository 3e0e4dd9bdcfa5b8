// LeNet-5 (Caffe variant of Han et al. 2015) on Fashion-MNIST, one thread: training epoch time,
// test accuracy, inference latency at batch 1 and 256. Mirrors the lenet5 and latency parts of
// ../shared/peers/scripts/torch_cnn.py (bench/cnn_vs_torch.sh runs both and prints the ratios):
// pixels / 255, PyTorch's default initialisation, SGD lr 0.05 momentum 0.9, batch 64. Prints
// one JSON object.
//
// Usage: cnn_bench [--epochs N] [--seed N] [--train-limit N] [--data DIR] [--clock cpu|wall]
//                  [--latency 0|1] [--iters1 N] [--iters256 N] [--architecture NAME]
//                  [--filters FRACTION] [--ft-epochs N] [--filter-ft-lr LR]
//                  [--sparsities LIST] [--saliency magnitude,obd] [--obd-rows N]
// --filters (default 0.5) also prunes that share of each conv layer's filters by L1 norm (Li et
// al. 2017, as the peer's filters part), fine-tunes --ft-epochs epochs (default 1), compacts the
// network and times it beside the dense one. --filter-ft-lr fine-tunes it at another learning
// rate and trains a control (the dense net, as many epochs more at that rate) beside it.
// --sparsities LIST (comma list, e.g. 0,0.5,0.8,0.9,0.95) prunes the trained network by global
// magnitude over all four weight matrices (torch.nn.utils.prune.global_unstructured, L1, as the
// peer's unstructured part; 0 is the control: the dense net trained as long), fine-tunes each
// --ft-epochs epochs and reports the accuracy before and after. --saliency obd ranks the weights
// by OBD's saliency h w^2 / 2 instead (exact Gauss-Newton diagonal over the first --obd-rows
// training images, default 8192); "magnitude,obd" runs both.
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
#include "prunekit/prune/nn/curvature.hpp"
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

std::vector<std::string> parse_names(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<double> parse_list(const std::string& text) {
  std::vector<double> out;
  for (const std::string& item : parse_names(text)) out.push_back(std::stod(item));
  return out;
}

/// OBD's saliencies h w^2 / 2 of every weight of `net` over the first `rows` training images.
std::vector<RowMatrixXf> obd_scores(ConvNetwork& net, const Split& train, Index rows,
                                    double& seconds) {
  const double start = now_us();
  std::vector<RowMatrixXf> h = gauss_newton_diagonal(
      net, train.x.topRows(std::min(rows, train.x.rows())), Loss::cross_entropy);
  seconds = (now_us() - start) * 1e-6;
  const auto layers = weights_of(net);
  for (std::size_t l = 0; l < h.size(); ++l)
    h[l] = (0.5f * h[l].array() * layers[l].params->weight.array().square()).matrix();
  return h;
}

/// Global pruning at each sparsity by magnitude or OBD saliency, fine-tuned; accuracy before and
/// after.
nlohmann::ordered_json unstructured(const ConvNetwork& dense, const std::string& list,
                                    const std::string& saliency, Index obd_rows, const Split& train,
                                    const Split& test, TrainParams ft, Rng& rng) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  ConvNetwork scored = dense;
  for (const std::string& kind : parse_names(saliency)) {
    if (kind != "magnitude" && kind != "obd")
      throw std::invalid_argument("--saliency: magnitude or obd, got " + kind);
    double obd_seconds = 0.0;
    const std::vector<RowMatrixXf> scores = kind == "obd"
                                                ? obd_scores(scored, train, obd_rows, obd_seconds)
                                                : magnitude_scores(weights_of(scored));
    for (double s : parse_list(list)) {
      if (kind == "obd" && s == 0.0) continue;  // the control is magnitude's
      ConvNetwork net = dense;
      const auto layers = weights_of(net);
      if (s > 0.0) mask_lowest(layers, scores, s, true, true);
      net.apply_masks();
      const double before = accuracy(net, test);
      (void)train_network(net, {train.x, train.y, nullptr}, ft, Loss::cross_entropy, rng);
      nlohmann::ordered_json row{{"saliency", kind},
                                 {"sparsity", s},
                                 {"weight_sparsity", weight_sparsity(net)},
                                 {"test_acc_before_ft", before},
                                 {"test_acc_after_ft", accuracy(net, test)}};
      if (kind == "obd") row["obd_seconds"] = obd_seconds;
      rows.push_back(row);
    }
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
    std::string sparsities, han, saliency = "magnitude";
    double filters = 0.5, filter_ft_lr = 0.0;
    std::size_t obd_rows = 8192;
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
                                   {"--filter-ft-lr", &filter_ft_lr},
                                   {"--saliency", &saliency},
                                   {"--obd-rows", &obd_rows},
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
      if (filter_ft_lr > 0.0) {
        ft.lr = filter_ft_lr;
        ConvNetwork control = net;
        (void)train_network(control, {train.x, train.y, nullptr}, ft, Loss::cross_entropy, rng);
        out["filters_ft_lr"] = filter_ft_lr;
        out["filters_control_test_acc"] = accuracy(control, test);
      }
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
      out["unstructured"] = unstructured(net, sparsities, saliency, static_cast<Index>(obd_rows),
                                         train, test, ft, rng);
    ft.epochs = han_retrain;
    if (!han.empty()) out["han_iterative"] = iterative(net, han, train, test, ft, rng);
    std::cout << out.dump() << std::endl;
    return 0;
  });
}
