// compact(): a convolutional network rebuilt without its removed filters (filters.hpp).
#include <numeric>

#include "prunekit/nn/layer_types.hpp"
#include "prunekit/prune/nn/filters.hpp"

namespace prunekit {

using Eigen::Index;

namespace {

std::vector<Index> all_of(Index n) {
  std::vector<Index> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), Index{0});
  return v;
}

/// to = from's rows `rows` and, of each kept input channel c, columns [c * span, (c + 1) * span).
void copy_weights(const DenseLayer& from, const std::vector<Index>& rows,
                  const std::vector<Index>& channels, Index span, DenseLayer& to) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto r = static_cast<Index>(i);
    for (std::size_t j = 0; j < channels.size(); ++j) {
      const auto c = static_cast<Index>(j);
      to.weight.row(r).segment(c * span, span) =
          from.weight.row(rows[i]).segment(channels[j] * span, span);
      to.weight_mask.row(r).segment(c * span, span) =
          from.weight_mask.row(rows[i]).segment(channels[j] * span, span);
    }
    to.bias[r] = from.bias[rows[i]];
    to.bias_mask[r] = from.bias_mask[rows[i]];
  }
  to.apply_mask();
}

std::unique_ptr<Layer> compact_norm(const BatchNormLayer& from, const std::vector<Index>& channels,
                                    TensorShape shape) {
  auto to = std::make_unique<BatchNormLayer>(shape);
  to->momentum = from.momentum;
  to->epsilon = from.epsilon;
  for (std::size_t j = 0; j < channels.size(); ++j) {
    const auto c = static_cast<Index>(j);
    to->scale[c] = from.scale[channels[j]];
    to->shift[c] = from.shift[channels[j]];
    to->scale_mask[c] = from.scale_mask[channels[j]];
    to->shift_mask[c] = from.shift_mask[channels[j]];
    to->running_mean[c] = from.running_mean[channels[j]];
    to->running_var[c] = from.running_var[channels[j]];
  }
  to->apply_masks();
  return to;
}

}  // namespace

ConvNetwork compact(const ConvNetwork& network) {
  std::vector<const FilterGroup*> group_of(network.n_layers(), nullptr);
  const auto groups = filter_groups(network);
  for (const auto& g : groups) group_of[g.conv] = &g;
  std::vector<std::unique_ptr<Layer>> layers;
  TensorShape shape = network.input_shape();
  std::vector<Index> channels = all_of(shape.channels);  // the original indices still present
  for (std::size_t l = 0; l < network.n_layers(); ++l) {
    const Layer& layer = network.layer(l);
    nlohmann::json spec = layer.spec();
    if (const auto* conv = dynamic_cast<const Conv2dLayer*>(&layer)) {
      std::vector<Index> kept;
      for (Index f = 0; f < conv->params.out(); ++f)
        if (group_of[l] == nullptr || !filter_removed(network, *group_of[l], f)) kept.push_back(f);
      spec["channels"] = kept.size();
      auto to = layer_from_spec(spec, shape);
      const Index taps = conv->geometry().kernel * conv->geometry().kernel;
      copy_weights(conv->params, kept, channels, taps, dynamic_cast<Conv2dLayer&>(*to).params);
      channels = kept;
      layers.push_back(std::move(to));
    } else if (const auto* dense = dynamic_cast<const DenseLinearLayer*>(&layer)) {
      auto to = layer_from_spec(spec, shape);
      copy_weights(dense->params, all_of(dense->params.out()), channels, 1,
                   dynamic_cast<DenseLinearLayer&>(*to).params);
      channels = all_of(dense->params.out());
      layers.push_back(std::move(to));
    } else if (const auto* norm = dynamic_cast<const BatchNormLayer*>(&layer)) {
      layers.push_back(compact_norm(*norm, channels, shape));
    } else {
      if (dynamic_cast<const FlattenLayer*>(&layer) != nullptr) {
        const Index plane = shape.plane();
        std::vector<Index> features;
        for (Index c : channels)
          for (Index p = 0; p < plane; ++p) features.push_back(c * plane + p);
        channels = std::move(features);
      }
      layers.push_back(layer_from_spec(spec, shape));
    }
    shape = layers.back()->output_shape();
  }
  return ConvNetwork(network.input_shape(), std::move(layers));
}

}  // namespace prunekit
