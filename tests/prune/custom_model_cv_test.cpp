// Cross-validation refits the model through the maker it is given, so that a model kind a
// library user registered (here the test nearest-centroid model) can be cross-validated.
#include <gtest/gtest.h>

#include <atomic>

#include "experiment/test_models.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/prune/registry.hpp"

namespace prunekit {
namespace {

using testing::CentroidModel;

/// Knob f: the last round(f x features) coordinates of every centroid set to 0.
class FlattenPath final : public PathModels {
 public:
  explicit FlattenPath(const CentroidModel& model) : model_(model.clone()) {
    path_ = {"fraction", "features", {}};
    for (double f : candidate_knobs()) path_.points.push_back({f, 0.0, 1.0 - f});
  }
  [[nodiscard]] const PruningPath& path() const override { return path_; }
  [[nodiscard]] std::vector<double> candidate_knobs() const override {
    return {0.0, 0.25, 0.5, 0.75};
  }
  [[nodiscard]] std::unique_ptr<Model> at(double knob) const override {
    auto copy = model_->clone();
    auto& m = dynamic_cast<CentroidModel&>(*copy);
    const std::size_t f = m.overall.size();
    const auto drop = static_cast<std::size_t>(std::llround(knob * static_cast<double>(f)));
    for (auto& c : m.centroids)
      for (std::size_t j = f - drop; j < f; ++j) c[j] = 0.0;
    return copy;
  }

 private:
  std::unique_ptr<Model> model_;
  PruningPath path_;
};

const FamilyDeclaration& centroid_family() {
  static const FamilyDeclaration kFamily{
      "test_centroid",
      {},
      [](const Model& model) { return model.kind() == "test_centroid"; },
      {},
      {}};
  return kFamily;
}

MethodDeclaration flatten_path_method() {
  MethodDeclaration m = declare_method("test_flatten_path", centroid_family(), "flattens features");
  m.knob = KnobDeclaration{number_param("fraction", std::nullopt, Range::closed(0, 1), ""), {}, {}};
  m.walk = [](const Model& model, const ParamValues&, const Dataset&, Rng&) {
    return std::make_unique<FlattenPath>(dynamic_cast<const CentroidModel&>(model));
  };
  return m;
}

TEST(CustomModelCv, FoldsAreRefittedThroughTheGivenMaker) {
  MethodRegistry registry = MethodRegistry::builtin();
  registry.add(flatten_path_method());
  const auto pruner = registry.make({{"method", "test_flatten_path"}, {"folds", 4}});
  const Dataset data = load_bundled("iris");
  const Factories factories = testing::test_factories();
  auto model = factories.model("test_centroid", nlohmann::json::object(), "", "");
  Rng fit_rng(1);
  model->fit(data, fit_rng);

  std::atomic<int> refits{0};
  PruneContext context{data};
  context.make_model = [&](const std::string& kind, const nlohmann::json& params) {
    ++refits;
    return factories.model(kind, params, "", "");
  };
  Rng rng(2);
  const PruneResult result = pruner->prune(*model, context, rng);
  EXPECT_EQ(refits.load(), 4);
  ASSERT_TRUE(result.selection.has_value());
  EXPECT_EQ(result.selection->error_mean.size(), 4u);

  // Without the maker, the registry does not know the kind.
  Rng again(2);
  EXPECT_THROW((void)pruner->prune(*model, PruneContext{data}, again), ConfigError);
}

}  // namespace
}  // namespace prunekit
