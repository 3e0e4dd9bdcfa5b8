// The servable model file: written and read by the library, used by the CLI.
#include "prunekit/model/model_file.hpp"

#include <gtest/gtest.h>

#include "prunekit/core/error.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/model/registry.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

std::unique_ptr<Model> fitted_tree(const Dataset& data) {
  auto model = make_model("decision_tree", {{"max_depth", 3}});
  Rng rng(0);
  model->fit(data, rng);
  return model;
}

TEST(ModelFile, WithPreprocessingRoundTripsAndPreparesRawData) {
  const testing::TempDir dir;
  const Dataset raw = load_bundled("credit_g");  // categorical features
  const Preprocessor prep(raw, PreprocessOptions{});
  const auto model = fitted_tree(prep.apply(raw));
  const std::string path = (dir.path() / "m.json").string();
  save_model_file(path, *model, prep, raw);
  const ModelFile file = load_model_file(path);
  ASSERT_TRUE(file.preprocessor.has_value());
  EXPECT_EQ(file.class_names, raw.schema.class_names);
  EXPECT_EQ(file.model->predict(file.prepare(raw)), model->predict(prep.apply(raw)));
}

TEST(ModelFile, WithoutPreprocessingNumericDataPassesOtherDataIsAClearError) {
  const testing::TempDir dir;
  const Dataset numeric = load_bundled("breast_cancer");
  const auto model = fitted_tree(numeric);
  const std::string path = (dir.path() / "lib.json").string();
  save_model(*model, path);
  const ModelFile file = load_model_file(path);
  EXPECT_FALSE(file.preprocessor.has_value());
  EXPECT_EQ(file.model->predict(file.prepare(numeric)), model->predict(numeric));
  try {
    (void)file.prepare(load_bundled("credit_g"));
    FAIL() << "categorical data without preprocessing";
  } catch (const DataError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find("no preprocessing"), std::string::npos) << what;
    EXPECT_NE(what.find("categorical"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace prunekit
