#include "prunekit/core/params.hpp"

#include <algorithm>
#include <cmath>

#include "core/number_format.hpp"
#include "prunekit/core/error.hpp"

namespace prunekit {

namespace {

std::string shortest(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  std::string s;
  append_shortest(s, v);
  return s;
}

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

}  // namespace

bool Range::contains(double v) const noexcept {
  const bool above_lo = lo_open ? v > lo : v >= lo;
  const bool below_hi = hi_open ? v < hi : v <= hi;
  return above_lo && below_hi;
}

std::string Range::text() const {
  return std::string(lo_open ? "(" : "[") + shortest(lo) + ", " + shortest(hi) +
         (hi_open ? ")" : "]");
}

std::string Param::type_text() const {
  const bool unbounded = std::isinf(range.lo) && std::isinf(range.hi);
  const std::string in = unbounded                                ? ""
                         : std::isinf(range.hi) && !range.lo_open ? " >= " + shortest(range.lo)
                                                                  : " in " + range.text();
  const std::string null = nullable ? " or null" : "";
  switch (type) {
    case ParamType::flag:
      return "bool" + null;
    case ParamType::integer:
      return "int" + in + null;
    case ParamType::number:
      return "number" + in + null;
    case ParamType::choice:
      return "string" + null;
    case ParamType::number_list:
      return "array of numbers" + in + null;
    case ParamType::custom:
      return custom_type;
  }
  return "";
}

std::string Param::default_shown() const {
  if (!default_text.empty()) return default_text;
  if (fallback.is_null()) return "-";
  if (fallback.is_string()) return fallback.get<std::string>();
  if (fallback.is_number_float()) return shortest(fallback.get<double>());
  return fallback.dump();
}

namespace {
Param declared(std::string name, ParamType type, nlohmann::json fallback, std::string doc,
               Range range = {}) {
  Param p;
  p.name = std::move(name);
  p.type = type;
  p.fallback = std::move(fallback);
  p.doc = std::move(doc);
  p.range = range;
  return p;
}
}  // namespace

Param flag_param(std::string name, bool fallback, std::string doc) {
  return declared(std::move(name), ParamType::flag, fallback, std::move(doc));
}

Param integer_param(std::string name, std::optional<long long> fallback, Range range,
                    std::string doc) {
  Param p = declared(std::move(name), ParamType::integer, nullptr, std::move(doc), range);
  if (fallback) p.fallback = *fallback;
  p.grid_axis = true;
  return p;
}

Param number_param(std::string name, std::optional<double> fallback, Range range, std::string doc) {
  Param p = declared(std::move(name), ParamType::number, nullptr, std::move(doc), range);
  if (fallback) p.fallback = *fallback;
  p.grid_axis = true;
  return p;
}

Param choice_param(std::string name, std::string fallback, std::vector<std::string> choices,
                   std::string doc) {
  Param p = declared(std::move(name), ParamType::choice, std::move(fallback), std::move(doc));
  p.choices = std::move(choices);
  if (p.doc.empty()) p.doc = joined(p.choices, " | ");
  return p;
}

Param custom_param(std::string name, nlohmann::json fallback, std::string type,
                   std::function<nlohmann::json(const nlohmann::json&, const ParamValues&)> read,
                   std::string doc) {
  Param p = declared(std::move(name), ParamType::custom, std::move(fallback), std::move(doc));
  p.custom_type = std::move(type);
  p.read_custom = std::move(read);
  return p;
}

Param or_null(Param p) {
  p.nullable = true;
  return p;
}

Param number_list_param(std::string name, std::vector<double> fallback, Range range,
                        std::string doc) {
  return declared(std::move(name), ParamType::number_list, fallback, std::move(doc), range);
}

ParamValues::ParamValues(nlohmann::json values, nlohmann::json given, std::string file,
                         std::string path)
    : values_(std::move(values)),
      given_(std::move(given)),
      file_(std::move(file)),
      path_(std::move(path)) {}

const nlohmann::json& ParamValues::at(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) throw InvalidArgument("parameter '" + name + "' has no value");
  return *it;
}

bool ParamValues::flag(const std::string& name) const { return at(name).get<bool>(); }
long long ParamValues::integer(const std::string& name) const { return at(name).get<long long>(); }
double ParamValues::number(const std::string& name) const { return at(name).get<double>(); }
const std::string& ParamValues::choice(const std::string& name) const {
  return at(name).get_ref<const std::string&>();
}
std::vector<double> ParamValues::numbers(const std::string& name) const {
  return at(name).get<std::vector<double>>();
}

void ParamValues::fail(const std::string& name, const std::string& problem) const {
  throw ConfigError(file_, name.empty() ? path_ : path_ + "/" + name, problem);
}

ParamTable::ParamTable(std::vector<Param> params) : params_(std::move(params)) {}

ParamTable ParamTable::with_defaults(std::vector<Param> params, const nlohmann::json& defaults) {
  for (auto& p : params)
    if (defaults.contains(p.name)) p.fallback = defaults.at(p.name);
  return ParamTable(std::move(params));
}

const Param* ParamTable::find(const std::string& name) const {
  for (const auto& p : params_)
    if (p.name == name) return &p;
  return nullptr;
}

namespace {

/// Checks one given value against its declaration; returns it as stored.
nlohmann::json checked(const Param& p, const nlohmann::json& v, const ParamValues& where) {
  const std::string& key = p.name;
  switch (p.type) {
    case ParamType::flag:
      if (!v.is_boolean()) where.fail(key, "must be true or false, got " + v.dump());
      return v;
    case ParamType::integer:
      if (!v.is_number_integer()) where.fail(key, "must be an integer, got " + v.dump());
      if (!p.range.contains(static_cast<double>(v.get<long long>())))
        where.fail(key, "must be in " + p.range.text() + ", got " + v.dump());
      return v;
    case ParamType::number:
      if (!v.is_number()) where.fail(key, "must be a number, got " + v.dump());
      if (!p.range.contains(v.get<double>()))
        where.fail(key, "must be in " + p.range.text() + ", got " + v.dump());
      return v;
    case ParamType::choice:
      if (!v.is_string() ||
          std::find(p.choices.begin(), p.choices.end(), v.get<std::string>()) == p.choices.end())
        where.fail(key, "must be one of " + joined(p.choices, ", ") + ", got " + v.dump());
      return v;
    case ParamType::number_list: {
      if (!v.is_array() || v.empty())
        where.fail(key, "must be a non-empty array of numbers, got " + v.dump());
      for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string item = key + "/" + std::to_string(i);
        if (!v[i].is_number()) where.fail(item, "must be a number, got " + v[i].dump());
        if (!p.range.contains(v[i].get<double>()))
          where.fail(item, "must be in " + p.range.text() + ", got " + v[i].dump());
        if (p.increasing && i > 0 && v[i].get<double>() <= v[i - 1].get<double>())
          where.fail(item, "the list must be increasing, got " + v[i].dump());
      }
      return v;
    }
    case ParamType::custom: {
      // The reader fails at the parameter's own path ("" is the parameter, "0" its first item).
      const ParamValues at_param(nlohmann::json::object(), nlohmann::json::object(), where.file(),
                                 where.path() + "/" + key);
      return p.read_custom(v, at_param);
    }
  }
  return v;
}

}  // namespace

ParamValues ParamTable::read(const nlohmann::json& spec, const std::string& file,
                             const std::string& path,
                             const std::vector<std::string>& ignored) const {
  if (!spec.is_object()) throw ConfigError(file, path, "must be an object, got " + spec.dump());
  nlohmann::json given = nlohmann::json::object();
  for (const auto& [key, value] : spec.items())
    if (std::find(ignored.begin(), ignored.end(), key) == ignored.end()) given[key] = value;
  ParamValues values(nlohmann::json::object(), given, file, path);
  for (const auto& [key, value] : given.items()) {
    const Param* p = find(key);
    if (p == nullptr) {
      std::vector<std::string> names;
      for (const auto& q : params_) names.push_back(q.name);
      values.fail(key,
                  "unknown key (valid: " + (names.empty() ? "none" : joined(names, ", ")) + ")");
    }
    if (value.is_null() && p->nullable) continue;
    values.set(key, checked(*p, value, values));
  }
  for (const auto& p : params_)
    if (!values.has(p.name) && !p.fallback.is_null()) values.set(p.name, p.fallback);
  return values;
}

std::vector<std::string> number_list_keys(const nlohmann::json& spec) {
  std::vector<std::string> keys;
  if (!spec.is_object()) return keys;
  for (const auto& [key, value] : spec.items())
    if (value.is_array() && !value.empty() &&
        std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_number(); }))
      keys.push_back(key);
  return keys;  // object keys come sorted
}

std::vector<std::string> ParamTable::grid_axes(const nlohmann::json& spec) const {
  std::vector<std::string> axes = number_list_keys(spec);
  std::erase_if(axes, [this](const std::string& key) {
    const Param* p = find(key);
    return p == nullptr || !p->grid_axis;
  });
  return axes;
}

namespace {
/// Text in a markdown table cell: a bar would end the cell.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}
}  // namespace

std::string ParamTable::markdown() const {
  if (params_.empty()) return "No parameters.\n";
  std::string out = "| parameter | type | default | grid | meaning |\n|---|---|---|---|---|\n";
  for (const auto& p : params_) {
    const std::string type = p.type == ParamType::choice
                                 ? joined(p.choices, " | ") + (p.nullable ? " | null" : "")
                                 : p.type_text();
    out += "| `" + p.name + "` | " + cell(type) + " | " + cell(p.default_shown()) + " | " +
           (p.grid_axis ? "yes" : "") + " | " + cell(p.doc) + " |\n";
  }
  return out;
}

nlohmann::json ParamTable::to_json() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : params_) {
    nlohmann::json j = {{"name", p.name},
                        {"type", p.type_text()},
                        {"default", p.default_shown()},
                        {"meaning", p.doc},
                        {"grid_axis", p.grid_axis}};
    if (!p.choices.empty()) j["choices"] = p.choices;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace prunekit
