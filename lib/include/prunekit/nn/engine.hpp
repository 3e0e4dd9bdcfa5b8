#pragma once
/// Inference engines for a trained (and possibly pruned) network, and its size report.
///
/// The same network runs three ways, chosen per call:
/// - dense: Eigen GEMM (batch > 1) or GEMV (batch 1) over the full weight matrices, masked
///   weights included as zeros;
/// - csr: the kept weights of each layer in compressed sparse rows (int32 indices), plus the
///   same weights by column. At batch 1 a layer whose input is mostly zeros (ReLU outputs,
///   image backgrounds) visits only the columns of its non-zero inputs; otherwise a CSR
///   mat-vec. Larger batches use a CSR x dense-block kernel (64 samples per block);
/// - compact: a physically smaller dense network, with every removed hidden neuron (its
///   outgoing column entirely masked) deleted: its row and bias in its layer, its column in the
///   next layer.
/// The three agree to float rounding (tests check 1e-5). Unstructured sparsity pays off only
/// past a break-even sparsity (kCsrBreakEven*, measured by bench/mlp_bench.cpp, see
/// bench/README.md "Neural networks"); choose_engine() uses them.

#include <cstdint>
#include <memory>
#include <vector>
#include "prunekit/core/polymorphic.hpp"

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "prunekit/core/enum_names.hpp"
#include "prunekit/nn/network.hpp"

namespace prunekit {

enum class EngineKind { dense, csr, compact };
constexpr EnumNames<EngineKind, 3> enum_names(EngineKind) {
  return {
      {{EngineKind::dense, "dense"}, {EngineKind::csr, "csr"}, {EngineKind::compact, "compact"}}};
}

/// Weight sparsity from which the CSR engine beats the dense one on LeNet-300-100 with mnist10k
/// inputs, one thread, AVX2 build, OpenBLAS (bench/README.md "Neural networks", 2026-11-29
/// sweep): the middle of the measured bracket (batch 1: CSR slower at 0.7, even at 0.8, faster
/// at 0.9; batch 256: slower at 0.6, faster at 0.7).
inline constexpr double kCsrBreakEvenBatch1 = 0.8;
inline constexpr double kCsrBreakEvenBatch256 = 0.65;

/// A compressed-sparse-row matrix with int32 indices.
struct CsrMatrix {
  Eigen::Index rows = 0;
  Eigen::Index cols = 0;
  std::vector<std::int32_t> row_ptr;  ///< rows + 1
  std::vector<std::int32_t> col;      ///< nnz
  std::vector<float> value;           ///< nnz

  /// The kept (mask != 0) entries of w.
  [[nodiscard]] static CsrMatrix from_masked(const RowMatrixXf& w, const RowMatrixXf& mask);
  [[nodiscard]] std::size_t nnz() const noexcept { return value.size(); }
  /// Bytes of values + column indices + row pointers.
  [[nodiscard]] std::size_t bytes() const noexcept {
    return value.size() * 4 + col.size() * 4 + row_ptr.size() * 4;
  }
};

/// A network's size, dense and sparse. Counts include biases unless named weight_*.
struct NetworkSize {
  std::size_t parameters = 0;  ///< weights + biases
  std::size_t nonzeros = 0;    ///< non-zero weights + biases
  std::size_t weights = 0;
  std::size_t nonzero_weights = 0;
  std::size_t bytes_dense = 0;  ///< 4 bytes per parameter
  std::size_t bytes_csr = 0;    ///< CSR weights (int32 indices) + dense biases
  std::size_t weight_bytes_dense = 0;
  std::size_t weight_bytes_csr = 0;
  std::size_t macs_dense = 0;       ///< multiply-adds per sample, dense
  std::size_t macs_nonzero = 0;     ///< multiply-adds per sample over non-zero weights
  std::size_t removed_neurons = 0;  ///< hidden neurons that compaction deletes

  [[nodiscard]] double weight_sparsity() const noexcept {
    return weights == 0 ? 0.0
                        : 1.0 - static_cast<double>(nonzero_weights) / static_cast<double>(weights);
  }
  /// As JSON with the stable names of ModelSize (model.hpp).
  [[nodiscard]] nlohmann::ordered_json to_json() const;
};

[[nodiscard]] NetworkSize network_size(const Network& network);

/// The network with its removed hidden neurons physically deleted (same outputs).
[[nodiscard]] Network compact(const Network& network);

/// A compiled, read-only form of a network. Owns copies of what it needs (the network may
/// change or die afterwards). run() reuses internal buffers: one engine per thread.
class InferenceEngine : public Polymorphic {
 public:
  [[nodiscard]] virtual EngineKind kind() const = 0;
  /// Outputs (B x outputs) of x (B x inputs, column-major). The reference stays valid until
  /// the next run().
  virtual const Eigen::MatrixXf& run(const Eigen::Ref<const Eigen::MatrixXf>& x) = 0;
};

[[nodiscard]] std::unique_ptr<InferenceEngine> make_engine(const Network& network, EngineKind kind);

/// The engine expected to be fastest for `network` at `batch` rows: csr past the break-even
/// sparsity (batch <= 8 uses the batch-1 figure, larger batches the batch-256 one), else
/// compact when neurons were removed, else dense.
[[nodiscard]] EngineKind choose_engine(const Network& network, Eigen::Index batch);

}  // namespace prunekit
