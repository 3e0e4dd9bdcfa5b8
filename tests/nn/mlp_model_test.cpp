// MlpModel through the family-independent Model interface: registry, fit, save/load.
#include "prunekit/nn/mlp_model.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "prunekit/core/error.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/data/preprocess.hpp"
#include "prunekit/model/metrics.hpp"
#include "prunekit/model/registry.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

Dataset scaled(const std::string& name) {
  const Dataset raw = load_bundled(name);
  PreprocessOptions o;
  o.scale_unit_range = true;
  return Preprocessor(raw, o).apply(raw);
}

std::unique_ptr<Model> fitted_iris(std::uint64_t seed = 0) {
  auto model = make_model(
      "mlp", nlohmann::json{{"hidden", {16}}, {"epochs", 60}, {"batch", 16}, {"lr", 0.1}});
  Rng rng(seed);
  model->fit(scaled("iris"), rng);
  return model;
}

TEST(MlpModel, LearnsIrisThroughTheRegistry) {
  const auto model = fitted_iris();
  EXPECT_EQ(model->kind(), "mlp");
  const Dataset data = scaled("iris");
  EXPECT_GT(accuracy(data, model->predict(data)), 0.9);
  EXPECT_EQ(model->size()["parameters"], 4 * 16 + 16 + 16 * 3 + 3);
  EXPECT_NE(model->render("summary").find("16x4"), std::string::npos) << model->render("summary");
  EXPECT_THROW((void)model->render("dot"), InvalidArgument);
  EXPECT_THROW((void)make_model("mlp", nlohmann::json{{"hiden", {3}}}), ConfigError);
}

TEST(MlpModel, KeepsItsTrainingHistoryThroughCopiesAndFurtherTraining) {
  auto model = fitted_iris();
  auto& mlp = dynamic_cast<MlpModel&>(*model);
  ASSERT_EQ(mlp.training_history().size(), 1u);
  EXPECT_EQ(mlp.training_history()[0].name, "train");
  EXPECT_EQ(mlp.training_history()[0].report.train_loss.size(), 60u);
  const Dataset data = scaled("iris");
  Rng rng(3);
  mlp.train_masked(data, 4, rng);
  auto copy = mlp.clone();
  const auto& history = dynamic_cast<const MlpModel&>(*copy).training_history();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].name, "fine-tune");
  EXPECT_EQ(history[1].report.train_accuracy.size(), 4u);
  mlp.fit(data, rng);  // a new fit starts a new history
  EXPECT_EQ(mlp.training_history().size(), 1u);
}

TEST(MlpModel, SaveLoadRoundTripIsExactWithMasks) {
  auto model = fitted_iris();
  auto& mlp = dynamic_cast<MlpModel&>(*model);
  mlp.network().layer(0).weight_mask(3, 1) = 0.0f;
  mlp.network().remove_neuron(0, 7);
  mlp.network().apply_masks();
  const testing::TempDir dir;
  const std::string path = (dir.path() / "m.json").string();
  save_model(*model, path);
  const auto loaded = load_model(path);
  const auto& back = dynamic_cast<const MlpModel&>(*loaded);
  ASSERT_EQ(back.network().n_layers(), mlp.network().n_layers());
  for (std::size_t l = 0; l < back.network().n_layers(); ++l) {
    const auto& a = mlp.network().layer(l);
    const auto& b = back.network().layer(l);
    EXPECT_EQ(std::memcmp(a.weight.data(), b.weight.data(),
                          4 * static_cast<std::size_t>(a.weight.size())),
              0);
    EXPECT_EQ(
        std::memcmp(a.bias.data(), b.bias.data(), 4 * static_cast<std::size_t>(a.bias.size())), 0);
    EXPECT_EQ(a.weight_mask, b.weight_mask);
    EXPECT_EQ(a.bias_mask, b.bias_mask);
    EXPECT_EQ(a.activation, b.activation);
  }
  EXPECT_EQ(loaded->to_json(), model->to_json());
  const Dataset data = scaled("iris");
  EXPECT_EQ(loaded->predict(data), model->predict(data));
}

TEST(MlpModel, CorruptFilesAreDataErrorsNamingTheFile) {
  const auto model = fitted_iris();
  const nlohmann::json good = model->to_json();
  auto expect_data_error = [](const nlohmann::json& j, const std::string& what) {
    try {
      (void)model_from_json(j, "bad.json");
      FAIL() << "accepted: " << what;
    } catch (const DataError& e) {
      EXPECT_EQ(e.file(), "bad.json") << what;
      EXPECT_NE(std::string(e.what()).find("bad.json"), std::string::npos);
    }
  };
  nlohmann::json j = good;
  j["layers"][0]["weight"] = "!!!not base64";
  expect_data_error(j, "bad base64");
  j = good;
  j["layers"][0]["bias"] = "AAAA";
  expect_data_error(j, "wrong length");
  j = good;
  j["layers"][1]["activation"] = "softsign";
  expect_data_error(j, "unknown activation");
  j = good;
  j["layers"][1]["inputs"] = 15;
  expect_data_error(j, "shape mismatch");
  j = good;
  j["params"]["bogus"] = 1;
  expect_data_error(j, "unknown parameter");
  j = good;
  j["layers"].erase(0);
  j["layers"].erase(0);
  expect_data_error(j, "no layers");
}

TEST(MlpModel, RegressionPredictsInTargetUnits) {
  const Dataset data = scaled("diabetes_regression");
  auto model = make_model("mlp", nlohmann::json{{"hidden", {16}}, {"epochs", 40}, {"lr", 0.01}});
  Rng rng(1);
  model->fit(data, rng);
  EXPECT_EQ(model->task(), Task::regression);
  EXPECT_GT(r2_score(data, model->predict(data)), 0.3);
}

TEST(MlpModel, EnginesGiveTheSamePredictions) {
  auto model = fitted_iris(3);
  auto& mlp = dynamic_cast<MlpModel&>(*model);
  mlp.network().remove_neuron(0, 2);
  const Dataset data = scaled("iris");
  const auto dense = mlp.outputs(data, EngineKind::dense);
  EXPECT_LE((mlp.outputs(data, EngineKind::csr) - dense).cwiseAbs().maxCoeff(), 1e-5f);
  EXPECT_LE((mlp.outputs(data, EngineKind::compact) - dense).cwiseAbs().maxCoeff(), 1e-5f);
}

}  // namespace
}  // namespace prunekit
