#pragma once
/// The CART decision tree as a prunekit::Model (kind "decision_tree"): strict JSON parameters,
/// fitting with build_tree, versioned model files, and the summary/text/dot renderings.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/core/params.hpp"
#include "prunekit/model/model.hpp"
#include "prunekit/tree/builder.hpp"
#include "prunekit/tree/tree.hpp"

namespace prunekit {

/// Hyper-parameters as given in JSON: TreeParams plus class weights by class name, which can
/// only be resolved against the training data's classes.
struct DecisionTreeConfig {
  TreeParams tree;
  /// class_weight given as {"class name": weight}; classes not listed weigh 1.
  std::vector<std::pair<std::string, double>> class_weight_by_name;
};

/// The parameters' declarations (docs/trees.md shows this table).
[[nodiscard]] const ParamTable& decision_tree_param_table();

/// Reads the parameter object through decision_tree_param_table() (a "kind" key is skipped). An
/// unknown key or a bad value throws ConfigError(config_file, json_path + "/key", problem).
[[nodiscard]] DecisionTreeConfig parse_decision_tree_params(const nlohmann::json& params,
                                                            const std::string& config_file,
                                                            const std::string& json_path);
/// The inverse: every parameter, defaults included (null for "unset").
[[nodiscard]] nlohmann::json decision_tree_params_to_json(const DecisionTreeConfig& config);

class DecisionTreeModel final : public Model {
 public:
  explicit DecisionTreeModel(DecisionTreeConfig config = {}) : config_(std::move(config)) {}
  /// A fitted model around an existing tree (an imported or pruned one).
  DecisionTreeModel(DecisionTreeConfig config, Tree tree)
      : config_(std::move(config)), tree_(std::move(tree)) {}

  [[nodiscard]] std::string kind() const override { return "decision_tree"; }
  [[nodiscard]] std::unique_ptr<Model> clone() const override;
  void fit(const Dataset& train, Rng& rng) override;
  /// Fits with one non-negative weight per training row.
  void fit(const Dataset& train, Rng& rng, std::span<const double> sample_weight);
  [[nodiscard]] std::vector<double> predict(const Dataset& data) const override;
  [[nodiscard]] Task task() const override;
  [[nodiscard]] ModelSize size() const override;
  [[nodiscard]] nlohmann::json params() const override;
  [[nodiscard]] nlohmann::json body_json() const override;
  [[nodiscard]] std::vector<std::string> render_formats() const override {
    return {"summary", "text", "dot", "dot_filled"};
  }
  [[nodiscard]] std::string render(const std::string& format) const override;

  [[nodiscard]] bool fitted() const noexcept { return tree_.n_nodes() > 0; }
  /// The fitted tree (empty before fit). Valid until the next fit or set_tree.
  [[nodiscard]] const Tree& tree() const noexcept { return tree_; }
  void set_tree(Tree tree) { tree_ = std::move(tree); }
  [[nodiscard]] const DecisionTreeConfig& config() const noexcept { return config_; }

  /// The model from a saved model file's JSON (DataError naming `file` when corrupt).
  [[nodiscard]] static std::unique_ptr<DecisionTreeModel> from_json(const nlohmann::json& saved,
                                                                    const std::string& file);

 private:
  void require_fitted() const;
  DecisionTreeConfig config_;
  Tree tree_;
};

/// Registry hooks (lib/src/model/registry.cpp).
[[nodiscard]] std::unique_ptr<Model> make_decision_tree_model(const nlohmann::json& params,
                                                              const std::string& config_file,
                                                              const std::string& json_path);
[[nodiscard]] std::unique_ptr<Model> load_decision_tree_model(const nlohmann::json& saved,
                                                              const std::string& file);

}  // namespace prunekit
