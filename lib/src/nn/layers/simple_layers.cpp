// The layers without parameters that only move or scale values: activation, flatten, dropout.
#include "nn/elementwise.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/nn/layer_types.hpp"

namespace prunekit {

using Eigen::Index;

ActivationLayer::ActivationLayer(TensorShape in, Activation activation)
    : Layer(in, in), activation_(activation) {
  if (activation == Activation::identity)
    throw InvalidArgument("activation: identity is not a layer (leave it out)");
}

std::string ActivationLayer::type() const { return to_string(activation_); }

void ActivationLayer::forward(const Eigen::MatrixXf& in, Eigen::MatrixXf& out, Index batch, Mode,
                              LayerScratch&, Rng*) const {
  const Index n = batch * in_.plane();
  for (Index c = 0; c < in_.channels; ++c) {
    out.col(c).head(n) = in.col(c).head(n);
    activate_inplace(activation_, out.col(c).data(), n);
  }
}

void ActivationLayer::backward(const Eigen::MatrixXf&, const Eigen::MatrixXf& out,
                               Eigen::MatrixXf& out_grad, Eigen::MatrixXf* din, Index batch,
                               LayerScratch&) {
  if (din == nullptr) return;
  const Index n = batch * in_.plane();
  for (Index c = 0; c < in_.channels; ++c) {
    elementwise::times_derivative(activation_, out_grad.col(c).data(), out.col(c).data(), n);
    din->col(c).head(n) = out_grad.col(c).head(n);
  }
}

FlattenLayer::FlattenLayer(TensorShape in) : Layer(in, {in.size(), 1, 1}) {}

void FlattenLayer::forward(const Eigen::MatrixXf& in, Eigen::MatrixXf& out, Index batch, Mode,
                           LayerScratch&, Rng*) const {
  const Index plane = in_.plane();
  for (Index c = 0; c < in_.channels; ++c) {
    const float* src = in.data() + c * in.rows();
    for (Index b = 0; b < batch; ++b)
      for (Index p = 0; p < plane; ++p) out(b, c * plane + p) = src[b * plane + p];
  }
}

void FlattenLayer::backward(const Eigen::MatrixXf&, const Eigen::MatrixXf&,
                            Eigen::MatrixXf& out_grad, Eigen::MatrixXf* din, Index batch,
                            LayerScratch&) {
  if (din == nullptr) return;
  const Index plane = in_.plane();
  for (Index c = 0; c < in_.channels; ++c) {
    float* dst = din->data() + c * din->rows();
    for (Index b = 0; b < batch; ++b)
      for (Index p = 0; p < plane; ++p) dst[b * plane + p] = out_grad(b, c * plane + p);
  }
}

DropoutLayer::DropoutLayer(TensorShape in, float p) : Layer(in, in), p_(p) {
  if (!(p >= 0.0f && p < 1.0f)) throw InvalidArgument("dropout: p must be in [0, 1)");
}

void DropoutLayer::forward(const Eigen::MatrixXf& in, Eigen::MatrixXf& out, Index batch, Mode mode,
                           LayerScratch& scratch, Rng* rng) const {
  const Index n = batch * in_.plane();
  const Index channels = in_.channels;
  if (mode == Mode::inference || rng == nullptr || p_ == 0.0f) {
    out.topRows(n) = in.topRows(n);
    scratch.buffer.resize(0, 0);
    return;
  }
  auto& keep = scratch.buffer;
  if (keep.rows() < n || keep.cols() != channels) keep.resize(n, channels);
  const float scale = 1.0f / (1.0f - p_);
  for (Index c = 0; c < channels; ++c)
    for (Index i = 0; i < n; ++i)
      keep(i, c) = rng->uniform() < static_cast<double>(p_) ? 0.0f : scale;
  out.topRows(n) = in.topRows(n).cwiseProduct(keep.topRows(n));
}

void DropoutLayer::backward(const Eigen::MatrixXf&, const Eigen::MatrixXf&,
                            Eigen::MatrixXf& out_grad, Eigen::MatrixXf* din, Index batch,
                            LayerScratch& scratch) {
  if (din == nullptr) return;
  const Index n = batch * in_.plane();
  if (scratch.buffer.size() == 0)
    din->topRows(n) = out_grad.topRows(n);
  else
    din->topRows(n) = out_grad.topRows(n).cwiseProduct(scratch.buffer.topRows(n));
}

}  // namespace prunekit
