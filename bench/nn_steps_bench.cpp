// Replays given minibatch orders on a saved network, to check step by step that prunekit's
// training and fine-tuning follow PyTorch's when both start from the same weights and see the
// same minibatches (bench/nn_same_steps_vs_torch.py drives it). Loads a dense mlp model file,
// optionally masks the lowest-magnitude `--sparsity` of all weights (global, output layer
// included, as PyTorch's global_unstructured), then for each epoch of `--orders` (a JSON array
// of arrays of training-row positions) runs SGD steps on batches of the model's batch size in
// that order, with one optimizer (fresh, as a new training run), exactly as train_network does
// without dropout. Rows: the bundled mnist10k, pixels / 255, `--split` as nn_prune_bench.
// Writes the trained model to `--out` and prints {"test_accuracy": ...}.
// Usage: nn_steps_bench --split FILE --model IN --orders FILE [--sparsity 0] --out OUT
#include <algorithm>
#include <iostream>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_options.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/nn/mlp_model.hpp"
#include "prunekit/prune/nn/magnitude.hpp"
#include "prunekit/prune/nn/network_pruning.hpp"

using namespace prunekit;
using Eigen::Index;

namespace {

int run(int argc, char** argv) {
  std::string split_file, model_file, orders_file, out_file;
  double sparsity = 0.0;
  prunekit::bench::read_options(argc, argv,
                                {{"--split", &split_file},
                                 {"--model", &model_file},
                                 {"--orders", &orders_file},
                                 {"--out", &out_file},
                                 {"--sparsity", &sparsity}});
  if (split_file.empty() || model_file.empty() || orders_file.empty() || out_file.empty())
    throw InvalidArgument(
        "usage: nn_steps_bench --split FILE --model IN --orders FILE [--sparsity S] --out OUT");
  Dataset data = load_bundled("mnist10k");
  for (float& v : data.features) v /= 255.0f;
  const nlohmann::json split = read_json_file(split_file);
  const Dataset train = data.subset(split.at("train").get<std::vector<std::size_t>>());
  const Dataset test = data.subset(split.at("test").get<std::vector<std::size_t>>());
  auto loaded = load_model(model_file);
  auto* model = dynamic_cast<MlpModel*>(loaded.get());
  if (model == nullptr) throw InvalidArgument(model_file + " is not an mlp model");
  const auto orders = read_json_file(orders_file).get<std::vector<std::vector<std::size_t>>>();

  Network& net = model->network();
  if (sparsity > 0.0) mask_lowest(net, magnitude_scores(net), sparsity, true, true);
  const MlpParams& params = model->mlp_params();
  const auto batch = static_cast<Index>(params.batch);
  Optimizer optimizer(params.optimizer_params());
  Workspace ws;
  net.reserve(ws, batch);
  const auto x = train.matrix();
  Eigen::MatrixXf xb(batch, x.cols());
  std::vector<std::int32_t> yb(static_cast<std::size_t>(batch));
  for (std::size_t e = 0; e < orders.size(); ++e) {
    const auto& order = orders[e];
    auto views = net.parameters();
    const auto lr = static_cast<float>(params.lr_at(e));
    for (std::size_t s = 0; s < order.size(); s += static_cast<std::size_t>(batch)) {
      const std::size_t b = std::min(static_cast<std::size_t>(batch), order.size() - s);
      for (std::size_t k = 0; k < b; ++k) {
        if (order[s + k] >= train.rows) throw InvalidArgument("orders: row out of range");
        xb.row(static_cast<Index>(k)) = x.row(static_cast<Index>(order[s + k]));
        yb[k] = train.labels[order[s + k]];
      }
      const BatchRef ref{xb.topRows(static_cast<Index>(b)),
                         std::span<const std::int32_t>(yb.data(), b), nullptr};
      (void)net.compute_gradients(ref, Loss::cross_entropy, ws);
      optimizer.step(views, lr);
    }
  }
  save_model(*model, out_file);
  const auto p = model->predict(test);
  std::size_t ok = 0;
  for (std::size_t i = 0; i < test.rows; ++i)
    ok += static_cast<std::int32_t>(p[i]) == test.labels[i] ? 1 : 0;
  std::cout << nlohmann::json{{"test_accuracy",
                               static_cast<double>(ok) / static_cast<double>(test.rows)}}
                   .dump()
            << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return prunekit::bench::guarded_main("nn_steps_bench", [&] { return run(argc, argv); });
}
