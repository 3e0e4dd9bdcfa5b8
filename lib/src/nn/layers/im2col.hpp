#pragma once
// The im2col matrix of a convolution (layers.hpp has the layout) and its adjoint, col2im.
//
// col is column-major (batch * out_h * out_w) x (channels * kernel * kernel): column
// (c, dy, dx) holds, for every output position, the input value under kernel tap (dy, dx) of
// channel c (zero in the padding). out = col * W^T is then the convolution.

#include <Eigen/Core>

#include "prunekit/nn/layers.hpp"

namespace prunekit::conv_detail {

struct ConvGeometry {
  TensorShape in;
  Eigen::Index kernel = 1;
  Eigen::Index stride = 1;
  Eigen::Index padding = 0;
  Eigen::Index out_h = 0;
  Eigen::Index out_w = 0;
};

/// col (leading dimension col_ld) from `batch` images of `in` (leading dimension in_ld).
void im2col(const float* in, Eigen::Index in_ld, const ConvGeometry& g, Eigen::Index batch,
            float* col, Eigen::Index col_ld);

/// din += the adjoint of im2col applied to dcol (din's used rows zeroed by the caller).
void col2im_add(const float* dcol, Eigen::Index col_ld, const ConvGeometry& g, Eigen::Index batch,
                float* din, Eigen::Index in_ld);

}  // namespace prunekit::conv_detail
