#pragma once
/// The sparse engine's kernels: one layer, y = act(W x + b), W holding only the kept weights.
///
/// - csr_matvec: one sample, W in compressed sparse rows; one gather per kept weight.
/// - csc_matvec_nonzero_inputs: one sample, W in compressed sparse columns; only the columns
///   of non-zero inputs are visited, so the work is the kept weights that meet a non-zero input.
///   ReLU outputs and image backgrounds are mostly zero (about 80 % of mnist10k's pixels), so on
///   such inputs this does a fraction of csr_matvec's work; on dense inputs it is slower
///   (a scatter per weight), and the engine picks per layer and call (kNonzeroInputsBreakEven).
/// - csr_block: a batch, kBlock samples at a time, each output accumulated in registers.

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "prunekit/nn/engine.hpp"

namespace prunekit::sparse {

/// Fraction of non-zero inputs up to which batch 1 takes the column kernel. Not tuned: a
/// scatter-add costs somewhat more than a gather, so the column kernel is taken only when it
/// visits at most half the weights the row kernel would.
inline constexpr double kNonzeroInputsBreakEven = 0.5;

/// One layer in both layouts, with its bias and activation.
struct SparseLayer {
  CsrMatrix by_row;
  CsrMatrix by_column;  ///< W^T in CSR: W's kept entries column by column
  Eigen::VectorXf bias;
  Activation activation;
};

/// y (rows) = act(W x + b) for one sample x (cols), through the rows.
void csr_matvec(const SparseLayer& layer, const float* x, float* y) noexcept;

/// Writes the positions of the non-zero entries of x (n values) to the front of `positions`
/// and returns how many there are.
std::int32_t nonzero_positions(const float* x, Eigen::Index n,
                               std::vector<std::int32_t>& positions);

/// The same as csr_matvec through the columns of the `count` non-zero inputs listed in
/// `nonzero` (from nonzero_positions).
void csc_matvec_nonzero_inputs(const SparseLayer& layer, const float* x,
                               const std::int32_t* nonzero, std::int32_t count, float* y) noexcept;

/// Y (batch x rows, column-major, leading dimension batch) = act(X W^T + b) for X (batch x
/// cols, leading dimension batch).
void csr_block(const SparseLayer& layer, const float* x, Eigen::Index batch, float* y) noexcept;

}  // namespace prunekit::sparse
