#include "prunekit/prune/nn/during_training.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "prune/builtin_methods.hpp"
#include "prune/nn/network_family.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/prune/nn/magnitude.hpp"

namespace prunekit {

using Eigen::Index;

double polynomial_sparsity(double initial, double final_sparsity, double t, double begin,
                           double end) {
  if (t <= begin) return end > begin ? initial : final_sparsity;
  if (t >= end) return final_sparsity;
  const double f = 1.0 - (t - begin) / (end - begin);
  return final_sparsity + (initial - final_sparsity) * f * f * f;
}

namespace {

std::size_t count(const ParamValues& values, const std::string& name) {
  return static_cast<std::size_t>(values.integer(name));
}

/// The schedule must fit in the epochs; end_epoch defaults to begin + 2/3 of the rest.
void check_gradual(ParamValues& values) {
  const long long epochs = values.integer("epochs");
  const long long begin = values.integer("begin_epoch");
  if (!values.has("end_epoch"))
    values.set("end_epoch", std::max(begin, begin + (epochs - 1 - begin) * 2 / 3));
  const long long end = values.integer("end_epoch");
  if (begin >= epochs)
    values.fail("begin_epoch", "must be below epochs = " + std::to_string(epochs));
  if (end < begin || end >= epochs)
    values.fail("end_epoch", "must be in [begin_epoch, epochs) = [" + std::to_string(begin) + ", " +
                                 std::to_string(epochs) + ")");
  if ((end - begin) % values.integer("frequency") != 0)
    values.fail("frequency", "end_epoch - begin_epoch must be a multiple of frequency");
  if (values.has("sparsity") && values.number("initial_sparsity") > values.number("sparsity"))
    values.fail("initial_sparsity", "must not exceed sparsity");
}

/// Continues training the fitted model for `epochs` epochs; at the start of epochs t_0,
/// t_0 + dt, ..., t_0 + n dt it masks the smallest weights up to the schedule's sparsity.
void prune_gradually(NeuralModel& model, double sparsity, const Dataset& train, Rng& rng,
                     const ParamValues& values) {
  const bool out = values.flag("prune_output_layer");
  const bool global = values.choice("scope") == "global";
  const double initial = std::min(values.number("initial_sparsity"), sparsity);
  const std::size_t begin = count(values, "begin_epoch");
  const std::size_t end = count(values, "end_epoch");
  for (std::size_t e = 0; e < count(values, "epochs"); ++e) {
    const bool step = e >= begin && e <= end && (e - begin) % count(values, "frequency") == 0;
    if (step) {
      const double s = polynomial_sparsity(initial, sparsity, static_cast<double>(e),
                                           static_cast<double>(begin), static_cast<double>(end));
      mask_lowest(model, magnitude_scores(model), s, global, out);
    }
    train_masked(model, train, 1, rng);
  }
}

/// The epochs of one training: the method's own, or the model's.
std::size_t training_epochs(const NeuralModel& model, const ParamValues& values) {
  const std::size_t own = count(values, "train_epochs");
  return own > 0 ? own : model.training_epochs();
}

/// Re-initialises the architecture from the run's seed (theta_0), trains rewind_epoch epochs
/// (theta_r) and then to the end; each round masks the smallest surviving weights (each round
/// removes the same fraction of the remaining ones, the last reaches the target), rewinds the
/// survivors and all biases to theta_r, and retrains. The fitted model supplies only its
/// architecture and hyper-parameters.
void prune_lottery(NeuralModel& model, double sparsity, const Dataset& train, Rng& rng,
                   const ParamValues& values) {
  const std::size_t epochs = training_epochs(model, values);
  const std::size_t rewind_epoch = count(values, "rewind_epoch");
  const std::size_t rounds = count(values, "rounds");
  if (rewind_epoch >= epochs)
    throw InvalidArgument("lottery: rewind_epoch (" + std::to_string(rewind_epoch) +
                          ") must be below the training epochs (" + std::to_string(epochs) + ")");
  const bool out = values.flag("prune_output_layer");
  const bool global = values.choice("scope") == "global";
  Rng init_rng(rng());
  model.reinitialise(init_rng);
  train_masked(model, train, rewind_epoch, rng);
  // theta_r: a copy of the whole model (weights, biases, batch-norm statistics).
  const std::unique_ptr<Model> rewind = model.clone();
  const std::size_t rest = epochs - rewind_epoch;
  train_masked(model, train, rest, rng);
  for (std::size_t t = 1; t <= rounds; ++t) {
    const double s = t == rounds ? sparsity : geometric_sparsity(0.0, sparsity, t, rounds);
    mask_lowest(model, magnitude_scores(model), s, global, out);
    const auto from = as_neural_model(*rewind).weight_matrices();
    const auto to = model.weight_matrices();
    for (std::size_t l = 0; l < to.size(); ++l) {
      to[l].params->weight = from[l].params->weight;
      to[l].params->bias = from[l].params->bias;
    }
    model.apply_masks();
    train_masked(model, train, rest, rng);
  }
}

/// Re-initialises the architecture from the run's seed, computes the gradient g of the loss
/// on one seeded random batch, keeps the (1 - s) share of weights with the largest |g * w|
/// over all prunable layers, and trains the sparse network from scratch.
void prune_snip(NeuralModel& model, double sparsity, const Dataset& train, Rng& rng,
                const ParamValues& values) {
  if (train.rows == 0) throw InvalidArgument("snip: empty training set");
  const std::size_t epochs = training_epochs(model, values);
  Rng init_rng(rng());
  model.reinitialise(init_rng);
  // One seeded batch of distinct rows (partial Fisher-Yates).
  std::vector<std::size_t> rows(train.rows);
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  const std::size_t b = std::min(count(values, "batch"), train.rows);
  for (std::size_t i = 0; i < b; ++i) std::swap(rows[i], rows[i + rng.below(train.rows - i)]);
  rows.resize(b);
  (void)model.batch_gradients(train, rows);
  std::vector<RowMatrixXf> scores;
  for (const auto& layer : model.weight_matrices())
    scores.push_back(
        (layer.params->weight_grad.array() * layer.params->weight.array()).abs().matrix());
  mask_lowest(model, scores, sparsity, true, values.flag("prune_output_layer"));
  train_masked(model, train, epochs, rng);
}

}  // namespace

MethodDeclaration gradual_method() {
  Param end = integer_param("end_epoch", std::nullopt, Range::closed(0, 1000000),
                            "t_0 + n dt, where s = s_f (sparsity); below epochs");
  end.default_text = "begin + 2/3 of the rest";
  MethodDeclaration m = network_method(
      "gradual", "magnitude pruning during training on the cubic schedule", "Zhu, Gupta 2017",
      {number_param("initial_sparsity", 0.0, Range::right_open(0, 1), "s_i"),
       integer_param("epochs", 10, Range::closed(1, 1000000), "epochs of training in total"),
       integer_param("begin_epoch", 0, Range::closed(0, 1000000),
                     "t_0, the first pruning step (0-based)"),
       end,
       integer_param("frequency", 1, Range::closed(1, 1000000),
                     "dt, epochs between pruning steps; must divide end - begin"),
       scope_param("global")},
      {prune_gradually, {}});
  m.check = check_gradual;
  return m;
}

MethodDeclaration lottery_method() {
  MethodDeclaration m = network_method(
      "lottery", "lottery ticket: iterative magnitude pruning with rewinding to early weights",
      "Frankle, Carbin 2019",
      {integer_param("rounds", 3, Range::closed(1, 1000), "prune-rewind-retrain rounds"),
       integer_param("rewind_epoch", 0, Range::closed(0, 1000000),
                     "rewind to the weights after this many epochs"),
       integer_param("train_epochs", 0, Range::closed(0, 1000000),
                     "epochs of each training (0: the model's epochs)"),
       scope_param("layer")},
      {prune_lottery, {}});
  m.check = [](ParamValues& values) {
    const long long train_epochs = values.integer("train_epochs");
    if (train_epochs > 0 && values.integer("rewind_epoch") >= train_epochs)
      values.fail("rewind_epoch", "must be below train_epochs");
  };
  return m;
}

MethodDeclaration snip_method() {
  return network_method(
      "snip", "connection sensitivity |g w| at initialisation, then training from scratch",
      "Lee, Ajanthan, Torr 2019",
      {integer_param("batch", 128, Range::closed(1, 1 << 24), "rows of the sensitivity batch"),
       integer_param("train_epochs", 0, Range::closed(0, 1000000),
                     "training epochs (0: the model's)")},
      {prune_snip, {}});
}

}  // namespace prunekit
