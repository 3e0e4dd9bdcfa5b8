// Adding a method takes one declaration and one registry line: a toy path method on trees
// (cut the deepest levels) is listed, validated, swept as a grid, selected by cv_1se and
// reported like every built-in method.
#include <gtest/gtest.h>

#include "prune/tree/tree_edit.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/experiment/runner.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/prune/families.hpp"
#include "prunekit/prune/registry.hpp"
#include "prunekit/tree/decision_tree_model.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

std::vector<std::size_t> node_depths(const Tree& tree) {
  std::vector<std::size_t> depth(tree.n_nodes(), 0);
  for (std::size_t t = 0; t < tree.n_nodes(); ++t)
    if (!tree.is_leaf(t))
      for (const auto child : {tree.children_left[t], tree.children_right[t]})
        depth[static_cast<std::size_t>(child)] = depth[t] + 1;
  return depth;
}

/// Knob k: the tree with its k deepest levels cut (k = depth leaves the root alone).
class LevelCutPath final : public PathModels {
 public:
  explicit LevelCutPath(const DecisionTreeModel& model)
      : config_(model.config()), tree_(model.tree()), depth_(node_depths(tree_)) {
    const std::size_t max_depth = *std::max_element(depth_.begin(), depth_.end());
    path_ = {"levels", "leaves", {}};
    for (std::size_t k = 0; k <= max_depth; ++k)
      path_.points.push_back({static_cast<double>(k), 0.0, static_cast<double>(cut(k).n_leaves())});
  }
  [[nodiscard]] const PruningPath& path() const override { return path_; }
  [[nodiscard]] std::unique_ptr<Model> at(double knob) const override {
    return std::make_unique<DecisionTreeModel>(config_, cut(static_cast<std::size_t>(knob)));
  }

 private:
  [[nodiscard]] Tree cut(std::size_t levels) const {
    const std::size_t keep = path_.points.size() - 1 - std::min(levels, path_.points.size() - 1);
    std::vector<bool> make_leaf(depth_.size());
    for (std::size_t t = 0; t < depth_.size(); ++t)
      make_leaf[t] = depth_[t] >= keep && !tree_.is_leaf(t);
    return collapse_nodes(tree_, make_leaf);
  }
  DecisionTreeConfig config_;
  Tree tree_;
  std::vector<std::size_t> depth_;
  PruningPath path_;
};

MethodDeclaration level_cut_method() {
  MethodDeclaration m =
      declare_method("toy_level_cut", tree_family(), "cuts the deepest levels of the tree");
  m.knob = KnobDeclaration{
      number_param("levels", std::nullopt, Range::at_least(0), "levels cut"), {}, {}};
  m.walk = [](const Model& model, const ParamValues&, const Dataset&, Rng&) {
    return std::make_unique<LevelCutPath>(dynamic_cast<const DecisionTreeModel&>(model));
  };
  return m;
}

MethodRegistry with_toy() {
  MethodRegistry registry = MethodRegistry::builtin();
  registry.add(level_cut_method());  // the one registry line
  return registry;
}

TEST(ToyMethod, IsListedAndValidated) {
  MethodRegistry registry = with_toy();
  EXPECT_NE(registry.markdown("decision_tree").find("`toy_level_cut`"), std::string::npos);
  EXPECT_NE(registry.markdown().find("| `levels` | number >= 0 |"), std::string::npos);
  EXPECT_THROW((void)registry.make({{"method", "toy_level_cut"}, {"levels", -1}}), ConfigError);
  EXPECT_THROW((void)registry.make({{"method", "toy_level_cut"}, {"level", 1}}), ConfigError);
  EXPECT_THROW(registry.add(level_cut_method()), InvalidArgument);
  EXPECT_EQ(registry.grid_axes({{"method", "toy_level_cut"}, {"levels", {1, 2}}}),
            std::vector<std::string>{"levels"});
}

TEST(ToyMethod, IsSelectedByCvOneSe) {
  const MethodRegistry registry = with_toy();
  const Dataset data = load_bundled("breast_cancer");
  auto model = make_model("decision_tree", nlohmann::json::object());
  Rng fit_rng(0);
  model->fit(data, fit_rng);
  const auto pruner = registry.make({{"method", "toy_level_cut"}});
  EXPECT_EQ(pruner->params().at("select"), "cv_1se");
  Rng rng(3);
  const PruneResult result = pruner->prune(*model, PruneContext{data}, rng);
  ASSERT_TRUE(result.selection.has_value());
  EXPECT_EQ(result.selection->rule, "cv_1se");
  EXPECT_EQ(result.report.knob, result.selection->knobs[result.selection->chosen]);
  EXPECT_GT(result.report.knob, 0.0);  // a full-depth tree overfits: some levels go
  EXPECT_LT(result.report.after.at("leaves").get<double>(),
            model->size().at("leaves").get<double>());
  EXPECT_GT(result.report.details.at("leaves_removed").get<long long>(), 0);
}

TEST(ToyMethod, SweepsAGridAndIsReported) {
  const MethodRegistry registry = with_toy();
  Factories factories = Factories::registries();
  factories.pruner = [&registry](const nlohmann::json& spec, const std::string& file,
                                 const std::string& path) {
    return registry.make(spec, file, path);
  };
  factories.pruner_axes = [&registry](const nlohmann::json& spec) {
    return registry.grid_axes(spec);
  };
  const auto config = parse_experiment_config(nlohmann::json::parse(R"({
    "name": "toy", "datasets": ["iris"], "protocol": {"kind": "kfold", "folds": 2, "seed": 1},
    "model": {"kind": "decision_tree"},
    "pruners": [{"method": "none"}, {"method": "toy_level_cut", "levels": [1, 2]}]})"),
                                              "toy.json");
  const auto plan = plan_experiment(config, factories);
  ASSERT_EQ(plan.variants.size(), 3u);
  EXPECT_EQ(plan.variants[2].grid, nlohmann::json({{"levels", 2}}));
  const testing::TempDir dir;
  RunnerOptions options;
  options.output = (dir.path() / "out").string();
  const auto outcome = run_experiment(plan, factories, options);
  std::size_t toy_runs = 0;
  for (const auto& run : outcome.results["runs"])
    if (run["method"] == "toy_level_cut") {
      ++toy_runs;
      EXPECT_EQ(run["knob_name"], "levels");
      EXPECT_EQ(run["knob"], run["grid"]["levels"]);
    }
  EXPECT_EQ(toy_runs, 4u);
}

}  // namespace
}  // namespace prunekit
