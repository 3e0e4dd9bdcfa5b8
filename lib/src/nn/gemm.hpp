#pragma once
/// The matrix products of training and batched inference, C = op(A) op(B), on column-major
/// float matrices given by pointer and leading dimension.
///
/// With a BLAS (the build finds OpenBLAS: PRUNEKIT_HAVE_BLAS) this is sgemm, which runs these
/// shapes 1.2-1.4x faster than Eigen's own GEMM (bench/README.md "Neural networks"); without
/// one, Eigen computes the same product. The BLAS is kept to one thread: prunekit parallelises
/// over runs and folds, and one thread per product keeps results identical for any --jobs.

#include <Eigen/Core>

namespace prunekit::gemm {

enum class Op { none, transpose };

/// A column-major matrix operand: rows x cols stored with leading dimension ld (>= rows).
struct ConstMatrix {
  const float* data;
  Eigen::Index rows;
  Eigen::Index cols;
  Eigen::Index ld;
};

/// C (m x n, leading dimension ldc) = op(A) op(B); op(A) is m x k, op(B) is k x n.
void multiply(Op op_a, const ConstMatrix& a, Op op_b, const ConstMatrix& b, float* c,
              Eigen::Index ldc);

/// y = op(A) x: a matrix-vector product (batch-1 inference), sgemv with a BLAS.
void multiply_vector(const ConstMatrix& a, Op op_a, const float* x, float* y);

/// The row-major matrix w (rows x cols) seen as the column-major cols x rows matrix w^T.
template <typename RowMajor>
[[nodiscard]] ConstMatrix transposed_view(const RowMajor& w) {
  return {w.data(), w.cols(), w.rows(), w.cols()};
}

/// A column-major Eigen matrix or block.
template <typename ColMajor>
[[nodiscard]] ConstMatrix view(const ColMajor& m) {
  return {m.data(), m.rows(), m.cols(), m.outerStride()};
}

}  // namespace prunekit::gemm
