// The three inference engines agree, and the size report counts what it says.
#include "prunekit/nn/engine.hpp"

#include <gtest/gtest.h>

#include "prunekit/core/error.hpp"

namespace prunekit {
namespace {

Network random_network(Activation act, std::uint64_t seed) {
  Rng rng(seed);
  Network net(NetworkShape{20, {30, 12}, 4, act}, Init::he, rng);
  for (std::size_t l = 0; l < net.n_layers(); ++l)
    for (Eigen::Index i = 0; i < net.layer(l).out(); ++i)
      net.layer(l).bias[i] = static_cast<float>(rng.uniform(-0.2, 0.2));
  return net;
}

void mask_randomly(Network& net, double sparsity, Rng& rng) {
  for (std::size_t l = 0; l < net.n_layers(); ++l) {
    auto& m = net.layer(l).weight_mask;
    for (Eigen::Index k = 0; k < m.size(); ++k)
      if (rng.uniform() < sparsity) m.data()[k] = 0.0f;
  }
  net.apply_masks();
}

Eigen::MatrixXf inputs(Eigen::Index rows, Rng& rng) {
  Eigen::MatrixXf x(rows, 20);
  for (Eigen::Index k = 0; k < x.size(); ++k) x.data()[k] = static_cast<float>(rng.uniform());
  return x;
}

TEST(Engines, AgreeAtSeveralSparsitiesWithRemovedNeurons) {
  for (Activation act : {Activation::relu, Activation::tanh, Activation::sigmoid}) {
    for (double sparsity : {0.0, 0.5, 0.9, 0.98}) {
      for (bool remove : {false, true}) {
        Rng rng(17);
        Network net = random_network(act, 3);
        mask_randomly(net, sparsity, rng);
        if (remove) {
          net.remove_neuron(0, 3);
          net.remove_neuron(0, 4);
          net.remove_neuron(1, 0);
        }
        for (Eigen::Index batch : {1, 3, 64, 150}) {
          const Eigen::MatrixXf x = inputs(batch, rng);
          const Eigen::MatrixXf reference = net.predict(x);
          for (EngineKind kind : {EngineKind::dense, EngineKind::csr, EngineKind::compact}) {
            auto engine = make_engine(net, kind);
            const Eigen::MatrixXf y = engine->run(x);
            ASSERT_EQ(y.rows(), batch);
            ASSERT_EQ(y.cols(), 4);
            EXPECT_LE((y - reference).cwiseAbs().maxCoeff(), 1e-5f)
                << to_string(kind) << " sparsity " << sparsity << " batch " << batch << " removed "
                << remove << " " << to_string(act);
          }
        }
      }
    }
  }
}

// At batch 1 the sparse engine takes, per layer, the row kernel for mostly non-zero inputs and
// the column kernel (non-zero inputs only) otherwise; both must give the dense result.
TEST(Engines, SparseEngineAgreesAtBatchOneWhateverTheInputsZeros) {
  for (double zeros : {0.0, 0.3, 0.6, 0.95, 1.0}) {
    for (double sparsity : {0.0, 0.9}) {
      Rng rng(29);
      Network net = random_network(Activation::relu, 8);
      mask_randomly(net, sparsity, rng);
      auto csr = make_engine(net, EngineKind::csr);
      for (int sample = 0; sample < 20; ++sample) {
        Eigen::MatrixXf x(1, 20);
        for (Eigen::Index j = 0; j < 20; ++j)
          x(0, j) = rng.uniform() < zeros ? 0.0f : static_cast<float>(rng.uniform(-1.0, 1.0));
        const Eigen::MatrixXf y = csr->run(x);
        EXPECT_LE((y - net.predict(x)).cwiseAbs().maxCoeff(), 1e-5f)
            << "zeros " << zeros << " sparsity " << sparsity << " sample " << sample;
      }
    }
  }
}

TEST(Engines, StridedInputBlocksWork) {
  Rng rng(2);
  Network net = random_network(Activation::relu, 5);
  mask_randomly(net, 0.7, rng);
  const Eigen::MatrixXf x = inputs(100, rng);
  auto csr = make_engine(net, EngineKind::csr);
  const Eigen::MatrixXf part = csr->run(x.middleRows(10, 70));
  const Eigen::MatrixXf one = csr->run(x.middleRows(5, 1));
  const Eigen::MatrixXf reference = net.predict(x);
  EXPECT_LE((part - reference.middleRows(10, 70)).cwiseAbs().maxCoeff(), 1e-5f);
  EXPECT_LE((one - reference.middleRows(5, 1)).cwiseAbs().maxCoeff(), 1e-5f);
}

TEST(Engines, CompactDeletesRemovedNeurons) {
  Network net = random_network(Activation::relu, 7);
  net.remove_neuron(0, 1);
  net.remove_neuron(0, 2);
  net.remove_neuron(1, 11);
  const Network small = compact(net);
  ASSERT_EQ(small.n_layers(), 3u);
  EXPECT_EQ(small.layer(0).out(), 28);
  EXPECT_EQ(small.layer(1).in(), 28);
  EXPECT_EQ(small.layer(1).out(), 11);
  EXPECT_EQ(small.layer(2).in(), 11);
  EXPECT_EQ(small.layer(2).out(), 4);
}

TEST(NetworkSize, CountsByHand) {
  // 3 -> 2 -> 1: 6 + 2 weights, 2 + 1 biases.
  DenseLayer a(3, 2, Activation::relu);
  a.weight << 1, 0, 2, 3, 4, 5;
  a.weight_mask << 1, 0, 1, 1, 0, 1;  // 4 kept: (1, 2, 3, 5); a zero value is also dropped
  a.bias << 1, 0;
  DenseLayer b(2, 1, Activation::identity);
  b.weight << 6, 7;
  b.bias << 0.5;
  const NetworkSize s = network_size(Network({a, b}));
  EXPECT_EQ(s.parameters, 11u);
  EXPECT_EQ(s.weights, 8u);
  EXPECT_EQ(s.nonzero_weights, 6u);
  EXPECT_EQ(s.nonzeros, 8u);  // + biases 1 and 0.5
  EXPECT_EQ(s.bytes_dense, 44u);
  EXPECT_EQ(s.weight_bytes_dense, 32u);
  // CSR: layer a: 4 nnz * 8 + 3 row pointers * 4 = 44; layer b: 2 * 8 + 2 * 4 = 24.
  EXPECT_EQ(s.weight_bytes_csr, 68u);
  EXPECT_EQ(s.bytes_csr, 68u + 12u);
  EXPECT_EQ(s.macs_dense, 8u);
  EXPECT_EQ(s.macs_nonzero, 6u);
  EXPECT_NEAR(s.weight_sparsity(), 0.25, 1e-12);
  const CsrMatrix csr = CsrMatrix::from_masked(a.weight, a.weight_mask);
  EXPECT_EQ(csr.row_ptr, (std::vector<std::int32_t>{0, 2, 4}));
  EXPECT_EQ(csr.col, (std::vector<std::int32_t>{0, 2, 0, 2}));
}

TEST(Engines, ChooseEngineFollowsBreakEven) {
  Rng rng(4);
  Network net = random_network(Activation::relu, 9);
  EXPECT_EQ(choose_engine(net, 1), EngineKind::dense);
  mask_randomly(net, 0.97, rng);
  EXPECT_EQ(choose_engine(net, 1), EngineKind::csr);
  EXPECT_EQ(choose_engine(net, 256), EngineKind::csr);
  Network structured = random_network(Activation::relu, 9);
  structured.remove_neuron(0, 0);
  EXPECT_EQ(choose_engine(structured, 256), EngineKind::compact);
  EXPECT_THROW((void)parse_enum<EngineKind>("gpu", "engine"), InvalidArgument);
}

}  // namespace
}  // namespace prunekit
