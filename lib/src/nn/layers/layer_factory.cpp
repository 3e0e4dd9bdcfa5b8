// Layers from their architecture keys ({"type": "conv2d", "channels": 20, "kernel": 5}, ...).
#include "prunekit/core/error.hpp"
#include "prunekit/nn/layer_types.hpp"

namespace prunekit {

namespace {

using Json = nlohmann::json;

Eigen::Index integer(const Json& spec, const char* key, Eigen::Index fallback) {
  if (!spec.contains(key)) return fallback;
  return spec.at(key).get<Eigen::Index>();
}

}  // namespace

std::unique_ptr<Layer> layer_from_spec(const Json& spec, TensorShape in) {
  const std::string type = spec.at("type").get<std::string>();
  if (type == "conv2d") {
    Conv2dLayer::Geometry g;
    g.channels = integer(spec, "channels", 0);
    g.kernel = integer(spec, "kernel", 3);
    g.stride = integer(spec, "stride", 1);
    g.padding = integer(spec, "padding", 0);
    return std::make_unique<Conv2dLayer>(in, g);
  }
  if (type == "dense") return std::make_unique<DenseLinearLayer>(in, integer(spec, "units", 0));
  if (type == "maxpool2d" || type == "avgpool2d") {
    const Eigen::Index kernel = integer(spec, "kernel", 2);
    return std::make_unique<Pool2dLayer>(in,
                                         type == "maxpool2d" ? PoolKind::max : PoolKind::average,
                                         kernel, integer(spec, "stride", kernel));
  }
  if (type == "batchnorm") {
    auto layer = std::make_unique<BatchNormLayer>(in);
    layer->momentum = spec.value("momentum", 0.1f);
    layer->epsilon = spec.value("epsilon", 1e-5f);
    return layer;
  }
  if (type == "flatten") return std::make_unique<FlattenLayer>(in);
  if (type == "dropout") return std::make_unique<DropoutLayer>(in, spec.value("p", 0.5f));
  if (const auto activation = enum_from_name<Activation>(type);
      activation && *activation != Activation::identity)
    return std::make_unique<ActivationLayer>(in, *activation);
  throw InvalidArgument("unknown layer type '" + type +
                        "' (valid: conv2d, dense, maxpool2d, avgpool2d, batchnorm, flatten, "
                        "dropout, relu, tanh, sigmoid)");
}

}  // namespace prunekit
