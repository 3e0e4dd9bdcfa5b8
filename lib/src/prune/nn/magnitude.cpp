#include "prunekit/prune/nn/magnitude.hpp"

#include <cmath>

#include "prunekit/core/error.hpp"
#include "prunekit/prune/spec_reader.hpp"

namespace prunekit {

std::vector<RowMatrixXf> magnitude_scores(const Network& network) {
  std::vector<RowMatrixXf> scores;
  for (const auto& L : network.layers()) scores.push_back(L.weight.cwiseAbs());
  return scores;
}

std::size_t rounds_for_rate(double start, double target, double rate) {
  if (target <= start || rate <= 0.0) return 1;
  const double r = std::ceil(std::log((1.0 - target) / (1.0 - start)) / std::log(1.0 - rate) - 1e-9);
  return static_cast<std::size_t>(std::max(1.0, r));
}

nlohmann::json RandomPruner::params() const {
  nlohmann::json j = common_json();
  j["scope"] = global_ ? "global" : "layer";
  return j;
}

std::unique_ptr<Pruner> RandomPruner::from_json(const nlohmann::json& spec,
                                                const std::string& file,
                                                const std::string& json_path) {
  SpecReader reader(spec, file, json_path);
  const bool global = reader.choice("scope", "global", {"global", "layer"}) == "global";
  NnCommonParams common = parse_nn_common(reader);
  auto keys = nn_common_keys();
  keys.emplace_back("scope");
  reader.finish(keys);
  return std::make_unique<RandomPruner>(std::move(common), global);
}

void RandomPruner::prune_network(MlpModel& model, double sparsity, const Dataset&,
                                 Rng& rng) const {
  Network& net = model.network();
  std::vector<RowMatrixXf> scores;
  for (const auto& L : net.layers()) {
    RowMatrixXf s(L.out(), L.in());
    for (Eigen::Index k = 0; k < s.size(); ++k) s.data()[k] = static_cast<float>(rng.uniform());
    scores.push_back(std::move(s));
  }
  mask_lowest(net, scores, sparsity, global_, common().prune_output_layer);
}

nlohmann::json MagnitudePruner::params() const {
  nlohmann::json j = common_json();
  j["scope"] = params_.global ? "global" : "layer";
  j["schedule"] = params_.iterative ? "iterative" : "one_shot";
  if (params_.iterative) {
    if (params_.rate > 0.0) j["rate"] = params_.rate;
    else j["rounds"] = params_.rounds;
    j["retrain_epochs"] = params_.retrain_epochs;
  }
  j["adjust_dropout"] = params_.adjust_dropout;
  return j;
}

std::unique_ptr<Pruner> MagnitudePruner::from_json(const nlohmann::json& spec,
                                                   const std::string& file,
                                                   const std::string& json_path) {
  SpecReader reader(spec, file, json_path);
  MagnitudeParams p;
  p.global = reader.choice("scope", "global", {"global", "layer"}) == "global";
  p.iterative = reader.choice("schedule", "one_shot", {"one_shot", "iterative"}) == "iterative";
  if (reader.has("rate") && reader.has("rounds"))
    throw ConfigError(file, json_path + "/rate", "give either \"rate\" or \"rounds\", not both");
  p.rounds = static_cast<std::size_t>(reader.integer("rounds", 3, 1, 1000));
  p.rate = reader.number("rate", 0.0, 0.0, 1.0, true, true);
  p.retrain_epochs = static_cast<std::size_t>(reader.integer("retrain_epochs", 1, 0, 1000000));
  p.adjust_dropout = reader.boolean("adjust_dropout", false);
  if (!p.iterative)
    for (const char* key : {"rate", "rounds", "retrain_epochs"})
      if (spec.contains(key))
        throw ConfigError(file, json_path + "/" + key, "only for \"schedule\": \"iterative\"");
  NnCommonParams common = parse_nn_common(reader);
  auto keys = nn_common_keys();
  for (const char* k : {"scope", "schedule", "rounds", "rate", "retrain_epochs", "adjust_dropout"})
    keys.emplace_back(k);
  reader.finish(keys);
  return std::make_unique<MagnitudePruner>(std::move(common), p);
}

std::optional<double> MagnitudePruner::retrain_dropout(const MlpModel& model) const {
  if (!params_.adjust_dropout) return std::nullopt;
  // Han et al. 2015, eq. 2: D_r = D_o sqrt(C_r / C_o), C the connections of the prunable layers.
  const double kept = 1.0 - prunable_sparsity(model.network(), common().prune_output_layer);
  return model.mlp_params().dropout * std::sqrt(kept);
}

void MagnitudePruner::finetune(MlpModel& model, const Dataset& train, std::size_t epochs,
                               Rng& rng) const {
  train_masked(model, train, epochs, rng, retrain_dropout(model));
}

void MagnitudePruner::prune_network(MlpModel& model, double sparsity, const Dataset& train,
                                    Rng& rng) const {
  Network& net = model.network();
  const bool out = common().prune_output_layer;
  if (!params_.iterative) {
    mask_lowest(net, magnitude_scores(net), sparsity, params_.global, out);
    return;
  }
  const double start = prunable_sparsity(net, out);
  const std::size_t rounds =
      params_.rate > 0.0 ? rounds_for_rate(start, sparsity, params_.rate) : params_.rounds;
  for (std::size_t t = 1; t <= rounds; ++t) {
    double s = params_.rate > 0.0 ? 1.0 - (1.0 - start) * std::pow(1.0 - params_.rate, static_cast<double>(t))
                                  : geometric_sparsity(start, sparsity, t, rounds);
    if (t == rounds || s > sparsity) s = sparsity;
    mask_lowest(net, magnitude_scores(net), s, params_.global, out);
    if (t < rounds) train_masked(model, train, params_.retrain_epochs, rng, retrain_dropout(model));
  }
}

}  // namespace prunekit
