// Neuron pruning with physical compaction, and the N:M pattern.
#include "prunekit/prune/nn/structured.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "prune/nn/nn_fixtures.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/prune/registry.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

using testing::as_mlp;
using testing::fitted_small_mlp;
using testing::iris_scaled;

PruneResult run_structured(const nlohmann::json& spec, const Model& model) {
  Rng rng(2);
  return make_pruner(spec)->prune(model, PruneContext{iris_scaled()}, rng);
}

TEST(NeuronPruning, CompactedNetworkPredictsAsTheMaskedOneAndSurvivesSaveLoad) {
  const auto model = fitted_small_mlp();
  for (const char* criterion : {"l1", "l2", "activation"}) {
    for (const char* scope : {"layer", "global"}) {
      SCOPED_TRACE(std::string(criterion) + " " + scope);
      nlohmann::json spec{
          {"method", "neuron"}, {"sparsity", 0.5}, {"criterion", criterion}, {"scope", scope}};
      const PruneResult compacted = run_structured(spec, *model);
      spec["compact"] = false;
      const PruneResult masked = run_structured(spec, *model);
      const Network& small = as_mlp(*compacted.model).network();
      const Network& big = as_mlp(*masked.model).network();
      // 14 hidden neurons, 7 removed; per layer 4 of 8 and 3 of 6.
      EXPECT_EQ(small.layer(0).out() + small.layer(1).out(), 7);
      if (std::string(scope) == "layer") {
        EXPECT_EQ(small.layer(0).out(), 4);
        EXPECT_EQ(small.layer(1).out(), 3);
      }
      EXPECT_EQ(big.layer(0).out(), 8);
      const auto x = iris_scaled().matrix();
      const Eigen::MatrixXf a = small.predict(x);
      const Eigen::MatrixXf b = big.predict(x);
      EXPECT_LT((a - b).cwiseAbs().maxCoeff(), 1e-5f);
      const testing::TempDir dir;
      const std::string path = (dir.path() / "n.json").string();
      save_model(*compacted.model, path);
      const auto loaded = load_model(path);
      EXPECT_EQ(loaded->predict(iris_scaled()), masked.model->predict(iris_scaled()));
      EXPECT_EQ(as_mlp(*loaded).network().predict(x), a);
    }
  }
}

TEST(NeuronPruning, RemovesTheNeuronsWithTheSmallestIncomingNorm) {
  const auto model = fitted_small_mlp();
  const auto scores = neuron_scores(model->network(), NeuronCriterion::l2, Eigen::MatrixXf(0, 4));
  const PruneResult r = run_structured(
      {{"method", "neuron"}, {"sparsity", 0.5}, {"criterion", "l2"}, {"compact", false}}, *model);
  const Network& net = as_mlp(*r.model).network();
  for (std::size_t l = 0; l < 2; ++l) {
    float removed_max = 0.0f;
    float kept_min = INFINITY;
    for (Eigen::Index j = 0; j < scores[l].size(); ++j) {
      if (net.neuron_removed(l, j))
        removed_max = std::max(removed_max, scores[l](j));
      else
        kept_min = std::min(kept_min, scores[l](j));
    }
    EXPECT_LE(removed_max, kept_min) << "layer " << l;
    EXPECT_NEAR(scores[l](0), model->network().layer(l).weight.row(0).norm(), 1e-6);
  }
}

TEST(NmPruning, EveryGroupKeepsItsNLargest) {
  const auto model = fitted_small_mlp();
  for (const auto& [n, m] : std::vector<std::pair<int, int>>{{2, 4}, {1, 4}, {3, 8}}) {
    const PruneResult r =
        run_structured({{"method", "nm"}, {"n", n}, {"m", m}, {"finetune_epochs", 1}}, *model);
    EXPECT_DOUBLE_EQ(r.report.knob, 1.0 - static_cast<double>(n) / m);
    const Network& net = as_mlp(*r.model).network();
    for (std::size_t l = 0; l < 2; ++l) {
      const DenseLayer& L = net.layer(l);
      const RowMatrixXf& w0 = model->network().layer(l).weight;
      for (Eigen::Index row = 0; row < L.out(); ++row)
        for (Eigen::Index start = 0; start < L.in(); start += m) {
          const Eigen::Index g = std::min<Eigen::Index>(m, L.in() - start);
          int kept = 0;
          float kept_min = INFINITY;
          float removed_max = 0.0f;
          for (Eigen::Index c = start; c < start + g; ++c) {
            if (L.weight_mask(row, c) != 0.0f) {
              ++kept;
              kept_min = std::min(kept_min, std::abs(w0(row, c)));
            } else {
              EXPECT_EQ(L.weight(row, c), 0.0f);
              removed_max = std::max(removed_max, std::abs(w0(row, c)));
            }
          }
          EXPECT_EQ(kept, std::min<int>(n, static_cast<int>(g)));
          EXPECT_LE(removed_max, kept_min);
        }
    }
    EXPECT_EQ(net.layer(2).kept_weights(), 18u);  // output layer untouched by default
  }
}

}  // namespace
}  // namespace prunekit
