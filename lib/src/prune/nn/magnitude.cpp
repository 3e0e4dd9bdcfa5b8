#include "prunekit/prune/nn/magnitude.hpp"

#include <cmath>

#include "prune/builtin_methods.hpp"
#include "prune/nn/network_family.hpp"
#include "prunekit/core/error.hpp"

namespace prunekit {

std::vector<RowMatrixXf> magnitude_scores(const std::vector<WeightMatrix>& layers) {
  std::vector<RowMatrixXf> scores;
  for (const auto& L : layers) scores.push_back(L.params->weight.cwiseAbs());
  return scores;
}

std::vector<RowMatrixXf> magnitude_scores(const Network& network) {
  std::vector<RowMatrixXf> scores;
  for (const auto& L : network.layers()) scores.push_back(L.weight.cwiseAbs());
  return scores;
}

std::vector<RowMatrixXf> magnitude_scores(const NeuralModel& model) {
  return magnitude_scores(model.weight_matrices());
}

std::size_t rounds_for_rate(double start, double target, double rate) {
  if (target <= start || rate <= 0.0) return 1;
  const double r =
      std::ceil(std::log((1.0 - target) / (1.0 - start)) / std::log(1.0 - rate) - 1e-9);
  return static_cast<std::size_t>(std::max(1.0, r));
}

namespace {

/// Han et al. 2015, eq. 2: retraining dropout D_r = D_o sqrt(C_r / C_o), C the connections of
/// the prunable layers; none unless adjust_dropout.
std::optional<double> retrain_dropout(const NeuralModel& model, const ParamValues& values) {
  if (!values.flag("adjust_dropout")) return std::nullopt;
  const double kept = 1.0 - prunable_sparsity(model, values.flag("prune_output_layer"));
  return model.dropout_probability() * std::sqrt(kept);
}

/// One-shot: the smallest |w| masked at once. Iterative: rounds on a geometric schedule (each
/// removes the same fraction of what remains, the last reaches the target exactly), with
/// retraining between rounds.
void prune_magnitude(NeuralModel& model, double sparsity, const Dataset& train, Rng& rng,
                     const ParamValues& values) {
  NeuralModel& net = model;
  const bool out = values.flag("prune_output_layer");
  const bool global = values.choice("scope") == "global";
  if (values.choice("schedule") == "one_shot") {
    mask_lowest(net, magnitude_scores(net), sparsity, global, out);
    return;
  }
  const double rate = values.has("rate") ? values.number("rate") : 0.0;
  const double start = prunable_sparsity(net, out);
  const std::size_t rounds = rate > 0.0 ? rounds_for_rate(start, sparsity, rate)
                                        : static_cast<std::size_t>(values.integer("rounds"));
  const auto retrain = static_cast<std::size_t>(values.integer("retrain_epochs"));
  for (std::size_t t = 1; t <= rounds; ++t) {
    double s = rate > 0.0 ? 1.0 - (1.0 - start) * std::pow(1.0 - rate, static_cast<double>(t))
                          : geometric_sparsity(start, sparsity, t, rounds);
    if (t == rounds || s > sparsity) s = sparsity;
    mask_lowest(net, magnitude_scores(net), s, global, out);
    if (t < rounds) train_masked(model, train, retrain, rng, retrain_dropout(model, values));
  }
}

/// "rate" and "rounds" exclude each other and belong to the iterative schedule.
void check_schedule(ParamValues& values) {
  if (values.given("rate") && values.given("rounds"))
    values.fail("rate", "give either \"rate\" or \"rounds\", not both");
  if (values.choice("schedule") == "iterative") {
    if (values.has("rate")) values.erase("rounds");
    return;
  }
  for (const char* key : {"rate", "rounds", "retrain_epochs"}) {
    if (values.given(key)) values.fail(key, "only for \"schedule\": \"iterative\"");
    values.erase(key);
  }
}

}  // namespace

MethodDeclaration random_method() {
  return network_method("random", "masks a seeded random subset of weights (baseline)", "",
                        {scope_param("global")},
                        {[](NeuralModel& model, double sparsity, const Dataset&, Rng& rng,
                            const ParamValues& values) {
                           std::vector<RowMatrixXf> scores;
                           for (const auto& layer : model.weight_matrices()) {
                             const DenseLayer& L = *layer.params;
                             RowMatrixXf s(L.out(), L.in());
                             for (Eigen::Index k = 0; k < s.size(); ++k)
                               s.data()[k] = static_cast<float>(rng.uniform());
                             scores.push_back(std::move(s));
                           }
                           mask_lowest(model, scores, sparsity, values.choice("scope") == "global",
                                       values.flag("prune_output_layer"));
                         },
                         {}});
}

MethodDeclaration magnitude_method() {
  MethodDeclaration m = network_method(
      "magnitude", "masks the smallest |w|, one-shot or iterative prune-and-retrain",
      "Han, Pool, Tran, Dally 2015",
      {scope_param("global"),
       choice_param("schedule", "one_shot", {"one_shot", "iterative"},
                    "one_shot or iterative (prune, retrain, prune more, ...)"),
       integer_param(
           "rounds", 3, Range::closed(1, 1000),
           "iterative: rounds; round t reaches 1 - (1 - s_0)((1 - s)/(1 - s_0))^(t/R), each "
           "removing the same fraction of the remaining weights"),
       number_param("rate", std::nullopt, Range::open(0, 1),
                    "iterative, instead of rounds: fraction of the remaining weights removed per "
                    "round (the last round stops exactly at s)"),
       integer_param("retrain_epochs", 1, Range::closed(0, 1000000),
                     "iterative: retraining epochs after every round but the last (the last is "
                     "followed by finetune_epochs)"),
       flag_param("adjust_dropout", false,
                  "retrain with Han et al.'s dropout D_r = D_o sqrt(C_r / C_o), C the kept and "
                  "original prunable connections")},
      {prune_magnitude, [](NeuralModel& model, const Dataset& train, std::size_t epochs, Rng& rng,
                           const ParamValues& values) {
         train_masked(model, train, epochs, rng, retrain_dropout(model, values));
       }});
  m.check = check_schedule;
  return m;
}

}  // namespace prunekit
