// The "filter" method: structured pruning of a cnn's filters (prunekit/prune/nn/filters.hpp)
// through the shared network interface, the saved model compacted to the smaller dense network.
#include <cmath>

#include "prune/builtin_methods.hpp"
#include "prune/nn/network_family.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/nn/cnn_model.hpp"
#include "prunekit/prune/nn/filters.hpp"
#include "prunekit/prune/nn/network_pruning.hpp"

namespace prunekit {

namespace {

/// Removes the fraction of filters of lowest importance, in `rounds` rounds on the geometric
/// schedule of magnitude pruning (retraining between rounds), then compacts the network.
void prune_filters(NeuralModel& model, double fraction, const Dataset& train, Rng& rng,
                   const ParamValues& values) {
  auto& cnn = dynamic_cast<CnnModel&>(model);
  const auto importance =
      parse_enum<FilterImportance>(values.choice("importance"), "filter importance");
  const bool global = values.choice("scope") == "global";
  const auto rounds = static_cast<std::size_t>(values.integer("rounds"));
  const auto limit = static_cast<std::size_t>(values.integer("taylor_rows"));
  const auto rows =
      static_cast<Eigen::Index>(limit == 0 ? train.rows : std::min(limit, train.rows));
  const auto x = train.matrix();
  const TrainData data{
      x.topRows(rows),
      std::span<const std::int32_t>(train.labels).first(static_cast<std::size_t>(rows)), nullptr};
  for (std::size_t t = 1; t <= rounds; ++t) {
    const double f = t == rounds ? fraction : geometric_sparsity(0.0, fraction, t, rounds);
    ConvNetwork& net = cnn.network();
    auto groups = filter_groups(net);
    // Scored by batch-norm scale, only the convolutions followed by a batch norm are pruned.
    if (importance == FilterImportance::bn_scale)
      std::erase_if(groups, [](const FilterGroup& g) { return !g.norm; });
    if (groups.empty())
      throw InvalidArgument(importance == FilterImportance::bn_scale
                                ? "filter: no conv layer is followed by a batch norm"
                                : "filter: the network has no conv layer feeding another "
                                  "weighted layer");
    remove_lowest_filters(net, groups, filter_scores(net, groups, importance, &data, rng), f,
                          global);
    if (t < rounds)
      train_masked(model, train, static_cast<std::size_t>(values.integer("retrain_epochs")), rng);
  }
  if (values.flag("compact")) cnn.set_network(compact(cnn.network()));
}

}  // namespace

MethodDeclaration filter_method() {
  MethodDeclaration m = network_method(
      "filter",
      "removes whole conv filters (sparsity = fraction of each layer's filters, or of all with "
      "scope global) with their batch-norm channels and the next layer's input channels, then "
      "compacts the network; bn_scale with the model's bn_l1 is network slimming",
      "Li et al. 2017 (l1); Liu et al. 2017 (bn_scale); Molchanov et al. 2019 (taylor)",
      {choice_param("importance", "l1", enum_choices<FilterImportance>(),
                    "l1 / l2: norm of the filter's weights; bn_scale: |gamma| of its batch norm; "
                    "taylor: (sum of w dL/dw over the filter)^2 summed over minibatches of the "
                    "training rows; random: seeded"),
       scope_param("layer"),
       integer_param("rounds", 1, Range::closed(1, 1000),
                     "prune-retrain rounds on the geometric schedule (1: one-shot)"),
       integer_param("retrain_epochs", 1, Range::closed(0, 1000000),
                     "retraining epochs between rounds"),
       integer_param("taylor_rows", 2048, Range::closed(0, 1099511627776.0),
                     "taylor: the first training rows scored (0: all)"),
       flag_param("compact", true,
                  "delete the removed filters physically (false: only mask them)")},
      {prune_filters, {}}, cnn_family());
  return m;
}

}  // namespace prunekit
