// fold_batch_norms(): the inference form of a network, each batch norm that follows a conv or
// dense layer folded into that layer's weights and bias.
#include "prunekit/core/error.hpp"
#include "prunekit/nn/conv_network.hpp"
#include "prunekit/nn/layer_types.hpp"

namespace prunekit {

ConvNetwork fold_batch_norms(const ConvNetwork& network) {
  std::vector<std::unique_ptr<Layer>> layers;
  for (std::size_t l = 0; l < network.n_layers(); ++l) {
    const Layer& layer = network.layer(l);
    const auto* norm = dynamic_cast<const BatchNormLayer*>(&layer);
    auto* previous = layers.empty() ? nullptr : dynamic_cast<WeightedLayer*>(layers.back().get());
    if (norm == nullptr || previous == nullptr) {
      layers.push_back(layer.clone());
      continue;
    }
    // y = a (W x + b) + c per output channel: W' = a W (row-wise), b' = a b + c.
    Eigen::VectorXf a, c;
    norm->inference_affine(a, c);
    DenseLayer& p = previous->params;
    p.weight = a.asDiagonal() * p.weight;
    p.bias = a.cwiseProduct(p.bias) + c;
    // A removed filter keeps its masks; its bias now carries the norm's shift (zero when the
    // norm's channel is removed too, as filter pruning removes them).
    p.bias_mask = (p.bias.array() != 0.0f || p.bias_mask.array() != 0.0f).cast<float>().matrix();
    p.apply_mask();
  }
  return ConvNetwork(network.input_shape(), std::move(layers));
}

}  // namespace prunekit
