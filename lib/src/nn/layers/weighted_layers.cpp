// Dense and conv2d layers: a weight matrix (out x fan-in) and a bias, the product through
// gemm::multiply, the convolution's input through im2col.
#include <cmath>
#include <limits>

#include "nn/base64.hpp"
#include "nn/gemm.hpp"
#include "nn/layers/im2col.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/nn/layer_types.hpp"

namespace prunekit {

using Eigen::Index;

std::string TensorShape::to_string() const {
  return std::to_string(channels) + "x" + std::to_string(height) + "x" + std::to_string(width);
}

void initialise(DenseLayer& params, Init init, Index fan_in, Index fan_out, Rng& rng) {
  auto& w = params.weight;
  if (init == Init::he) {
    const double sd = std::sqrt(2.0 / static_cast<double>(fan_in));
    for (Index i = 0; i < w.size(); ++i) w.data()[i] = static_cast<float>(rng.normal(0.0, sd));
  } else {
    const double limit = init == Init::fan_in_uniform
                             ? 1.0 / std::sqrt(static_cast<double>(fan_in))
                             : std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
    for (Index i = 0; i < w.size(); ++i)
      w.data()[i] = static_cast<float>(rng.uniform(-limit, limit));
    if (init == Init::fan_in_uniform)
      for (Index i = 0; i < params.bias.size(); ++i)
        params.bias[i] = static_cast<float>(rng.uniform(-limit, limit));
  }
  params.apply_mask();
}

namespace {

/// fan_in, after checking that the layer's weights and outputs stay within what one process can
/// hold for training (a hostile model file or config must not exhaust memory).
Index checked_fan_in(Index fan_in, const TensorShape& out) {
  constexpr Index kMaxWeights = Index{1} << 26;  // 64 Mi weights: 768 MiB with masks and gradients
  constexpr Index kMaxOutputs = Index{1} << 24;  // values per sample of one layer's output
  if (fan_in < 1 || out.channels < 1 || fan_in > kMaxWeights / out.channels)
    throw InvalidArgument("a layer of " + std::to_string(out.channels) + " x " +
                          std::to_string(fan_in) + " weights is larger than prunekit handles (" +
                          std::to_string(kMaxWeights) + ")");
  if (out.size() > kMaxOutputs)
    throw InvalidArgument("a layer output of " + out.to_string() +
                          " values per sample is larger than prunekit handles");
  return fan_in;
}

}  // namespace

WeightedLayer::WeightedLayer(TensorShape in, TensorShape out, Index fan_in)
    : Layer(in, out), params(checked_fan_in(fan_in, out), out.channels, Activation::identity) {}

std::vector<ParamView> WeightedLayer::parameters(std::size_t index) {
  auto& p = params;
  const auto nw = static_cast<std::size_t>(p.weight.size());
  const auto nb = static_cast<std::size_t>(p.bias.size());
  const std::string prefix = "layer" + std::to_string(index);
  return {{prefix + ".weight",
           index,
           true,
           p.out(),
           p.in(),
           {p.weight.data(), nw},
           {p.weight_grad.data(), nw},
           {p.weight_mask.data(), nw},
           p.has_mask()},
          {prefix + ".bias",
           index,
           false,
           p.out(),
           1,
           {p.bias.data(), nb},
           {p.bias_grad.data(), nb},
           {p.bias_mask.data(), nb},
           p.has_mask()}};
}

nlohmann::json WeightedLayer::state() const {
  using nn_detail::encode_floats;
  using nn_detail::encode_mask;
  const auto nw = static_cast<std::size_t>(params.weight.size());
  const auto nb = static_cast<std::size_t>(params.bias.size());
  return {{"weight", encode_floats(params.weight.data(), nw)},
          {"bias", encode_floats(params.bias.data(), nb)},
          {"weight_mask", encode_mask(params.weight_mask.data(), nw)},
          {"bias_mask", encode_mask(params.bias_mask.data(), nb)}};
}

namespace {

/// n values decoded from member `key` of a saved layer state.
template <typename Decode>
std::vector<float> decoded(const nlohmann::json& state, const char* key, std::size_t n,
                           Decode decode, const std::string& where) {
  auto values = decode(state.at(key).get<std::string>(), n);
  if (!values)
    throw InvalidArgument(where + ": \"" + key + "\" does not hold " + std::to_string(n) +
                          " base64-encoded values");
  for (float v : *values)
    if (!std::isfinite(v))
      throw InvalidArgument(where + ": \"" + key + "\" has a non-finite value");
  return *values;
}

}  // namespace

void WeightedLayer::load_state(const nlohmann::json& state, const std::string& where) {
  using nn_detail::decode_floats;
  using nn_detail::decode_mask;
  const auto nw = static_cast<std::size_t>(params.weight.size());
  const auto nb = static_cast<std::size_t>(params.bias.size());
  const auto w = decoded(state, "weight", nw, decode_floats, where);
  const auto b = decoded(state, "bias", nb, decode_floats, where);
  const auto wm = decoded(state, "weight_mask", nw, decode_mask, where);
  const auto bm = decoded(state, "bias_mask", nb, decode_mask, where);
  for (std::size_t k = 0; k < nw; ++k)
    if (wm[k] == 0.0f && w[k] != 0.0f)
      throw InvalidArgument(where + ": a masked weight is not zero");
  std::copy(w.begin(), w.end(), params.weight.data());
  std::copy(b.begin(), b.end(), params.bias.data());
  std::copy(wm.begin(), wm.end(), params.weight_mask.data());
  std::copy(bm.begin(), bm.end(), params.bias_mask.data());
  params.apply_mask();
}

void WeightedLayer::finish_gradients(const Eigen::MatrixXf& out_grad, Index rows) {
  for (Index c = 0; c < params.out(); ++c) params.bias_grad[c] = out_grad.col(c).head(rows).sum();
  if (!params.has_mask()) return;
  params.weight_grad = (params.weight_mask.array() != 0.0f).select(params.weight_grad, 0.0f);
  params.bias_grad = (params.bias_mask.array() != 0.0f).select(params.bias_grad, 0.0f);
}

namespace {

/// out's first `rows` rows of each channel c += bias[c].
void add_bias(const Eigen::VectorXf& bias, Eigen::MatrixXf& out, Index rows) {
  for (Index c = 0; c < bias.size(); ++c) out.col(c).head(rows).array() += bias[c];
}

conv_detail::ConvGeometry conv_geometry(const TensorShape& in, const TensorShape& out,
                                        const Conv2dLayer::Geometry& g) {
  return {in, g.kernel, g.stride, g.padding, out.height, out.width};
}

TensorShape conv_output(TensorShape in, const Conv2dLayer::Geometry& g) {
  if (g.channels < 1 || g.kernel < 1 || g.stride < 1 || g.padding < 0)
    throw InvalidArgument("conv2d: channels, kernel and stride must be >= 1, padding >= 0");
  const Index h = in.height + 2 * g.padding - g.kernel;
  const Index w = in.width + 2 * g.padding - g.kernel;
  if (h < 0 || w < 0)
    throw InvalidArgument("conv2d: a " + std::to_string(g.kernel) + "x" + std::to_string(g.kernel) +
                          " kernel does not fit a " + in.to_string() + " input with padding " +
                          std::to_string(g.padding));
  return {g.channels, h / g.stride + 1, w / g.stride + 1};
}

}  // namespace

Conv2dLayer::Conv2dLayer(TensorShape in, Geometry geometry)
    : WeightedLayer(in, conv_output(in, geometry), in.channels * geometry.kernel * geometry.kernel),
      geometry_(geometry) {}

void Conv2dLayer::forward(const Eigen::MatrixXf& in, Eigen::MatrixXf& out, Index batch, Mode,
                          LayerScratch& scratch, Rng*) const {
  const Index n = batch * out_.plane();
  const Index k = params.in();
  auto& col = scratch.buffer;
  if (col.rows() < n || col.cols() != k) col.resize(n, k);
  conv_detail::im2col(in.data(), in.rows(), conv_geometry(in_, out_, geometry_), batch, col.data(),
                      col.rows());
  gemm::multiply(gemm::Op::none, {col.data(), n, k, col.rows()}, gemm::Op::none,
                 gemm::transposed_view(params.weight), out.data(), out.rows());
  add_bias(params.bias, out, n);
}

void Conv2dLayer::backward(const Eigen::MatrixXf&, const Eigen::MatrixXf&,
                           Eigen::MatrixXf& out_grad, Eigen::MatrixXf* din, Index batch,
                           LayerScratch& scratch) {
  const Index n = batch * out_.plane();
  const Index k = params.in();
  auto& col = scratch.buffer;
  const gemm::ConstMatrix dy{out_grad.data(), n, params.out(), out_grad.rows()};
  // The row-major out x fan-in gradient is the column-major fan-in x out matrix col^T dy.
  gemm::multiply(gemm::Op::transpose, {col.data(), n, k, col.rows()}, gemm::Op::none, dy,
                 params.weight_grad.data(), k);
  finish_gradients(out_grad, n);
  if (din == nullptr) return;
  gemm::multiply(gemm::Op::none, dy, gemm::Op::transpose, gemm::transposed_view(params.weight),
                 col.data(), col.rows());
  din->topRows(batch * in_.plane()).setZero();
  conv_detail::col2im_add(col.data(), col.rows(), conv_geometry(in_, out_, geometry_), batch,
                          din->data(), din->rows());
}

void Conv2dLayer::add_squared_sample_gradients(const Eigen::MatrixXf&,
                                               const Eigen::MatrixXf& out_grad, Index batch,
                                               const LayerScratch& scratch,
                                               RowMatrixXf& sum) const {
  // A shared weight's per-sample gradient sums over the sample's output positions: one small
  // GEMM per sample on its rows of the im2col matrix.
  const Index positions = out_.plane();
  Eigen::MatrixXf g;
  for (Index b = 0; b < batch; ++b) {
    g.noalias() = out_grad.middleRows(b * positions, positions).transpose() *
                  scratch.buffer.middleRows(b * positions, positions);
    sum.array() += g.array().square();
  }
}

void Conv2dLayer::sample_gradients(const Eigen::MatrixXf&, const Eigen::MatrixXf& out_grad,
                                   Index batch, const LayerScratch& scratch,
                                   Eigen::MatrixXf& g) const {
  const Index positions = out_.plane();
  g.resize(params.weight.size(), batch);
  for (Index b = 0; b < batch; ++b)
    Eigen::Map<RowMatrixXf>(g.col(b).data(), params.out(), params.in()).noalias() =
        out_grad.middleRows(b * positions, positions).transpose() *
        scratch.buffer.middleRows(b * positions, positions);
}

std::int64_t Conv2dLayer::multiply_adds() const {
  return static_cast<std::int64_t>(out_.size()) * static_cast<std::int64_t>(params.in());
}

nlohmann::json Conv2dLayer::spec() const {
  return {{"type", "conv2d"},
          {"channels", geometry_.channels},
          {"kernel", geometry_.kernel},
          {"stride", geometry_.stride},
          {"padding", geometry_.padding}};
}

namespace {

TensorShape dense_output(TensorShape in, Index units) {
  if (in.plane() != 1)
    throw InvalidArgument("dense: the input is " + in.to_string() +
                          "; put a flatten layer before a dense layer");
  if (units < 1) throw InvalidArgument("dense: units must be >= 1");
  return {units, 1, 1};
}

}  // namespace

DenseLinearLayer::DenseLinearLayer(TensorShape in, Index units)
    : WeightedLayer(in, dense_output(in, units), in.channels) {}

void DenseLinearLayer::forward(const Eigen::MatrixXf& in, Eigen::MatrixXf& out, Index batch, Mode,
                               LayerScratch&, Rng*) const {
  gemm::multiply(gemm::Op::none, {in.data(), batch, in.cols(), in.rows()}, gemm::Op::none,
                 gemm::transposed_view(params.weight), out.data(), out.rows());
  add_bias(params.bias, out, batch);
}

void DenseLinearLayer::backward(const Eigen::MatrixXf& in, const Eigen::MatrixXf&,
                                Eigen::MatrixXf& out_grad, Eigen::MatrixXf* din, Index batch,
                                LayerScratch&) {
  const gemm::ConstMatrix dy{out_grad.data(), batch, params.out(), out_grad.rows()};
  gemm::multiply(gemm::Op::transpose, {in.data(), batch, in.cols(), in.rows()}, gemm::Op::none, dy,
                 params.weight_grad.data(), params.in());
  finish_gradients(out_grad, batch);
  if (din == nullptr) return;
  gemm::multiply(gemm::Op::none, dy, gemm::Op::transpose, gemm::transposed_view(params.weight),
                 din->data(), din->rows());
}

void DenseLinearLayer::add_squared_sample_gradients(const Eigen::MatrixXf& in,
                                                    const Eigen::MatrixXf& out_grad, Index batch,
                                                    const LayerScratch&, RowMatrixXf& sum) const {
  // Sample n's gradient is the outer product dy_n x_n^T, so its square is dy_n^2 (x_n^2)^T.
  sum.noalias() += out_grad.topRows(batch).array().square().matrix().transpose() *
                   in.topRows(batch).array().square().matrix();
}

void DenseLinearLayer::sample_gradients(const Eigen::MatrixXf& in, const Eigen::MatrixXf& out_grad,
                                        Index batch, const LayerScratch&,
                                        Eigen::MatrixXf& g) const {
  g.resize(params.weight.size(), batch);
  for (Index b = 0; b < batch; ++b)
    Eigen::Map<RowMatrixXf>(g.col(b).data(), params.out(), params.in()).noalias() =
        out_grad.row(b).head(params.out()).transpose() * in.row(b).head(params.in());
}

std::int64_t DenseLinearLayer::multiply_adds() const {
  return static_cast<std::int64_t>(params.weight.size());
}

nlohmann::json DenseLinearLayer::spec() const {
  return {{"type", "dense"}, {"units", out_.channels}};
}

}  // namespace prunekit
