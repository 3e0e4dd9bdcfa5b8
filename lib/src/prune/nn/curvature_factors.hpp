#pragma once
// The rank-one factors v_c of the loss's Hessian in the outputs (curvature.hpp), shared by the
// MLP's and the conv net's Gauss-Newton computations.

#include <Eigen/Core>

#include "prunekit/nn/network.hpp"

namespace prunekit::curvature_detail {

/// Row-wise softmax of the logits z (cross-entropy's p); empty for squared error.
inline Eigen::MatrixXf output_probabilities(const Eigen::Ref<const Eigen::MatrixXf>& z, Loss loss) {
  if (loss != Loss::cross_entropy) return {};
  Eigen::MatrixXf p = z;
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    const float m = p.row(i).maxCoeff();
    p.row(i) = (p.row(i).array() - m).exp();
    p.row(i) /= p.row(i).sum();
  }
  return p;
}

/// Writes factor c for each of `rows` examples into top (rows x outputs):
/// v_c = sqrt(p_c) (e_c - p) for cross-entropy, e_c for squared error.
template <typename Top>
void write_factor(Loss loss, const Eigen::MatrixXf& p, Eigen::Index c, Eigen::Index rows,
                  Eigen::Index outputs, Top&& top) {
  if (loss == Loss::cross_entropy) {
    top = -p;
    top.col(c).array() += 1.0f;
    top.array().colwise() *= p.col(c).array().sqrt();
  } else {
    top = Eigen::MatrixXf::Zero(rows, outputs);
    top.col(c).setOnes();
  }
}

}  // namespace prunekit::curvature_detail
