#include "prunekit/nn/engine.hpp"

#include <algorithm>
#include <cmath>

#include "nn/elementwise.hpp"
#include "nn/gemm.hpp"
#include "nn/sparse_kernels.hpp"
#include "prunekit/core/error.hpp"

namespace prunekit {

using Eigen::Index;

CsrMatrix CsrMatrix::from_masked(const RowMatrixXf& w, const RowMatrixXf& mask) {
  CsrMatrix m;
  m.rows = w.rows();
  m.cols = w.cols();
  m.row_ptr.reserve(static_cast<std::size_t>(w.rows()) + 1);
  m.row_ptr.push_back(0);
  for (Index i = 0; i < w.rows(); ++i) {
    for (Index j = 0; j < w.cols(); ++j) {
      if (mask(i, j) != 0.0f) {
        m.col.push_back(static_cast<std::int32_t>(j));
        m.value.push_back(w(i, j));
      }
    }
    m.row_ptr.push_back(static_cast<std::int32_t>(m.value.size()));
  }
  return m;
}

nlohmann::ordered_json NetworkSize::to_json() const {
  nlohmann::ordered_json j;
  j["parameters"] = parameters;
  j["nonzeros"] = nonzeros;
  j["weights"] = weights;
  j["nonzero_weights"] = nonzero_weights;
  j["weight_sparsity"] = weight_sparsity();
  j["bytes_dense"] = bytes_dense;
  j["bytes_csr"] = bytes_csr;
  j["weight_bytes_dense"] = weight_bytes_dense;
  j["weight_bytes_csr"] = weight_bytes_csr;
  j["macs_dense"] = macs_dense;
  j["macs_nonzero"] = macs_nonzero;
  j["removed_neurons"] = removed_neurons;
  return j;
}

NetworkSize network_size(const Network& network) {
  NetworkSize s;
  for (std::size_t l = 0; l < network.n_layers(); ++l) {
    const auto& L = network.layer(l);
    const auto w = static_cast<std::size_t>(L.weight.size());
    const auto out = static_cast<std::size_t>(L.out());
    const auto nzw = static_cast<std::size_t>((L.weight.array() != 0.0f).count());
    const auto nzb = static_cast<std::size_t>((L.bias.array() != 0.0f).count());
    s.weights += w;
    s.parameters += w + out;
    s.nonzero_weights += nzw;
    s.nonzeros += nzw + nzb;
    s.weight_bytes_dense += 4 * w;
    s.weight_bytes_csr += 8 * nzw + 4 * (out + 1);
    s.macs_dense += w;
    s.macs_nonzero += nzw;
    if (l + 1 < network.n_layers())
      for (Index j = 0; j < L.out(); ++j) s.removed_neurons += network.neuron_removed(l, j) ? 1 : 0;
  }
  s.bytes_dense = 4 * s.parameters;
  std::size_t bias_bytes = 0;
  for (const auto& L : network.layers()) bias_bytes += 4 * static_cast<std::size_t>(L.out());
  s.bytes_csr = s.weight_bytes_csr + bias_bytes;
  return s;
}

Network compact(const Network& network) {
  const std::size_t n = network.n_layers();
  std::vector<std::vector<Index>> keep(n);  // kept output neurons per layer
  for (std::size_t l = 0; l < n; ++l) {
    const auto& L = network.layer(l);
    for (Index j = 0; j < L.out(); ++j)
      if (l + 1 == n || !network.neuron_removed(l, j)) keep[l].push_back(j);
    if (keep[l].empty()) keep[l].push_back(0);  // a layer keeps one neuron (it feeds zeros)
  }
  std::vector<DenseLayer> layers;
  for (std::size_t l = 0; l < n; ++l) {
    const auto& L = network.layer(l);
    std::vector<Index> in_keep;
    if (l == 0) {
      for (Index j = 0; j < L.in(); ++j) in_keep.push_back(j);
    } else {
      in_keep = keep[l - 1];
    }
    const auto out = static_cast<Index>(keep[l].size());
    const auto in = static_cast<Index>(in_keep.size());
    DenseLayer c(in, out, L.activation);
    for (Index i = 0; i < out; ++i) {
      const Index src = keep[l][static_cast<std::size_t>(i)];
      c.bias[i] = L.bias[src];
      c.bias_mask[i] = L.bias_mask[src];
      for (Index j = 0; j < in; ++j) {
        c.weight(i, j) = L.weight(src, in_keep[static_cast<std::size_t>(j)]);
        c.weight_mask(i, j) = L.weight_mask(src, in_keep[static_cast<std::size_t>(j)]);
      }
    }
    layers.push_back(std::move(c));
  }
  return Network(std::move(layers));
}

namespace {

struct DenseOp {
  RowMatrixXf w;
  Eigen::VectorXf b;
  Activation act;
};

class DenseEngine final : public InferenceEngine {
 public:
  DenseEngine(const Network& network, EngineKind kind) : kind_(kind) {
    for (const auto& L : network.layers()) ops_.push_back({L.weight, L.bias, L.activation});
    buf_.resize(ops_.size());
  }
  [[nodiscard]] EngineKind kind() const override { return kind_; }

  const Eigen::MatrixXf& run(const Eigen::Ref<const Eigen::MatrixXf>& x) override {
    const Index batch = x.rows();
    if (x.cols() != ops_.front().w.cols())
      throw InvalidArgument("engine: input has " + std::to_string(x.cols()) +
                            " features, expected " + std::to_string(ops_.front().w.cols()));
    for (std::size_t l = 0; l < ops_.size(); ++l) {
      const auto& op = ops_[l];
      auto& out = buf_[l];
      out.resize(batch, op.w.rows());
      if (batch == 1) {
        // GEMV: z = W x, one dot product per neuron (row-major W). A 1 x n row of a
        // column-major matrix is strided; the input row is copied when it is.
        const float* in = l == 0 ? x.data() : buf_[l - 1].data();
        if (l == 0 && x.outerStride() != 1) {
          row_ = x.row(0);
          in = row_.data();
        }
        gemm::multiply_vector(gemm::transposed_view(op.w), gemm::Op::transpose, in, out.data());
        elementwise::bias_vector_activate(op.act, op.b.data(), out.data(), out.cols());
      } else {
        const gemm::ConstMatrix input = l == 0 ? gemm::view(x) : gemm::view(buf_[l - 1]);
        gemm::multiply(gemm::Op::none, input, gemm::Op::none, gemm::transposed_view(op.w),
                       out.data(), out.rows());
        for (Index j = 0; j < out.cols(); ++j)
          elementwise::bias_activate(op.act, op.b[j], &out(0, j), batch);
      }
    }
    return buf_.back();
  }

 private:
  EngineKind kind_;
  std::vector<DenseOp> ops_;
  std::vector<Eigen::MatrixXf> buf_;
  Eigen::RowVectorXf row_;
};

class CsrEngine final : public InferenceEngine {
 public:
  explicit CsrEngine(const Network& network) {
    for (const auto& L : network.layers())
      layers_.push_back({CsrMatrix::from_masked(L.weight, L.weight_mask),
                         CsrMatrix::from_masked(L.weight.transpose(), L.weight_mask.transpose()),
                         L.bias, L.activation});
    buf_.resize(layers_.size());
  }
  [[nodiscard]] EngineKind kind() const override { return EngineKind::csr; }

  const Eigen::MatrixXf& run(const Eigen::Ref<const Eigen::MatrixXf>& x) override {
    const Index batch = x.rows();
    if (x.cols() != layers_.front().by_row.cols)
      throw InvalidArgument("engine: input has " + std::to_string(x.cols()) +
                            " features, expected " + std::to_string(layers_.front().by_row.cols));
    const float* in = nullptr;
    if (x.outerStride() == batch) {
      in = x.data();
    } else {
      input_ = x;
      in = input_.data();
    }
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      const auto& layer = layers_[l];
      auto& out = buf_[l];
      out.resize(batch, layer.by_row.rows);
      if (batch == 1) {
        const std::int32_t nonzero = sparse::nonzero_positions(in, layer.by_row.cols, nonzero_);
        if (nonzero <= sparse::kNonzeroInputsBreakEven * static_cast<double>(layer.by_row.cols))
          sparse::csc_matvec_nonzero_inputs(layer, in, nonzero_.data(), nonzero, out.data());
        else
          sparse::csr_matvec(layer, in, out.data());
      } else {
        sparse::csr_block(layer, in, batch, out.data());
      }
      in = out.data();
    }
    return buf_.back();
  }

 private:
  std::vector<sparse::SparseLayer> layers_;
  std::vector<Eigen::MatrixXf> buf_;
  Eigen::MatrixXf input_;
  std::vector<std::int32_t> nonzero_;
};

}  // namespace

std::unique_ptr<InferenceEngine> make_engine(const Network& network, EngineKind kind) {
  if (network.n_layers() == 0) throw InvalidArgument("make_engine: the network has no layers");
  switch (kind) {
    case EngineKind::dense:
      return std::make_unique<DenseEngine>(network, EngineKind::dense);
    case EngineKind::csr:
      return std::make_unique<CsrEngine>(network);
    case EngineKind::compact:
      return std::make_unique<DenseEngine>(compact(network), EngineKind::compact);
  }
  throw InvalidArgument("make_engine: unknown engine");
}

EngineKind choose_engine(const Network& network, Index batch) {
  const NetworkSize size = network_size(network);
  const double break_even = batch <= 8 ? kCsrBreakEvenBatch1 : kCsrBreakEvenBatch256;
  if (size.removed_neurons > 0) {
    const NetworkSize small = network_size(compact(network));
    return small.weight_sparsity() >= break_even ? EngineKind::csr : EngineKind::compact;
  }
  return size.weight_sparsity() >= break_even ? EngineKind::csr : EngineKind::dense;
}

}  // namespace prunekit
