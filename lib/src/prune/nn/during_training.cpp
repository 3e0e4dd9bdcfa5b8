#include "prunekit/prune/nn/during_training.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "prunekit/core/error.hpp"
#include "prunekit/prune/nn/magnitude.hpp"
#include "prunekit/prune/spec_reader.hpp"

namespace prunekit {

using Eigen::Index;

double polynomial_sparsity(double initial, double final_sparsity, double t, double begin,
                           double end) {
  if (t <= begin) return end > begin ? initial : final_sparsity;
  if (t >= end) return final_sparsity;
  const double f = 1.0 - (t - begin) / (end - begin);
  return final_sparsity + (initial - final_sparsity) * f * f * f;
}

Network reinitialised(const MlpModel& model, Rng& rng) {
  const Network& net = model.network();
  NetworkShape shape;
  shape.inputs = static_cast<std::size_t>(net.inputs());
  for (std::size_t l = 0; l + 1 < net.n_layers(); ++l)
    shape.hidden.push_back(static_cast<std::size_t>(net.layer(l).out()));
  shape.outputs = static_cast<std::size_t>(net.outputs());
  shape.activation = model.mlp_params().activation;
  return Network(shape, model.mlp_params().init_for_activation(), rng);
}

nlohmann::json GradualPruner::params() const {
  nlohmann::json j = common_json();
  j["initial_sparsity"] = params_.initial_sparsity;
  j["epochs"] = params_.epochs;
  j["begin_epoch"] = params_.begin_epoch;
  j["end_epoch"] = params_.end_epoch;
  j["frequency"] = params_.frequency;
  j["scope"] = params_.global ? "global" : "layer";
  return j;
}

std::unique_ptr<Pruner> GradualPruner::from_json(const nlohmann::json& spec,
                                                 const std::string& file,
                                                 const std::string& json_path) {
  SpecReader reader(spec, file, json_path);
  GradualParams p;
  p.initial_sparsity = reader.number("initial_sparsity", 0.0, 0.0, 1.0, false, true);
  p.epochs = static_cast<std::size_t>(reader.integer("epochs", 10, 1, 1000000));
  p.begin_epoch = static_cast<std::size_t>(reader.integer("begin_epoch", 0, 0, 1000000));
  const long long default_end = std::max<long long>(
      static_cast<long long>(p.begin_epoch),
      static_cast<long long>(p.begin_epoch) + (static_cast<long long>(p.epochs) - 1 - static_cast<long long>(p.begin_epoch)) * 2 / 3);
  p.end_epoch = static_cast<std::size_t>(reader.integer("end_epoch", default_end, 0, 1000000));
  p.frequency = static_cast<std::size_t>(reader.integer("frequency", 1, 1, 1000000));
  p.global = reader.choice("scope", "global", {"global", "layer"}) == "global";
  if (p.begin_epoch >= p.epochs)
    throw ConfigError(file, json_path + "/begin_epoch", "must be below epochs = " + std::to_string(p.epochs));
  if (p.end_epoch < p.begin_epoch || p.end_epoch >= p.epochs)
    throw ConfigError(file, json_path + "/end_epoch",
                      "must be in [begin_epoch, epochs) = [" + std::to_string(p.begin_epoch) + ", " +
                          std::to_string(p.epochs) + ")");
  if ((p.end_epoch - p.begin_epoch) % p.frequency != 0)
    throw ConfigError(file, json_path + "/frequency",
                      "end_epoch - begin_epoch must be a multiple of frequency");
  NnCommonParams common = parse_nn_common(reader);
  if (common.selection.rule == SelectionRule::fixed && p.initial_sparsity > common.selection.knob)
    throw ConfigError(file, json_path + "/initial_sparsity", "must not exceed sparsity");
  auto keys = nn_common_keys();
  for (const char* k : {"initial_sparsity", "epochs", "begin_epoch", "end_epoch", "frequency", "scope"})
    keys.emplace_back(k);
  reader.finish(keys);
  return std::make_unique<GradualPruner>(std::move(common), p);
}

void GradualPruner::prune_network(MlpModel& model, double sparsity, const Dataset& train,
                                  Rng& rng) const {
  Network& net = model.network();
  const bool out = common().prune_output_layer;
  const double initial = std::min(params_.initial_sparsity, sparsity);
  for (std::size_t e = 0; e < params_.epochs; ++e) {
    const bool step = e >= params_.begin_epoch && e <= params_.end_epoch &&
                      (e - params_.begin_epoch) % params_.frequency == 0;
    if (step) {
      const double s = polynomial_sparsity(initial, sparsity, static_cast<double>(e),
                                           static_cast<double>(params_.begin_epoch),
                                           static_cast<double>(params_.end_epoch));
      mask_lowest(net, magnitude_scores(net), s, params_.global, out);
    }
    train_masked(model, train, 1, rng);
  }
}

nlohmann::json LotteryPruner::params() const {
  nlohmann::json j = common_json();
  j["rounds"] = params_.rounds;
  j["rewind_epoch"] = params_.rewind_epoch;
  j["train_epochs"] = params_.train_epochs;
  j["scope"] = params_.global ? "global" : "layer";
  return j;
}

std::unique_ptr<Pruner> LotteryPruner::from_json(const nlohmann::json& spec,
                                                 const std::string& file,
                                                 const std::string& json_path) {
  SpecReader reader(spec, file, json_path);
  LotteryParams p;
  p.rounds = static_cast<std::size_t>(reader.integer("rounds", 3, 1, 1000));
  p.rewind_epoch = static_cast<std::size_t>(reader.integer("rewind_epoch", 0, 0, 1000000));
  p.train_epochs = static_cast<std::size_t>(reader.integer("train_epochs", 0, 0, 1000000));
  p.global = reader.choice("scope", "layer", {"global", "layer"}) == "global";
  if (p.train_epochs > 0 && p.rewind_epoch >= p.train_epochs)
    throw ConfigError(file, json_path + "/rewind_epoch", "must be below train_epochs");
  NnCommonParams common = parse_nn_common(reader);
  auto keys = nn_common_keys();
  for (const char* k : {"rounds", "rewind_epoch", "train_epochs", "scope"}) keys.emplace_back(k);
  reader.finish(keys);
  return std::make_unique<LotteryPruner>(std::move(common), p);
}

void LotteryPruner::prune_network(MlpModel& model, double sparsity, const Dataset& train,
                                  Rng& rng) const {
  const std::size_t epochs = params_.train_epochs > 0 ? params_.train_epochs : model.mlp_params().epochs;
  if (params_.rewind_epoch >= epochs)
    throw InvalidArgument("lottery: rewind_epoch (" + std::to_string(params_.rewind_epoch) +
                          ") must be below the training epochs (" + std::to_string(epochs) + ")");
  const bool out = common().prune_output_layer;
  Rng init_rng(rng());
  model.network() = reinitialised(model, init_rng);
  train_masked(model, train, params_.rewind_epoch, rng);
  const std::vector<DenseLayer> rewind = model.network().layers();
  const std::size_t rest = epochs - params_.rewind_epoch;
  train_masked(model, train, rest, rng);
  Network& net = model.network();
  for (std::size_t t = 1; t <= params_.rounds; ++t) {
    const double s = t == params_.rounds ? sparsity : geometric_sparsity(0.0, sparsity, t, params_.rounds);
    mask_lowest(net, magnitude_scores(net), s, params_.global, out);
    for (std::size_t l = 0; l < net.n_layers(); ++l) {
      net.layer(l).weight = rewind[l].weight;
      net.layer(l).bias = rewind[l].bias;
    }
    net.apply_masks();
    train_masked(model, train, rest, rng);
  }
}

nlohmann::json SnipPruner::params() const {
  nlohmann::json j = common_json();
  j["batch"] = params_.batch;
  j["train_epochs"] = params_.train_epochs;
  return j;
}

std::unique_ptr<Pruner> SnipPruner::from_json(const nlohmann::json& spec, const std::string& file,
                                              const std::string& json_path) {
  SpecReader reader(spec, file, json_path);
  SnipParams p;
  p.batch = static_cast<std::size_t>(reader.integer("batch", 128, 1, 1 << 24));
  p.train_epochs = static_cast<std::size_t>(reader.integer("train_epochs", 0, 0, 1000000));
  NnCommonParams common = parse_nn_common(reader);
  auto keys = nn_common_keys();
  for (const char* k : {"batch", "train_epochs"}) keys.emplace_back(k);
  reader.finish(keys);
  return std::make_unique<SnipPruner>(std::move(common), p);
}

void SnipPruner::prune_network(MlpModel& model, double sparsity, const Dataset& train,
                               Rng& rng) const {
  if (train.rows == 0) throw InvalidArgument("snip: empty training set");
  const std::size_t epochs = params_.train_epochs > 0 ? params_.train_epochs : model.mlp_params().epochs;
  Rng init_rng(rng());
  model.network() = reinitialised(model, init_rng);
  Network& net = model.network();
  // One seeded batch of distinct rows (partial Fisher-Yates).
  std::vector<std::size_t> rows(train.rows);
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  const std::size_t b = std::min(params_.batch, train.rows);
  for (std::size_t i = 0; i < b; ++i) std::swap(rows[i], rows[i + rng.below(train.rows - i)]);
  rows.resize(b);
  const MlpModel::Prepared prepared = model.prepare(train);
  Eigen::MatrixXf x(static_cast<Index>(b), prepared.x.cols());
  std::vector<std::int32_t> labels;
  Eigen::MatrixXf targets;
  if (model.task() == Task::regression) targets.resize(static_cast<Index>(b), prepared.targets.cols());
  for (std::size_t i = 0; i < b; ++i) {
    const auto r = static_cast<Index>(rows[i]);
    x.row(static_cast<Index>(i)) = prepared.x.row(r);
    if (model.task() == Task::classification) labels.push_back(prepared.labels[rows[i]]);
    else targets.row(static_cast<Index>(i)) = prepared.targets.row(r);
  }
  Workspace ws;
  net.reserve(ws, static_cast<Index>(b));
  const BatchRef batch{x, labels, model.task() == Task::regression ? &targets : nullptr};
  (void)net.compute_gradients(batch, model.loss(), ws);
  std::vector<RowMatrixXf> scores;
  for (const auto& L : net.layers())
    scores.push_back((L.weight_grad.array() * L.weight.array()).abs().matrix());
  mask_lowest(net, scores, sparsity, true, common().prune_output_layer);
  train_masked(model, train, epochs, rng);
}

}  // namespace prunekit
