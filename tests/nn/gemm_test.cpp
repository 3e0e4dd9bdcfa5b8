// The network's matrix products (OpenBLAS or Eigen, whichever the build uses) against Eigen's
// own product, for every transpose combination and for operands inside larger matrices.
#include "nn/gemm.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/network.hpp"

namespace prunekit {
namespace {

Eigen::MatrixXf filled(Eigen::Index rows, Eigen::Index cols, float seed) {
  Eigen::MatrixXf m(rows, cols);
  for (Eigen::Index k = 0; k < m.size(); ++k)
    m.data()[k] = std::sin(seed + 0.37f * static_cast<float>(k));
  return m;
}

TEST(Gemm, EveryTransposeCombinationMatchesEigen) {
  const Eigen::Index m = 7, k = 5, n = 3;
  const Eigen::MatrixXf a = filled(m, k, 1.0f), b = filled(k, n, 2.0f);
  const Eigen::MatrixXf at = a.transpose(), bt = b.transpose();
  const Eigen::MatrixXf expected = a * b;
  for (bool ta : {false, true}) {
    for (bool tb : {false, true}) {
      Eigen::MatrixXf c = Eigen::MatrixXf::Constant(m, n, 99.0f);  // overwritten, not added to
      gemm::multiply(ta ? gemm::Op::transpose : gemm::Op::none, gemm::view(ta ? at : a),
                     tb ? gemm::Op::transpose : gemm::Op::none, gemm::view(tb ? bt : b), c.data(),
                     m);
      EXPECT_LE((c - expected).cwiseAbs().maxCoeff(), 1e-5f) << "ta " << ta << " tb " << tb;
    }
  }
}

TEST(Gemm, OperandsInsideLargerMatricesUseTheirLeadingDimension) {
  const Eigen::MatrixXf big_a = filled(10, 6, 3.0f), big_b = filled(9, 4, 4.0f);
  const auto a = big_a.topRows(4);  // 4 x 6, leading dimension 10
  const auto b = big_b.topRows(6);  // 6 x 4, leading dimension 9
  Eigen::MatrixXf big_c = Eigen::MatrixXf::Constant(8, 4, 7.0f);
  gemm::multiply(gemm::Op::none, gemm::view(a), gemm::Op::none, gemm::view(b), big_c.data(), 8);
  EXPECT_LE((big_c.topRows(4) - a * b).cwiseAbs().maxCoeff(), 1e-5f);
  EXPECT_TRUE((big_c.bottomRows(4).array() == 7.0f).all());  // rows past the block untouched
}

TEST(Gemm, RowMajorWeightsAreSeenTransposed) {
  RowMatrixXf w(3, 5);  // out x in, as a layer stores it
  for (Eigen::Index k = 0; k < w.size(); ++k) w.data()[k] = static_cast<float>(k) - 6.0f;
  const Eigen::MatrixXf x = filled(4, 5, 5.0f);
  Eigen::MatrixXf z(4, 3);
  gemm::multiply(gemm::Op::none, gemm::view(x), gemm::Op::none, gemm::transposed_view(w), z.data(),
                 4);
  EXPECT_LE((z - x * w.transpose()).cwiseAbs().maxCoeff(), 1e-4f);
}

TEST(Gemm, MismatchedInnerDimensionsAreRefused) {
  const Eigen::MatrixXf a = filled(3, 4, 1.0f), b = filled(5, 2, 1.0f);
  Eigen::MatrixXf c(3, 2);
  EXPECT_THROW(
      gemm::multiply(gemm::Op::none, gemm::view(a), gemm::Op::none, gemm::view(b), c.data(), 3),
      InvalidArgument);
}

}  // namespace
}  // namespace prunekit
