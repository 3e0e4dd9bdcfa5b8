// Batch normalisation over one contiguous column per channel (layers.hpp).
#include <cmath>

#include "nn/base64.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/nn/layer_types.hpp"

namespace prunekit {

using Eigen::Index;

BatchNormLayer::BatchNormLayer(TensorShape in)
    : Layer(in, in),
      scale(Eigen::VectorXf::Ones(in.channels)),
      shift(Eigen::VectorXf::Zero(in.channels)),
      scale_mask(Eigen::VectorXf::Ones(in.channels)),
      shift_mask(Eigen::VectorXf::Ones(in.channels)),
      scale_grad(Eigen::VectorXf::Zero(in.channels)),
      shift_grad(Eigen::VectorXf::Zero(in.channels)),
      running_mean(Eigen::VectorXf::Zero(in.channels)),
      running_var(Eigen::VectorXf::Ones(in.channels)) {
  if (in.channels < 1) throw InvalidArgument("batchnorm: the input has no channels");
}

void BatchNormLayer::inference_affine(Eigen::VectorXf& a, Eigen::VectorXf& b) const {
  a = scale.array() / (running_var.array() + epsilon).sqrt();
  b = shift.array() - running_mean.array() * a.array();
}

void BatchNormLayer::forward(const Eigen::MatrixXf& in, Eigen::MatrixXf& out, Index batch,
                             Mode mode, LayerScratch& scratch, Rng*) const {
  const Index n = batch * in_.plane();
  const Index channels = in_.channels;
  if (mode == Mode::inference || n < 2) {
    Eigen::VectorXf a, b;
    inference_affine(a, b);
    for (Index c = 0; c < channels; ++c)
      out.col(c).head(n) = (in.col(c).head(n).array() * a[c] + b[c]).matrix();
    return;
  }
  auto& xhat = scratch.buffer;
  if (xhat.rows() < n || xhat.cols() != channels) xhat.resize(n, channels);
  scratch.channel.resize(channels, 3);
  for (Index c = 0; c < channels; ++c) {
    const auto x = in.col(c).head(n).array();
    const double mean = static_cast<double>(x.sum()) / static_cast<double>(n);
    const double var =
        static_cast<double>((x - static_cast<float>(mean)).square().sum()) / static_cast<double>(n);
    const auto inv_sd = static_cast<float>(1.0 / std::sqrt(var + epsilon));
    xhat.col(c).head(n) = ((x - static_cast<float>(mean)) * inv_sd).matrix();
    out.col(c).head(n) = (xhat.col(c).head(n).array() * scale[c] + shift[c]).matrix();
    scratch.channel(c, 0) = static_cast<float>(mean);
    scratch.channel(c, 1) = static_cast<float>(var);
    scratch.channel(c, 2) = inv_sd;
  }
}

void BatchNormLayer::backward(const Eigen::MatrixXf&, const Eigen::MatrixXf&,
                              Eigen::MatrixXf& out_grad, Eigen::MatrixXf* din, Index batch,
                              LayerScratch& scratch) {
  const Index n = batch * in_.plane();
  if (n < 2) throw InvalidArgument("batchnorm: training needs more than one value per channel");
  const auto inv_n = 1.0f / static_cast<float>(n);
  for (Index c = 0; c < in_.channels; ++c) {
    const auto dy = out_grad.col(c).head(n).array();
    const auto xhat = scratch.buffer.col(c).head(n).array();
    const float dshift = dy.sum();
    const float dscale = (dy * xhat).sum();
    const float penalty =
        scale[c] > 0.0f ? scale_penalty : (scale[c] < 0.0f ? -scale_penalty : 0.0f);
    scale_grad[c] = scale_mask[c] != 0.0f ? dscale + penalty : 0.0f;
    shift_grad[c] = shift_mask[c] != 0.0f ? dshift : 0.0f;
    if (din != nullptr) {
      const float k = scale[c] * scratch.channel(c, 2);
      din->col(c).head(n) = (k * (dy - dshift * inv_n - xhat * (dscale * inv_n))).matrix();
    }
    // The running statistics follow PyTorch: the variance enters unbiased.
    const float unbiased =
        scratch.channel(c, 1) * static_cast<float>(n) / static_cast<float>(n - 1);
    running_mean[c] = (1.0f - momentum) * running_mean[c] + momentum * scratch.channel(c, 0);
    running_var[c] = (1.0f - momentum) * running_var[c] + momentum * unbiased;
  }
}

std::vector<ParamView> BatchNormLayer::parameters(std::size_t index) {
  const auto n = static_cast<std::size_t>(scale.size());
  const bool masked = (scale_mask.array() == 0.0f).any() || (shift_mask.array() == 0.0f).any();
  const std::string prefix = "layer" + std::to_string(index);
  return {{prefix + ".scale",
           index,
           false,
           scale.size(),
           1,
           {scale.data(), n},
           {scale_grad.data(), n},
           {scale_mask.data(), n},
           masked},
          {prefix + ".shift",
           index,
           false,
           shift.size(),
           1,
           {shift.data(), n},
           {shift_grad.data(), n},
           {shift_mask.data(), n},
           masked}};
}

void BatchNormLayer::apply_masks() {
  scale = (scale_mask.array() != 0.0f).select(scale, 0.0f);
  shift = (shift_mask.array() != 0.0f).select(shift, 0.0f);
  scale_grad = (scale_mask.array() != 0.0f).select(scale_grad, 0.0f);
  shift_grad = (shift_mask.array() != 0.0f).select(shift_grad, 0.0f);
}

nlohmann::json BatchNormLayer::spec() const {
  return {{"type", "batchnorm"}, {"momentum", momentum}, {"epsilon", epsilon}};
}

nlohmann::json BatchNormLayer::state() const {
  using nn_detail::encode_floats;
  using nn_detail::encode_mask;
  const auto n = static_cast<std::size_t>(scale.size());
  return {{"scale", encode_floats(scale.data(), n)},
          {"shift", encode_floats(shift.data(), n)},
          {"scale_mask", encode_mask(scale_mask.data(), n)},
          {"shift_mask", encode_mask(shift_mask.data(), n)},
          {"running_mean", encode_floats(running_mean.data(), n)},
          {"running_var", encode_floats(running_var.data(), n)}};
}

void BatchNormLayer::load_state(const nlohmann::json& state, const std::string& where) {
  const auto n = static_cast<std::size_t>(scale.size());
  auto read = [&](const char* key, Eigen::VectorXf& into, bool mask) {
    const std::string text = state.at(key).get<std::string>();
    const auto values = mask ? nn_detail::decode_mask(text, n) : nn_detail::decode_floats(text, n);
    if (!values)
      throw InvalidArgument(where + ": \"" + key + "\" does not hold " + std::to_string(n) +
                            " base64-encoded values");
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite((*values)[i]))
        throw InvalidArgument(where + ": \"" + key + "\" has a non-finite value");
      into[static_cast<Index>(i)] = (*values)[i];
    }
  };
  read("scale", scale, false);
  read("shift", shift, false);
  read("scale_mask", scale_mask, true);
  read("shift_mask", shift_mask, true);
  read("running_mean", running_mean, false);
  read("running_var", running_var, false);
  if ((running_var.array() < 0.0f).any())
    throw InvalidArgument(where + ": \"running_var\" has a negative value");
  apply_masks();
}

}  // namespace prunekit
