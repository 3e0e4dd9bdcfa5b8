// Max and average pooling, plane by plane (each image's channel is a contiguous H x W plane).
#include <limits>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/layer_types.hpp"

namespace prunekit {

using Eigen::Index;

namespace {

TensorShape pooled(TensorShape in, Index kernel, Index stride) {
  if (kernel < 1 || stride < 1) throw InvalidArgument("pooling: kernel and stride must be >= 1");
  if (kernel > in.height || kernel > in.width)
    throw InvalidArgument("pooling: a " + std::to_string(kernel) + "x" + std::to_string(kernel) +
                          " window does not fit a " + in.to_string() + " input");
  return {in.channels, (in.height - kernel) / stride + 1, (in.width - kernel) / stride + 1};
}

}  // namespace

Pool2dLayer::Pool2dLayer(TensorShape in, PoolKind kind, Index kernel, Index stride)
    : Layer(in, pooled(in, kernel, stride)), kind_(kind), kernel_(kernel), stride_(stride) {}

void Pool2dLayer::forward(const Eigen::MatrixXf& in, Eigen::MatrixXf& out, Index batch, Mode,
                          LayerScratch& scratch, Rng*) const {
  const Index h = in_.height, w = in_.width, oh = out_.height, ow = out_.width;
  const Index planes = batch * in_.channels;
  auto& argmax = scratch.indices;
  if (kind_ == PoolKind::max) argmax.resize(static_cast<std::size_t>(planes * oh * ow));
  const float inv_area = 1.0f / static_cast<float>(kernel_ * kernel_);
  for (Index c = 0; c < in_.channels; ++c) {
    for (Index b = 0; b < batch; ++b) {
      const Index in_base = b * h * w;
      const float* src = in.data() + c * in.rows() + in_base;
      float* dst = out.data() + c * out.rows() + b * oh * ow;
      std::int32_t* arg =
          kind_ == PoolKind::max ? argmax.data() + (c * batch + b) * oh * ow : nullptr;
      for (Index oy = 0; oy < oh; ++oy) {
        for (Index ox = 0; ox < ow; ++ox) {
          const Index y0 = oy * stride_, x0 = ox * stride_;
          if (kind_ == PoolKind::max) {
            Index best = y0 * w + x0;
            for (Index dy = 0; dy < kernel_; ++dy)
              for (Index dx = 0; dx < kernel_; ++dx) {
                const Index at = (y0 + dy) * w + x0 + dx;
                if (src[at] > src[best]) best = at;
              }
            dst[oy * ow + ox] = src[best];
            arg[oy * ow + ox] = static_cast<std::int32_t>(best);
          } else {
            float sum = 0.0f;
            for (Index dy = 0; dy < kernel_; ++dy)
              for (Index dx = 0; dx < kernel_; ++dx) sum += src[(y0 + dy) * w + x0 + dx];
            dst[oy * ow + ox] = sum * inv_area;
          }
        }
      }
    }
  }
}

void Pool2dLayer::backward(const Eigen::MatrixXf&, const Eigen::MatrixXf&,
                           Eigen::MatrixXf& out_grad, Eigen::MatrixXf* din, Index batch,
                           LayerScratch& scratch) {
  if (din == nullptr) return;
  const Index h = in_.height, w = in_.width, oh = out_.height, ow = out_.width;
  din->topRows(batch * h * w).setZero();
  const float inv_area = 1.0f / static_cast<float>(kernel_ * kernel_);
  for (Index c = 0; c < in_.channels; ++c) {
    for (Index b = 0; b < batch; ++b) {
      float* dst = din->data() + c * din->rows() + b * h * w;
      const float* src = out_grad.data() + c * out_grad.rows() + b * oh * ow;
      if (kind_ == PoolKind::max) {
        const std::int32_t* arg = scratch.indices.data() + (c * batch + b) * oh * ow;
        for (Index o = 0; o < oh * ow; ++o) dst[arg[o]] += src[o];
        continue;
      }
      for (Index oy = 0; oy < oh; ++oy)
        for (Index ox = 0; ox < ow; ++ox) {
          const float g = src[oy * ow + ox] * inv_area;
          for (Index dy = 0; dy < kernel_; ++dy)
            for (Index dx = 0; dx < kernel_; ++dx)
              dst[(oy * stride_ + dy) * w + ox * stride_ + dx] += g;
        }
    }
  }
}

nlohmann::json Pool2dLayer::spec() const {
  return {{"type", type()}, {"kernel", kernel_}, {"stride", stride_}};
}

}  // namespace prunekit
