#include "nn/layers/im2col.hpp"

#include <algorithm>

namespace prunekit::conv_detail {

using Eigen::Index;

namespace {

/// The output columns [lo, hi) whose input column ox * stride + offset lies inside [0, width).
struct Span {
  Index lo;
  Index hi;
};
Span inside(Index offset, Index stride, Index width, Index out_w) {
  Index lo = 0;
  while (lo < out_w && lo * stride + offset < 0) ++lo;
  Index hi = out_w;
  while (hi > lo && (hi - 1) * stride + offset >= width) --hi;
  return {lo, hi};
}

}  // namespace

void im2col(const float* in, Index in_ld, const ConvGeometry& g, Index batch, float* col,
            Index col_ld) {
  const Index k = g.kernel, h = g.in.height, w = g.in.width;
  for (Index c = 0; c < g.in.channels; ++c) {
    const float* channel = in + c * in_ld;
    for (Index dy = 0; dy < k; ++dy) {
      for (Index dx = 0; dx < k; ++dx) {
        float* dst = col + ((c * k + dy) * k + dx) * col_ld;
        const Index offset = dx - g.padding;
        const Span cols = inside(offset, g.stride, w, g.out_w);
        for (Index b = 0; b < batch; ++b) {
          for (Index oy = 0; oy < g.out_h; ++oy, dst += g.out_w) {
            const Index iy = oy * g.stride + dy - g.padding;
            if (iy < 0 || iy >= h) {
              std::fill(dst, dst + g.out_w, 0.0f);
              continue;
            }
            const float* row = channel + (b * h + iy) * w;
            std::fill(dst, dst + cols.lo, 0.0f);
            if (g.stride == 1)
              std::copy(row + cols.lo + offset, row + cols.hi + offset, dst + cols.lo);
            else
              for (Index ox = cols.lo; ox < cols.hi; ++ox) dst[ox] = row[ox * g.stride + offset];
            std::fill(dst + cols.hi, dst + g.out_w, 0.0f);
          }
        }
      }
    }
  }
}

void col2im_add(const float* dcol, Index col_ld, const ConvGeometry& g, Index batch, float* din,
                Index in_ld) {
  const Index k = g.kernel, h = g.in.height, w = g.in.width;
  for (Index c = 0; c < g.in.channels; ++c) {
    float* channel = din + c * in_ld;
    for (Index dy = 0; dy < k; ++dy) {
      for (Index dx = 0; dx < k; ++dx) {
        const float* src = dcol + ((c * k + dy) * k + dx) * col_ld;
        const Index offset = dx - g.padding;
        const Span cols = inside(offset, g.stride, w, g.out_w);
        for (Index b = 0; b < batch; ++b) {
          for (Index oy = 0; oy < g.out_h; ++oy, src += g.out_w) {
            const Index iy = oy * g.stride + dy - g.padding;
            if (iy < 0 || iy >= h) continue;
            float* row = channel + (b * h + iy) * w;
            for (Index ox = cols.lo; ox < cols.hi; ++ox) row[ox * g.stride + offset] += src[ox];
          }
        }
      }
    }
  }
}

}  // namespace prunekit::conv_detail
