#include "nn/sparse_kernels.hpp"

#include <algorithm>
#include <cmath>

#include "nn/kernel_dispatch.hpp"

namespace prunekit::sparse {

using Eigen::Index;

/// Scalar on purpose: GCC's auto-vectorised version uses AVX2 gathers, which are slower than
/// scalar loads on the CPUs measured (bench/README.md). Cloned for x86-64-v3 all the same, for
/// the FMA instruction: the baseline copy calls fmaf() (same result, a call per weight).
PRUNEKIT_CLONE_FOR_AVX2 __attribute__((optimize("no-tree-vectorize"))) void csr_matvec(
    const SparseLayer& layer, const float* x, float* y) noexcept {
  const CsrMatrix& w = layer.by_row;
  const std::int32_t* rp = w.row_ptr.data();
  const std::int32_t* col = w.col.data();
  const float* val = w.value.data();
  for (Index i = 0; i < w.rows; ++i) {
    std::int32_t k = rp[i];
    const std::int32_t end = rp[i + 1];
    float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
    for (; k + 4 <= end; k += 4) {
      s0 = std::fma(val[k], x[col[k]], s0);
      s1 = std::fma(val[k + 1], x[col[k + 1]], s1);
      s2 = std::fma(val[k + 2], x[col[k + 2]], s2);
      s3 = std::fma(val[k + 3], x[col[k + 3]], s3);
    }
    for (; k < end; ++k) s0 = std::fma(val[k], x[col[k]], s0);
    y[i] = layer.bias[i] + ((s0 + s1) + (s2 + s3));
  }
  activate_inplace(layer.activation, y, w.rows);
}

std::int32_t nonzero_positions(const float* x, Index n, std::vector<std::int32_t>& positions) {
  positions.resize(static_cast<std::size_t>(n));
  std::int32_t count = 0;
  for (Index j = 0; j < n; ++j) {  // branch-free: zeros are common and unpredictable
    positions[static_cast<std::size_t>(count)] = static_cast<std::int32_t>(j);
    count += x[j] != 0.0f ? 1 : 0;
  }
  return count;
}

PRUNEKIT_CLONE_FOR_AVX2 __attribute__((optimize("no-tree-vectorize"))) void
csc_matvec_nonzero_inputs(const SparseLayer& layer, const float* x, const std::int32_t* nonzero,
                          std::int32_t n, float* y) noexcept {
  const CsrMatrix& w = layer.by_column;  // w.rows = W's columns (inputs), w.cols = W's rows
  std::copy(layer.bias.data(), layer.bias.data() + w.cols, y);
  const std::int32_t* cp = w.row_ptr.data();
  const std::int32_t* row = w.col.data();
  const float* val = w.value.data();
  for (std::int32_t t = 0; t < n; ++t) {
    const std::int32_t j = nonzero[t];
    const float xj = x[j];
    std::int32_t k = cp[j];
    const std::int32_t end = cp[j + 1];
    // The rows of one column are distinct, so these four updates are independent.
    for (; k + 4 <= end; k += 4) {
      y[row[k]] = std::fma(val[k], xj, y[row[k]]);
      y[row[k + 1]] = std::fma(val[k + 1], xj, y[row[k + 1]]);
      y[row[k + 2]] = std::fma(val[k + 2], xj, y[row[k + 2]]);
      y[row[k + 3]] = std::fma(val[k + 3], xj, y[row[k + 3]]);
    }
    for (; k < end; ++k) y[row[k]] = std::fma(val[k], xj, y[row[k]]);
  }
  activate_inplace(layer.activation, y, w.cols);
}

namespace {
constexpr Index kBlock = 64;
}  // namespace

/// Plain loops over a block of kBlock samples (vectorised per clone): acc stays in registers.
/// std::fma, as in the kernels above: one rounding, the same bits in every copy (the baseline
/// copy calls fmaf(); the AVX2 and AVX-512 copies vectorise it into FMA instructions).
PRUNEKIT_CLONE_FOR_AVX2_AVX512 void csr_block(const SparseLayer& layer, const float* x, Index batch,
                                              float* y) noexcept {
  const CsrMatrix& w = layer.by_row;
  const std::int32_t* rp = w.row_ptr.data();
  const std::int32_t* col = w.col.data();
  const float* val = w.value.data();
  for (Index c0 = 0; c0 < batch; c0 += kBlock) {
    const Index n = std::min(kBlock, batch - c0);
    for (Index i = 0; i < w.rows; ++i) {
      float acc[kBlock];
      const float b = layer.bias[i];
      for (Index c = 0; c < kBlock; ++c) acc[c] = b;
      for (std::int32_t k = rp[i]; k < rp[i + 1]; ++k) {
        const float* xc = x + static_cast<Index>(col[k]) * batch + c0;
        const float v = val[k];
        if (n == kBlock) {
          for (Index c = 0; c < kBlock; ++c) acc[c] = std::fma(v, xc[c], acc[c]);
        } else {
          for (Index c = 0; c < n; ++c) acc[c] = std::fma(v, xc[c], acc[c]);
        }
      }
      std::copy(acc, acc + n, y + i * batch + c0);
    }
  }
  for (Index i = 0; i < w.rows; ++i) activate_inplace(layer.activation, y + i * batch, batch);
}

}  // namespace prunekit::sparse
