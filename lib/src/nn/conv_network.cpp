#include "prunekit/nn/conv_network.hpp"

#include <algorithm>
#include <chrono>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/layer_types.hpp"

namespace prunekit {

using Eigen::Index;

ConvNetwork::ConvNetwork(TensorShape input, const nlohmann::json& specs, Init init, Rng& rng)
    : input_(input) {
  if (input.size() < 1) throw InvalidArgument("network: the input shape is empty");
  if (!specs.is_array() || specs.empty())
    throw InvalidArgument("network: the architecture must be a non-empty list of layers");
  TensorShape shape = input;
  for (std::size_t l = 0; l < specs.size(); ++l) {
    try {
      layers_.push_back(layer_from_spec(specs[l], shape));
    } catch (const InvalidArgument& e) {
      throw InvalidArgument("layer " + std::to_string(l) + ": " + e.what());
    }
    shape = layers_.back()->output_shape();
    if (auto* weighted = dynamic_cast<WeightedLayer*>(layers_.back().get())) {
      // Glorot's fan-out of a convolution counts every kernel tap of every filter.
      const Index taps = weighted->params.in() / layers_.back()->input_shape().channels;
      initialise(weighted->params, init, weighted->params.in(), weighted->params.out() * taps, rng);
    }
  }
  check_chain();
}

ConvNetwork::ConvNetwork(TensorShape input, std::vector<std::unique_ptr<Layer>> layers)
    : input_(input), layers_(std::move(layers)) {
  check_chain();
  apply_masks();
}

void ConvNetwork::check_chain() const {
  TensorShape shape = input_;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    if (!(layers_[l]->input_shape() == shape))
      throw InvalidArgument("layer " + std::to_string(l) + " expects " +
                            layers_[l]->input_shape().to_string() + ", the previous layer gives " +
                            shape.to_string());
    shape = layers_[l]->output_shape();
  }
  if (layers_.empty() || shape.plane() != 1)
    throw InvalidArgument(
        "network: the last layer must give flat outputs (end with a dense layer)");
}

ConvNetwork::ConvNetwork(const ConvNetwork& other) : input_(other.input_) {
  layers_.reserve(other.layers_.size());
  for (const auto& l : other.layers_) layers_.push_back(l->clone());
}

ConvNetwork& ConvNetwork::operator=(const ConvNetwork& other) {
  if (this != &other) *this = ConvNetwork(other);
  return *this;
}

Index ConvNetwork::outputs() const {
  return layers_.empty() ? 0 : layers_.back()->output_shape().channels;
}

nlohmann::json ConvNetwork::specs() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& l : layers_) out.push_back(l->spec());
  return out;
}

std::vector<ParamView> ConvNetwork::parameters() {
  std::vector<ParamView> views;
  for (std::size_t l = 0; l < layers_.size(); ++l)
    for (auto& v : layers_[l]->parameters(l)) views.push_back(std::move(v));
  return views;
}

void ConvNetwork::apply_masks() {
  for (auto& l : layers_) l->apply_masks();
}

std::int64_t ConvNetwork::multiply_adds() const {
  std::int64_t total = 0;
  for (const auto& l : layers_) total += l->multiply_adds();
  return total;
}

void ConvNetwork::copy_values_from(const ConvNetwork& other) {
  if (other.layers_.size() != layers_.size())
    throw InvalidArgument("copy_values_from: the architectures differ");
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const auto source = other.layers_[l]->clone();
    const auto from = source->parameters(l);
    const auto to = layers_[l]->parameters(l);
    if (from.size() != to.size()) throw InvalidArgument("copy_values_from: the layers differ");
    for (std::size_t p = 0; p < to.size(); ++p) {
      if (from[p].value.size() != to[p].value.size())
        throw InvalidArgument("copy_values_from: " + to[p].name + " has another shape");
      std::copy(from[p].value.begin(), from[p].value.end(), to[p].value.begin());
    }
    if (auto* norm = dynamic_cast<BatchNormLayer*>(layers_[l].get())) {
      const auto& stats = dynamic_cast<const BatchNormLayer&>(*source);
      norm->running_mean = stats.running_mean;
      norm->running_var = stats.running_var;
    }
    layers_[l]->apply_masks();
  }
}

void ConvNetwork::reserve(ConvWorkspace& ws, Index batch) const {
  const std::size_t n = layers_.size();
  if (ws.capacity >= batch && ws.act.size() == n) {
    bool fits = ws.input.cols() == input_.channels;
    for (std::size_t l = 0; l < n && fits; ++l)
      fits = ws.act[l].cols() == layers_[l]->output_shape().channels &&
             ws.act[l].rows() == ws.capacity * layers_[l]->output_shape().plane();
    if (fits) return;
  }
  ws.capacity = std::max(batch, ws.capacity);
  ws.input.resize(ws.capacity * input_.plane(), input_.channels);
  ws.act.resize(n);
  ws.grad.resize(n);
  ws.scratch.resize(n);
  for (std::size_t l = 0; l < n; ++l) {
    const TensorShape& s = layers_[l]->output_shape();
    ws.act[l].resize(ws.capacity * s.plane(), s.channels);
    ws.grad[l].resize(ws.capacity * s.plane(), s.channels);
  }
}

namespace {

/// x (B x C*H*W, feature order channel, row, column) into the layers' layout (layers.hpp).
void to_layer_layout(const Eigen::Ref<const Eigen::MatrixXf>& x, const TensorShape& shape,
                     Eigen::MatrixXf& out) {
  const Index batch = x.rows(), plane = shape.plane();
  for (Index c = 0; c < shape.channels; ++c) {
    float* dst = out.data() + c * out.rows();
    for (Index p = 0; p < plane; ++p) {
      const float* src = x.data() + (c * plane + p) * x.outerStride();
      for (Index b = 0; b < batch; ++b) dst[b * plane + p] = src[b];
    }
  }
}

}  // namespace

void ConvNetwork::forward(const Eigen::Ref<const Eigen::MatrixXf>& x, ConvWorkspace& ws, Mode mode,
                          Rng* rng) const {
  if (layers_.empty()) throw InvalidArgument("forward: the network has no layers");
  if (x.cols() != inputs())
    throw InvalidArgument("forward: input has " + std::to_string(x.cols()) +
                          " features, the network expects " + std::to_string(inputs()) + " (" +
                          input_.to_string() + ")");
  const Index batch = x.rows();
  reserve(ws, batch);
  ws.mode = mode;
  to_layer_layout(x, input_, ws.input);
  for (std::size_t l = 0; l < layers_.size(); ++l)
    layers_[l]->forward(l == 0 ? ws.input : ws.act[l - 1], ws.act[l], batch, mode, ws.scratch[l],
                        rng);
}

void ConvNetwork::forward_training(const Eigen::Ref<const Eigen::MatrixXf>& x, ConvWorkspace& ws,
                                   float, Rng& rng) const {
  forward(x, ws, Mode::training, &rng);
}

double ConvNetwork::loss_and_output_delta(const BatchRef& batch, Loss loss,
                                          ConvWorkspace& ws) const {
  const Index b = batch.x.rows();
  return output_loss(ws.act.back().topRows(b), batch, loss, ws.grad.back().topRows(b), ws.row_max,
                     ws.row_sum);
}

void ConvNetwork::backward(const Eigen::Ref<const Eigen::MatrixXf>& x, float, ConvWorkspace& ws) {
  backward_visiting(ws, x.rows(), {});
}

void ConvNetwork::backward_visiting(ConvWorkspace& ws, Index batch,
                                    const std::function<void(std::size_t)>& visit) {
  if (ws.mode != Mode::training)
    throw InvalidArgument("backward: the last forward pass was not a training pass");
  for (std::size_t l = layers_.size(); l-- > 0;) {
    if (visit) visit(l);
    layers_[l]->backward(l == 0 ? ws.input : ws.act[l - 1], ws.act[l], ws.grad[l],
                         l == 0 ? nullptr : &ws.grad[l - 1], batch, ws.scratch[l]);
  }
}

double ConvNetwork::compute_gradients(const BatchRef& batch, Loss loss, ConvWorkspace& ws) {
  forward(batch.x, ws, Mode::training, nullptr);
  const double value = loss_and_output_delta(batch, loss, ws);
  backward(batch.x, 0.0f, ws);
  return value;
}

Eigen::MatrixXf ConvNetwork::predict(const Eigen::Ref<const Eigen::MatrixXf>& x) const {
  ConvWorkspace ws;
  forward(x, ws);
  return ws.act.back().topRows(x.rows());
}

std::vector<double> ConvNetwork::layer_latency_us(Index batch, int repeats) const {
  ConvWorkspace ws;
  const Eigen::MatrixXf x = Eigen::MatrixXf::Constant(batch, inputs(), 0.5f);
  forward(x, ws);  // sizes the buffers and warms the caches
  std::vector<std::vector<double>> times(layers_.size());
  for (int r = 0; r < std::max(repeats, 1); ++r) {
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      const auto start = std::chrono::steady_clock::now();
      layers_[l]->forward(l == 0 ? ws.input : ws.act[l - 1], ws.act[l], batch, Mode::inference,
                          ws.scratch[l], nullptr);
      times[l].push_back(
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
              .count());
    }
  }
  std::vector<double> medians;
  for (auto& t : times) {
    std::nth_element(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(t.size() / 2), t.end());
    medians.push_back(t[t.size() / 2]);
  }
  return medians;
}

}  // namespace prunekit
