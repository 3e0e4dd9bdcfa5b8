#include "prunekit/prune/nn/filters.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/layer_types.hpp"

namespace prunekit {

using Eigen::Index;

std::vector<FilterGroup> filter_groups(const ConvNetwork& network) {
  std::vector<FilterGroup> groups;
  for (std::size_t l = 0; l < network.n_layers(); ++l) {
    if (dynamic_cast<const Conv2dLayer*>(&network.layer(l)) == nullptr) continue;
    FilterGroup g;
    g.conv = l;
    Index plane = 1;
    bool flattened = false;
    for (std::size_t j = l + 1; j < network.n_layers(); ++j) {
      const Layer& next = network.layer(j);
      if (const auto* conv = dynamic_cast<const Conv2dLayer*>(&next)) {
        g.consumer = j;
        g.consumer_span = conv->geometry().kernel * conv->geometry().kernel;
        groups.push_back(g);
        break;
      }
      if (dynamic_cast<const DenseLinearLayer*>(&next) != nullptr) {
        if (!flattened) break;
        g.consumer = j;
        g.consumer_span = plane;
        groups.push_back(g);
        break;
      }
      if (dynamic_cast<const BatchNormLayer*>(&next) != nullptr && !g.norm && !flattened)
        g.norm = j;
      if (dynamic_cast<const FlattenLayer*>(&next) != nullptr) {
        plane = next.input_shape().plane();
        flattened = true;
      }
    }
  }
  return groups;
}

namespace {

Conv2dLayer& conv_of(ConvNetwork& net, const FilterGroup& g) {
  return dynamic_cast<Conv2dLayer&>(net.layer(g.conv));
}
const Conv2dLayer& conv_of(const ConvNetwork& net, const FilterGroup& g) {
  return dynamic_cast<const Conv2dLayer&>(net.layer(g.conv));
}
DenseLayer& consumer_params(ConvNetwork& net, const FilterGroup& g) {
  return dynamic_cast<WeightedLayer&>(net.layer(g.consumer)).params;
}

/// (sum over each filter's weights and bias of w dL/dw)^2, summed over minibatches.
Eigen::VectorXd taylor_scores(ConvNetwork& net, const FilterGroup& g, const TrainData& data) {
  ConvWorkspace ws;
  const auto& conv = conv_of(net, g);
  Eigen::VectorXd total = Eigen::VectorXd::Zero(conv.params.out());
  constexpr Index kBatch = 64;
  for (Index start = 0; start < data.x.rows(); start += kBatch) {
    const Index b = std::min(kBatch, data.x.rows() - start);
    const BatchRef batch{
        data.x.middleRows(start, b),
        data.labels.subspan(static_cast<std::size_t>(start), static_cast<std::size_t>(b)), nullptr};
    (void)net.compute_gradients(batch, Loss::cross_entropy, ws);
    const auto& p = conv_of(net, g).params;
    for (Index f = 0; f < p.out(); ++f) {
      const double s = static_cast<double>(p.weight.row(f).dot(p.weight_grad.row(f))) +
                       static_cast<double>(p.bias[f] * p.bias_grad[f]);
      total[f] += s * s;
    }
  }
  return total;
}

}  // namespace

std::vector<Eigen::VectorXd> filter_scores(ConvNetwork& network,
                                           const std::vector<FilterGroup>& groups,
                                           FilterImportance importance, const TrainData* data,
                                           Rng& rng) {
  std::vector<Eigen::VectorXd> scores;
  for (const auto& g : groups) {
    const auto& w = conv_of(network, g).params.weight;
    Eigen::VectorXd s(w.rows());
    switch (importance) {
      case FilterImportance::l1:
        s = w.cwiseAbs().rowwise().sum().cast<double>();
        break;
      case FilterImportance::l2:
        s = w.rowwise().norm().cast<double>();
        break;
      case FilterImportance::bn_scale:
        if (!g.norm)
          throw InvalidArgument("bn_scale importance: conv layer " + std::to_string(g.conv) +
                                " has no batch norm");
        s = dynamic_cast<const BatchNormLayer&>(network.layer(*g.norm))
                .scale.cwiseAbs()
                .cast<double>();
        break;
      case FilterImportance::taylor:
        if (data == nullptr) throw InvalidArgument("taylor importance needs training data");
        s = taylor_scores(network, g, *data);
        break;
      case FilterImportance::random:
        for (Index f = 0; f < s.size(); ++f) s[f] = rng.uniform();
        break;
    }
    for (Index f = 0; f < s.size(); ++f)
      if (filter_removed(network, g, f)) s[f] = -1.0;
    scores.push_back(std::move(s));
  }
  return scores;
}

void remove_filter(ConvNetwork& network, const FilterGroup& g, Index f) {
  auto& conv = conv_of(network, g).params;
  if (f < 0 || f >= conv.out())
    throw InvalidArgument("remove_filter: layer " + std::to_string(g.conv) + " has no filter " +
                          std::to_string(f));
  conv.weight_mask.row(f).setZero();
  conv.bias_mask[f] = 0.0f;
  if (g.norm) {
    auto& norm = dynamic_cast<BatchNormLayer&>(network.layer(*g.norm));
    norm.scale_mask[f] = 0.0f;
    norm.shift_mask[f] = 0.0f;
  }
  consumer_params(network, g)
      .weight_mask.middleCols(f * g.consumer_span, g.consumer_span)
      .setZero();
  network.apply_masks();
}

bool filter_removed(const ConvNetwork& network, const FilterGroup& g, Index f) {
  const auto& p = conv_of(network, g).params;
  return p.bias_mask[f] == 0.0f && (p.weight_mask.row(f).array() == 0.0f).all();
}

void remove_lowest_filters(ConvNetwork& network, const std::vector<FilterGroup>& groups,
                           const std::vector<Eigen::VectorXd>& scores, double fraction,
                           bool global) {
  if (!(fraction >= 0.0 && fraction < 1.0))
    throw InvalidArgument("filter pruning: the fraction must be in [0, 1)");
  struct Unit {
    double score;
    std::size_t group;
    Index filter;
  };
  std::vector<std::vector<Unit>> pools(global ? 1 : groups.size());
  std::size_t total = 0;
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    const double top = std::max(scores[gi].maxCoeff(), 1e-300);
    for (Index f = 0; f < scores[gi].size(); ++f)
      pools[global ? 0 : gi].push_back({global ? scores[gi][f] / top : scores[gi][f], gi, f});
    total += static_cast<std::size_t>(scores[gi].size());
  }
  std::vector<Index> kept(groups.size());
  for (std::size_t gi = 0; gi < groups.size(); ++gi) kept[gi] = scores[gi].size();
  for (auto& pool : pools) {
    std::stable_sort(pool.begin(), pool.end(),
                     [](const Unit& a, const Unit& b) { return a.score < b.score; });
    const auto target = static_cast<std::size_t>(
        std::llround(fraction * static_cast<double>(global ? total : pool.size())));
    std::size_t removed = 0;
    for (const Unit& u : pool) {
      if (removed >= target) break;
      if (kept[u.group] <= 1) continue;  // a layer keeps at least one filter
      if (!filter_removed(network, groups[u.group], u.filter))
        remove_filter(network, groups[u.group], u.filter);
      --kept[u.group];
      ++removed;
    }
  }
}

}  // namespace prunekit
