// The cnn model: named architectures, fitting on small images, saving and loading, parameter
// errors.
#include "prunekit/nn/cnn_model.hpp"

#include <gtest/gtest.h>

#include "prunekit/core/error.hpp"
#include "prunekit/model/metrics.hpp"
#include "prunekit/model/registry.hpp"

namespace prunekit {
namespace {

using Json = nlohmann::json;

/// 8x8 images of a horizontal (class 0) or vertical (class 1) bar at a random place, in noise.
Dataset bar_images(std::size_t rows, std::uint64_t seed) {
  Rng rng(seed);
  Dataset d;
  d.rows = rows;
  d.schema.class_names = {"horizontal", "vertical"};
  d.schema.item_shape = {1, 8, 8};
  for (std::size_t j = 0; j < 64; ++j)
    d.schema.features.push_back({"p" + std::to_string(j), false, {}});
  d.features.assign(rows * 64, 0.0f);
  for (std::size_t i = 0; i < rows; ++i) {
    const auto label = static_cast<std::int32_t>(rng.below(2));
    const auto at = static_cast<std::size_t>(rng.below(8));
    d.labels.push_back(label);
    for (std::size_t k = 0; k < 64; ++k) {
      const std::size_t y = k / 8, x = k % 8;
      const bool on = label == 0 ? y == at : x == at;
      d.features[k * rows + i] = (on ? 1.0f : 0.0f) + static_cast<float>(rng.uniform(0.0, 0.3));
    }
  }
  return d;
}

double cnn_accuracy(const Model& m, const Dataset& d) {
  const auto p = m.predict(d);
  std::size_t right = 0;
  for (std::size_t i = 0; i < d.rows; ++i) right += static_cast<std::int32_t>(p[i]) == d.labels[i];
  return static_cast<double>(right) / static_cast<double>(d.rows);
}

Json small_architecture() {
  return Json::array({{{"type", "conv2d"}, {"channels", 4}, {"kernel", 3}, {"padding", 1}},
                      {{"type", "batchnorm"}},
                      {{"type", "relu"}},
                      {{"type", "maxpool2d"}, {"kernel", 2}},
                      {{"type", "flatten"}},
                      {{"type", "dense"}}});
}

TEST(CnnModel, LearnsBarsAndSavesExactly) {
  const Dataset train = bar_images(200, 1), test = bar_images(100, 2);
  auto model = make_model(
      "cnn", {{"architecture", small_architecture()}, {"epochs", 8}, {"batch", 16}, {"lr", 0.05}});
  Rng rng(7);
  model->fit(train, rng);
  EXPECT_GT(cnn_accuracy(*model, test), 0.9);
  const auto loaded = model_from_json(model->to_json(), "saved.json");
  const auto& a = dynamic_cast<const CnnModel&>(*model);
  const auto& b = dynamic_cast<const CnnModel&>(*loaded);
  EXPECT_TRUE((a.outputs(test).array() == b.outputs(test).array()).all());
  EXPECT_EQ(loaded->size(), model->size());
}

// The figures of PyTorch's LeNet-5 in ../shared/peers/RESULTS.md (section D): 431,080
// parameters, 2,293,000 multiply-adds per 28x28 image.
TEST(CnnModel, Lenet5HasTheCaffeShape) {
  Rng rng(1);
  const ConvNetwork net({1, 28, 28}, architecture_specs("lenet5", 10), Init::he, rng);
  EXPECT_EQ(net.multiply_adds(), 2293000);
  std::size_t params = 0;
  ConvNetwork copy = net;
  for (const auto& v : copy.parameters()) params += v.value.size();
  EXPECT_EQ(params, 431080u);
  const ConvNetwork vgg({1, 28, 28}, architecture_specs("vgg_bn_small", 10), Init::he, rng);
  EXPECT_EQ(vgg.outputs(), 10);
}

TEST(CnnModel, RefusesBadParametersAtTheirPath) {
  auto error_of = [](const Json& params) {
    try {
      (void)make_model("cnn", params, "c.json", "/model");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of({{"architecture", "resnet"}}).find("/model/architecture"), std::string::npos);
  EXPECT_NE(error_of({{"architecture", Json::array({{{"type", "conv3d"}}, {{"type", "dense"}}})}})
                .find("/model/architecture/0/type"),
            std::string::npos);
  EXPECT_NE(error_of({{"architecture",
                       Json::array({{{"type", "conv2d"}, {"channels", 0}}, {{"type", "dense"}}})}})
                .find("/model/architecture/0/channels"),
            std::string::npos);
  EXPECT_NE(error_of({{"input_shape", Json::array({1, 28})}}).find("/model/input_shape"),
            std::string::npos);
  EXPECT_NE(error_of({{"hidden", 3}}).find("hidden"), std::string::npos);
}

TEST(CnnModel, NeedsAnImageShape) {
  Dataset d = bar_images(20, 3);
  d.schema.item_shape.clear();
  auto model = make_model("cnn", {{"architecture", small_architecture()}, {"epochs", 1}});
  Rng rng(1);
  EXPECT_THROW(model->fit(d, rng), InvalidArgument);
  auto shaped = make_model("cnn", {{"architecture", small_architecture()},
                                   {"epochs", 1},
                                   {"input_shape", Json::array({1, 8, 8})}});
  EXPECT_NO_THROW(shaped->fit(d, rng));
}

TEST(CnnModel, RefusesACorruptFile) {
  const Dataset train = bar_images(40, 1);
  auto model = make_model("cnn", {{"architecture", small_architecture()}, {"epochs", 1}});
  Rng rng(7);
  model->fit(train, rng);
  Json saved = model->to_json();
  saved["layers"][0]["state"]["weight"] = "AAAA";
  EXPECT_THROW((void)model_from_json(saved, "bad.json"), DataError);
  saved = model->to_json();
  saved["layers"][0]["channels"] = 5;
  EXPECT_THROW((void)model_from_json(saved, "bad.json"), DataError);
}

}  // namespace
}  // namespace prunekit
