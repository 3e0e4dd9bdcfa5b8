#pragma once
/// Creating pruners by name from JSON: {"method": "cost_complexity", "select": "cv_1se"}.
/// One registry for both families, so the experiment runner never knows which it drives. A
/// registry is a value: the built-in one, or a copy with a library user's own methods added.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/core/params.hpp"
#include "prunekit/prune/method.hpp"
#include "prunekit/prune/pruner.hpp"

namespace prunekit {

/// Every parameter a method accepts: its knob and the selection keys (path methods), its own,
/// then its family's.
[[nodiscard]] ParamTable method_table(const MethodDeclaration& method);

/// Whether a listing for `family` ("" for all) shows the method ("any" methods always).
[[nodiscard]] bool in_family(const MethodDeclaration& method, const std::string& family);

/// The method's parameters as a markdown table (as docs/pruning.md shows them).
[[nodiscard]] std::string method_markdown_table(const MethodDeclaration& method);

class MethodRegistry {
 public:
  /// Every built-in method, in the order `prunekit methods` lists them.
  [[nodiscard]] static const MethodRegistry& builtin();

  /// Adds a method; a name already taken throws InvalidArgument.
  void add(MethodDeclaration method);
  [[nodiscard]] const std::vector<std::shared_ptr<const MethodDeclaration>>& methods() const {
    return methods_;
  }
  [[nodiscard]] std::shared_ptr<const MethodDeclaration> find(const std::string& name) const;

  /// A pruner from its JSON spec (an object with "method" and the method's parameters).
  /// Unknown methods list the valid ones; unknown keys and impossible values throw ConfigError
  /// naming `file` and `json_path`.
  [[nodiscard]] std::unique_ptr<Pruner> make(const nlohmann::json& spec,
                                             const std::string& file = {},
                                             const std::string& json_path = "") const;
  /// The keys of a spec whose lists sweep a grid (asked of the method's table).
  [[nodiscard]] std::vector<std::string> grid_axes(const nlohmann::json& spec) const;

  /// The methods of `family` ("" for all) as markdown: one section and table per method.
  [[nodiscard]] std::string markdown(const std::string& family = "") const;
  [[nodiscard]] nlohmann::json to_json(const std::string& family = "") const;

 private:
  std::vector<std::shared_ptr<const MethodDeclaration>> methods_;
};

/// MethodRegistry::builtin().make(...).
[[nodiscard]] std::unique_ptr<Pruner> make_pruner(const nlohmann::json& spec,
                                                  const std::string& file = {},
                                                  const std::string& json_path = "");

}  // namespace prunekit
