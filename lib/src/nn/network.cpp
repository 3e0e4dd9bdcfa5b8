#include "prunekit/nn/network.hpp"

#include <cmath>

#include "nn/elementwise.hpp"
#include "nn/gemm.hpp"
#include "prunekit/core/error.hpp"

namespace prunekit {

using Eigen::Index;

DenseLayer::DenseLayer(Index in, Index out, Activation act)
    : activation(act),
      weight(RowMatrixXf::Zero(out, in)),
      bias(Eigen::VectorXf::Zero(out)),
      weight_mask(RowMatrixXf::Ones(out, in)),
      bias_mask(Eigen::VectorXf::Ones(out)),
      weight_grad(RowMatrixXf::Zero(out, in)),
      bias_grad(Eigen::VectorXf::Zero(out)) {}

std::size_t DenseLayer::kept_weights() const {
  return static_cast<std::size_t>((weight_mask.array() != 0.0f).count());
}

void DenseLayer::apply_mask() {
  masked_ = (weight_mask.array() == 0.0f).any() || (bias_mask.array() == 0.0f).any();
  if (!masked_) return;
  // select() rather than a product: masked entries become +0.0 exactly.
  weight = (weight_mask.array() != 0.0f).select(weight, 0.0f);
  bias = (bias_mask.array() != 0.0f).select(bias, 0.0f);
  weight_grad = (weight_mask.array() != 0.0f).select(weight_grad, 0.0f);
  bias_grad = (bias_mask.array() != 0.0f).select(bias_grad, 0.0f);
}

Network::Network(const NetworkShape& shape, Init init, Rng& rng) {
  if (shape.inputs == 0 || shape.outputs == 0)
    throw InvalidArgument("a network needs at least one input and one output");
  std::vector<std::size_t> widths{shape.inputs};
  widths.insert(widths.end(), shape.hidden.begin(), shape.hidden.end());
  widths.push_back(shape.outputs);
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
    const auto in = static_cast<Index>(widths[l]);
    const auto out = static_cast<Index>(widths[l + 1]);
    if (out == 0) throw InvalidArgument("hidden layer " + std::to_string(l) + " has no neurons");
    const bool last = l + 2 == widths.size();
    DenseLayer layer(in, out, last ? Activation::identity : shape.activation);
    if (init == Init::he) {
      const double sd = std::sqrt(2.0 / static_cast<double>(in));
      for (Index i = 0; i < out; ++i)
        for (Index j = 0; j < in; ++j) layer.weight(i, j) = static_cast<float>(rng.normal(0.0, sd));
    } else if (init == Init::fan_in_uniform) {
      const double limit = 1.0 / std::sqrt(static_cast<double>(in));
      for (Index i = 0; i < out; ++i)
        for (Index j = 0; j < in; ++j)
          layer.weight(i, j) = static_cast<float>(rng.uniform(-limit, limit));
      for (Index i = 0; i < out; ++i)
        layer.bias[i] = static_cast<float>(rng.uniform(-limit, limit));
    } else {
      const double limit = std::sqrt(6.0 / static_cast<double>(in + out));
      for (Index i = 0; i < out; ++i)
        for (Index j = 0; j < in; ++j)
          layer.weight(i, j) = static_cast<float>(rng.uniform(-limit, limit));
    }
    layers_.push_back(std::move(layer));
  }
}

Network::Network(std::vector<DenseLayer> layers) : layers_(std::move(layers)) {
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const auto& L = layers_[l];
    if (L.bias.size() != L.out() || L.weight_mask.rows() != L.out() ||
        L.weight_mask.cols() != L.in() || L.bias_mask.size() != L.out())
      throw InvalidArgument("layer " + std::to_string(l) + ": parameter shapes disagree");
    if (l > 0 && layers_[l - 1].out() != L.in())
      throw InvalidArgument("layer " + std::to_string(l) + " expects " + std::to_string(L.in()) +
                            " inputs, the previous layer has " +
                            std::to_string(layers_[l - 1].out()) + " outputs");
  }
  for (auto& L : layers_) {
    L.weight_grad = RowMatrixXf::Zero(L.out(), L.in());
    L.bias_grad = Eigen::VectorXf::Zero(L.out());
    L.apply_mask();
  }
}

std::vector<ParamView> Network::parameters() {
  std::vector<ParamView> views;
  views.reserve(2 * layers_.size());
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    auto& L = layers_[l];
    const auto nw = static_cast<std::size_t>(L.weight.size());
    const auto nb = static_cast<std::size_t>(L.bias.size());
    views.push_back({"layer" + std::to_string(l) + ".weight",
                     l,
                     true,
                     L.out(),
                     L.in(),
                     {L.weight.data(), nw},
                     {L.weight_grad.data(), nw},
                     {L.weight_mask.data(), nw},
                     L.has_mask()});
    views.push_back({"layer" + std::to_string(l) + ".bias",
                     l,
                     false,
                     L.out(),
                     1,
                     {L.bias.data(), nb},
                     {L.bias_grad.data(), nb},
                     {L.bias_mask.data(), nb},
                     L.has_mask()});
  }
  return views;
}

void Network::copy_values_from(const Network& other) {
  if (other.layers_.size() != layers_.size())
    throw InvalidArgument("copy_values_from: the architectures differ");
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    layers_[l].weight = other.layers_[l].weight;
    layers_[l].bias = other.layers_[l].bias;
  }
  apply_masks();
}

void Network::apply_masks() {
  for (auto& L : layers_) L.apply_mask();
}

void Network::remove_neuron(std::size_t l, Index j) {
  if (l + 1 >= layers_.size())
    throw InvalidArgument("remove_neuron: layer " + std::to_string(l) + " is not a hidden layer");
  auto& L = layers_[l];
  if (j < 0 || j >= L.out())
    throw InvalidArgument("remove_neuron: layer " + std::to_string(l) + " has no neuron " +
                          std::to_string(j));
  L.weight_mask.row(j).setZero();
  L.bias_mask[j] = 0.0f;
  layers_[l + 1].weight_mask.col(j).setZero();
  L.apply_mask();
  layers_[l + 1].apply_mask();
}

bool Network::neuron_removed(std::size_t l, Index j) const {
  if (l + 1 >= layers_.size()) return false;
  return (layers_[l + 1].weight_mask.col(j).array() == 0.0f).all();
}

void Network::reserve(Workspace& ws, Index batch) const {
  const std::size_t n = layers_.size();
  if (ws.capacity >= batch && ws.act.size() == n) {
    bool fits = true;
    for (std::size_t l = 0; l < n; ++l) fits = fits && ws.act[l].cols() == layers_[l].out();
    if (fits) return;
  }
  ws.act.resize(n);
  ws.dropped.resize(n);
  ws.dropout.resize(n);
  ws.delta.resize(n);
  for (std::size_t l = 0; l < n; ++l) {
    ws.act[l].resize(batch, layers_[l].out());
    ws.delta[l].resize(batch, layers_[l].out());
    ws.dropped[l].resize(0, 0);
    ws.dropout[l].resize(0, 0);
  }
  ws.row_max.resize(batch);
  ws.row_sum.resize(batch);
  ws.capacity = batch;
}

void activate_inplace(Activation a, float* z, Index n) noexcept {
  Eigen::Map<Eigen::ArrayXf> m(z, n);
  switch (a) {
    case Activation::relu:
      m = m.cwiseMax(0.0f);
      break;
    case Activation::tanh:
      m = m.tanh();
      break;
    case Activation::sigmoid:
      m = m.logistic();
      break;
    case Activation::identity:
      break;
  }
}

void Network::forward(const Eigen::Ref<const Eigen::MatrixXf>& x, Workspace& ws, float dropout_p,
                      Rng* rng) const {
  if (layers_.empty()) throw InvalidArgument("forward: the network has no layers");
  if (x.cols() != inputs())
    throw InvalidArgument("forward: input has " + std::to_string(x.cols()) +
                          " features, the network expects " + std::to_string(inputs()));
  const Index batch = x.rows();
  reserve(ws, batch);
  const bool dropout = dropout_p > 0.0f && rng != nullptr;
  ws.dropout_active = dropout;
  const float keep_scale = dropout ? 1.0f / (1.0f - dropout_p) : 1.0f;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const auto& L = layers_[l];
    auto out = ws.act[l].topRows(batch);
    const gemm::ConstMatrix input =
        l == 0 ? gemm::view(x)
               : gemm::view((dropout ? ws.dropped[l - 1] : ws.act[l - 1]).topRows(batch));
    gemm::multiply(gemm::Op::none, input, gemm::Op::none, gemm::transposed_view(L.weight),
                   ws.act[l].data(), ws.act[l].rows());
    for (Index j = 0; j < out.cols(); ++j)
      elementwise::bias_activate(L.activation, L.bias[j], &out(0, j), batch);
    if (dropout && l + 1 < layers_.size()) {
      auto& mask = ws.dropout[l];
      auto& dropped = ws.dropped[l];
      if (mask.rows() < batch || mask.cols() != L.out()) {
        mask.resize(ws.capacity, L.out());
        dropped.resize(ws.capacity, L.out());
      }
      for (Index j = 0; j < L.out(); ++j)
        for (Index i = 0; i < batch; ++i)
          mask(i, j) = rng->uniform() < static_cast<double>(dropout_p) ? 0.0f : keep_scale;
      dropped.topRows(batch) = out.array() * mask.topRows(batch).array();
    }
  }
}

double output_loss(const Eigen::Ref<const Eigen::MatrixXf>& z, const BatchRef& batch, Loss loss,
                   Eigen::Ref<Eigen::MatrixXf> d, Eigen::VectorXf& row_max,
                   Eigen::VectorXf& row_sum) {
  const Index b = z.rows();
  if (b == 0) return 0.0;
  const float inv_b = 1.0f / static_cast<float>(b);
  double total = 0.0;
  if (loss == Loss::cross_entropy) {
    if (static_cast<Index>(batch.labels.size()) != b)
      throw InvalidArgument("cross-entropy needs one label per row");
    if (row_max.size() < b) row_max.resize(b);
    if (row_sum.size() < b) row_sum.resize(b);
    auto m = row_max.head(b);
    auto s = row_sum.head(b);
    m = z.rowwise().maxCoeff();
    d = (z.colwise() - m).array().exp().matrix();
    s = d.rowwise().sum();
    for (Index i = 0; i < b; ++i) {
      const auto y = static_cast<Index>(batch.labels[static_cast<std::size_t>(i)]);
      if (y < 0 || y >= z.cols()) throw InvalidArgument("label out of range");
      total += std::log(static_cast<double>(s[i])) + static_cast<double>(m[i]) -
               static_cast<double>(z(i, y));
    }
    s = s.cwiseInverse() * inv_b;
    d = d.array().colwise() * s.array();
    for (Index i = 0; i < b; ++i)
      d(i, static_cast<Index>(batch.labels[static_cast<std::size_t>(i)])) -= inv_b;
  } else {
    if (batch.targets == nullptr || batch.targets->rows() != b || batch.targets->cols() != z.cols())
      throw InvalidArgument("squared error needs a B x outputs target matrix");
    d = z - *batch.targets;
    total = 0.5 * static_cast<double>(d.squaredNorm());
    d *= inv_b;
  }
  return total / static_cast<double>(b);
}

double Network::loss_and_output_delta(const BatchRef& batch, Loss loss, Workspace& ws) const {
  const Index b = batch.x.rows();
  return output_loss(ws.act.back().topRows(b), batch, loss, ws.delta.back().topRows(b), ws.row_max,
                     ws.row_sum);
}

void Network::backward(const Eigen::Ref<const Eigen::MatrixXf>& x, float dropout_p, Workspace& ws) {
  const Index batch = x.rows();
  const bool dropout = dropout_p > 0.0f && ws.dropout_active;
  for (std::size_t l = layers_.size(); l-- > 0;) {
    auto& L = layers_[l];
    const auto delta = ws.delta[l].topRows(batch);
    const gemm::ConstMatrix input =
        l == 0 ? gemm::view(x)
               : gemm::view((dropout ? ws.dropped[l - 1] : ws.act[l - 1]).topRows(batch));
    // The row-major out x in gradient is the column-major in x out matrix input^T delta.
    gemm::multiply(gemm::Op::transpose, input, gemm::Op::none, gemm::view(delta),
                   L.weight_grad.data(), L.in());
    L.bias_grad = delta.colwise().sum().transpose();
    if (L.has_mask()) {
      L.weight_grad = (L.weight_mask.array() != 0.0f).select(L.weight_grad, 0.0f);
      L.bias_grad = (L.bias_mask.array() != 0.0f).select(L.bias_grad, 0.0f);
    }
    if (l > 0) {
      auto prev = ws.delta[l - 1].topRows(batch);
      gemm::multiply(gemm::Op::none, gemm::view(delta), gemm::Op::transpose,
                     gemm::transposed_view(L.weight), ws.delta[l - 1].data(),
                     ws.delta[l - 1].rows());
      if (dropout) prev.array() *= ws.dropout[l - 1].topRows(batch).array();
      const auto& a = ws.act[l - 1];
      for (Index j = 0; j < prev.cols(); ++j)
        elementwise::times_derivative(layers_[l - 1].activation, &prev(0, j), &a(0, j), batch);
    }
  }
}

double Network::compute_gradients(const BatchRef& batch, Loss loss, Workspace& ws) {
  forward(batch.x, ws);
  const double value = loss_and_output_delta(batch, loss, ws);
  backward(batch.x, 0.0f, ws);
  return value;
}

Eigen::MatrixXf Network::predict(const Eigen::Ref<const Eigen::MatrixXf>& x) const {
  Workspace ws;
  forward(x, ws);
  return ws.act.back().topRows(x.rows());
}

}  // namespace prunekit
