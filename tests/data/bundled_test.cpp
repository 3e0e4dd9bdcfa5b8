#include "prunekit/data/bundled.hpp"

#include <gtest/gtest.h>

#include "prunekit/core/error.hpp"
#include "prunekit/core/json_file.hpp"

namespace prunekit {
namespace {

TEST(Bundled, EveryDatasetMatchesItsSidecar) {
  const auto names = bundled_dataset_names();
  ASSERT_GE(names.size(), 16u);
  for (const auto& name : names) {
    SCOPED_TRACE(name);
    const auto sidecar = read_json_file(bundled_data_dir() + "/" + name + ".json");
    const Dataset d = load_bundled(name);
    d.check();
    EXPECT_EQ(d.rows, sidecar.at("n_rows").get<std::size_t>());
    EXPECT_EQ(d.n_features(), sidecar.at("n_features").get<std::size_t>());
    EXPECT_EQ(d.missing_total(), sidecar.at("missing_values").get<std::size_t>());
    if (sidecar.at("task") == "classification") {
      EXPECT_TRUE(d.is_classification());
      EXPECT_EQ(d.n_classes(), sidecar.at("n_classes").get<std::size_t>());
    } else {
      EXPECT_FALSE(d.is_classification());
      EXPECT_EQ(d.targets.size(), d.rows);
    }
    std::size_t categorical = 0;
    for (const auto& f : d.schema.features) categorical += f.categorical ? 1 : 0;
    EXPECT_EQ(categorical, sidecar.at("categorical_features").size());
  }
}

TEST(Bundled, IrisHasFishersClassBalance) {
  const Dataset iris = load_bundled("iris");
  EXPECT_EQ(iris.class_counts(), (std::vector<std::size_t>{50, 50, 50}));
  EXPECT_EQ(iris.schema.class_names[0], "setosa");
  EXPECT_FLOAT_EQ(iris.value(0, 0), 5.1f);
}

TEST(Bundled, UnknownNameListsValidOnes) {
  try {
    (void)load_bundled("no_such_data");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("iris"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace prunekit
