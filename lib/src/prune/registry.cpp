#include "prunekit/prune/registry.hpp"

#include "prune/builtin_methods.hpp"
#include "prune/declared_pruner.hpp"
#include "prune/selection_params.hpp"
#include "prunekit/core/error.hpp"

namespace prunekit {

MethodDeclaration declare_method(std::string name, const FamilyDeclaration& family,
                                 std::string summary, std::string reference) {
  MethodDeclaration m;
  m.name = std::move(name);
  m.family = &family;
  m.summary = std::move(summary);
  m.reference = std::move(reference);
  return m;
}

ParamTable method_table(const MethodDeclaration& method) {
  std::vector<Param> params;
  if (method.knob) params = selection_params(*method.knob);
  params.insert(params.end(), method.params.begin(), method.params.end());
  if (method.family != nullptr)
    params.insert(params.end(), method.family->params.begin(), method.family->params.end());
  return ParamTable(std::move(params));
}

bool in_family(const MethodDeclaration& method, const std::string& family) {
  if (family.empty() || method.family->name == "any") return true;
  // A family name may list several model kinds ("mlp, cnn").
  const std::string& names = method.family->name;
  for (std::size_t start = 0; start <= names.size();) {
    const std::size_t end = std::min(names.find(", ", start), names.size());
    if (names.compare(start, end - start, family) == 0) return true;
    start = end + 2;
  }
  return false;
}

std::string method_markdown_table(const MethodDeclaration& method) {
  return method_table(method).markdown();
}

const MethodRegistry& MethodRegistry::builtin() {
  static const MethodRegistry kBuiltin = [] {
    MethodRegistry r;
    for (auto* declare :
         {no_pruning_method, cost_complexity_method, reduced_error_method, pessimistic_method,
          error_based_method, minimum_error_method, critical_value_method, random_method,
          magnitude_method, obd_method, obs_method, neuron_method, gradual_method, lottery_method,
          snip_method, nm_method, filter_method})
      r.add(declare());
    return r;
  }();
  return kBuiltin;
}

void MethodRegistry::add(MethodDeclaration method) {
  if (find(method.name) != nullptr)
    throw InvalidArgument("pruning method '" + method.name + "' is already registered");
  if (method.family == nullptr || (method.knob ? !method.walk : !method.prune))
    throw InvalidArgument("pruning method '" + method.name +
                          "' needs a family and either a knob with a path or a one-shot prune");
  methods_.push_back(std::make_shared<const MethodDeclaration>(std::move(method)));
}

std::shared_ptr<const MethodDeclaration> MethodRegistry::find(const std::string& name) const {
  for (const auto& m : methods_)
    if (m->name == name) return m;
  return nullptr;
}

namespace {

/// The method a spec names; errors name `file` and `json_path`.
std::string method_name(const nlohmann::json& spec, const std::string& file,
                        const std::string& json_path) {
  if (!spec.is_object())
    throw ConfigError(file, json_path, "a pruner must be an object with \"method\"");
  const auto it = spec.find("method");
  if (it == spec.end() || !it->is_string())
    throw ConfigError(file, json_path + "/method", "missing or not a string");
  return it->get<std::string>();
}

}  // namespace

std::unique_ptr<Pruner> MethodRegistry::make(const nlohmann::json& spec, const std::string& file,
                                             const std::string& json_path) const {
  const std::string name = method_name(spec, file, json_path);
  if (auto method = find(name))
    return std::make_unique<DeclaredPruner>(method, spec, file, json_path);
  std::string valid;
  for (const auto& m : methods_) valid += (valid.empty() ? "" : ", ") + m->name;
  throw ConfigError(file, json_path + "/method",
                    "unknown method '" + name + "' (valid: " + valid + ")");
}

std::vector<std::string> MethodRegistry::grid_axes(const nlohmann::json& spec) const {
  const auto it = spec.is_object() ? spec.find("method") : spec.end();
  const auto method = it != spec.end() && it->is_string() ? find(it->get<std::string>()) : nullptr;
  // A method this registry does not know (a library user's own factory) sweeps every list.
  return method ? method_table(*method).grid_axes(spec) : number_list_keys(spec);
}

std::string MethodRegistry::markdown(const std::string& family) const {
  std::string out;
  for (const auto& m : methods_) {
    if (!in_family(*m, family)) continue;
    out += "### `" + m->name + "` (" + m->family->name + ")\n\n" + m->summary + ".";
    if (!m->reference.empty()) out += " Follows " + m->reference + ".";
    out += "\n\n" + method_markdown_table(*m) + "\n";
  }
  return out;
}

nlohmann::json MethodRegistry::to_json(const std::string& family) const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : methods_) {
    if (!in_family(*m, family)) continue;
    out.push_back({{"name", m->name},
                   {"family", m->family->name},
                   {"summary", m->summary},
                   {"reference", m->reference},
                   {"path", m->knob.has_value()},
                   {"params", method_table(*m).to_json()}});
  }
  return out;
}

std::unique_ptr<Pruner> make_pruner(const nlohmann::json& spec, const std::string& file,
                                    const std::string& json_path) {
  return MethodRegistry::builtin().make(spec, file, json_path);
}

}  // namespace prunekit
