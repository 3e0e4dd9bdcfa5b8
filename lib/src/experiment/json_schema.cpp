#include "prunekit/experiment/json_schema.hpp"

#include <cmath>
#include <optional>
#include <set>
#include <vector>

#include "prunekit/core/error.hpp"

namespace prunekit {
namespace {

const std::set<std::string>& supported_keywords() {
  static const std::set<std::string> kKeywords{"type",
                                               "properties",
                                               "required",
                                               "additionalProperties",
                                               "enum",
                                               "const",
                                               "minimum",
                                               "maximum",
                                               "exclusiveMinimum",
                                               "exclusiveMaximum",
                                               "minItems",
                                               "items",
                                               "minLength",
                                               "oneOf",
                                               "anyOf",
                                               "$schema",
                                               "$id",
                                               "title",
                                               "description",
                                               "default",
                                               "examples"};
  return kKeywords;
}

std::string type_of(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_number_integer() || v.is_number_unsigned()) return "integer";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

bool has_type(const nlohmann::json& v, const std::string& type) {
  if (type == "number") return v.is_number();
  if (type == "integer") {
    if (v.is_number_integer() || v.is_number_unsigned()) return true;
    if (v.is_number_float()) {
      const double d = v.get<double>();
      return std::isfinite(d) && d == std::floor(d);
    }
    return false;
  }
  return type_of(v) == type;
}

std::string escape_pointer(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string shorten(const nlohmann::json& v) {
  std::string s = v.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string number_text(const nlohmann::json& v) { return v.dump(); }

std::vector<std::string> types_of_schema(const nlohmann::json& schema) {
  std::vector<std::string> types;
  const auto it = schema.find("type");
  if (it == schema.end()) return types;
  if (it->is_string()) types.push_back(it->get<std::string>());
  if (it->is_array())
    for (const auto& t : *it) types.push_back(t.get<std::string>());
  return types;
}

void validate(const nlohmann::json& v, const nlohmann::json& s, const std::string& file,
              const std::string& path);

// One check per group of keywords, in the order validate() applies them (the first failure is
// the one reported).

void check_type(const nlohmann::json& v, const nlohmann::json& s, const std::string& file,
                const std::string& path) {
  const auto types = types_of_schema(s);
  if (types.empty()) return;
  bool ok = false;
  for (const auto& t : types) ok = ok || has_type(v, t);
  if (ok) return;
  std::string expected;
  for (const auto& t : types)
    expected += (expected.empty() ? "" : " or ") + std::string(t == "object"    ? "an object"
                                                               : t == "array"   ? "a list"
                                                               : t == "integer" ? "an integer"
                                                                                : "a " + t);
  throw ConfigError(file, path, "must be " + expected + ", got " + shorten(v));
}

void check_enum_and_const(const nlohmann::json& v, const nlohmann::json& s, const std::string& file,
                          const std::string& path) {
  if (const auto it = s.find("enum"); it != s.end()) {
    bool ok = false;
    std::string valid;
    for (const auto& e : *it) {
      ok = ok || e == v;
      valid += (valid.empty() ? "" : ", ") + (e.is_string() ? e.get<std::string>() : e.dump());
    }
    if (!ok) throw ConfigError(file, path, "must be one of " + valid + ", got " + shorten(v));
  }
  if (const auto it = s.find("const"); it != s.end() && *it != v)
    throw ConfigError(file, path, "must be " + it->dump() + ", got " + shorten(v));
}

void check_number_bounds(const nlohmann::json& v, const nlohmann::json& s, const std::string& file,
                         const std::string& path) {
  const double x = v.get<double>();
  if (const auto it = s.find("minimum"); it != s.end() && x < it->get<double>())
    throw ConfigError(file, path, "must be >= " + number_text(*it) + ", got " + v.dump());
  if (const auto it = s.find("exclusiveMinimum"); it != s.end() && x <= it->get<double>())
    throw ConfigError(file, path, "must be > " + number_text(*it) + ", got " + v.dump());
  if (const auto it = s.find("maximum"); it != s.end() && x > it->get<double>())
    throw ConfigError(file, path, "must be <= " + number_text(*it) + ", got " + v.dump());
  if (const auto it = s.find("exclusiveMaximum"); it != s.end() && x >= it->get<double>())
    throw ConfigError(file, path, "must be < " + number_text(*it) + ", got " + v.dump());
}

void check_array(const nlohmann::json& v, const nlohmann::json& s, const std::string& file,
                 const std::string& path) {
  if (const auto it = s.find("minItems"); it != s.end() && v.size() < it->get<std::size_t>())
    throw ConfigError(file, path, "must have at least " + it->dump() + " item(s)");
  if (const auto it = s.find("items"); it != s.end())
    for (std::size_t i = 0; i < v.size(); ++i)
      validate(v[i], *it, file, path + "/" + std::to_string(i));
}

void check_object(const nlohmann::json& v, const nlohmann::json& s, const std::string& file,
                  const std::string& path) {
  const auto props = s.find("properties");
  if (const auto it = s.find("required"); it != s.end())
    for (const auto& key : *it)
      if (!v.contains(key.get<std::string>()))
        throw ConfigError(file, path + "/" + escape_pointer(key.get<std::string>()), "is required");
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string child = path + "/" + escape_pointer(it.key());
    if (props != s.end() && props->contains(it.key())) {
      validate(it.value(), (*props)[it.key()], file, child);
      continue;
    }
    const auto extra = s.find("additionalProperties");
    if (extra == s.end()) continue;
    if (extra->is_boolean() && !extra->get<bool>()) {
      std::string valid;
      if (props != s.end())
        for (auto p = props->begin(); p != props->end(); ++p)
          valid += (valid.empty() ? "" : ", ") + p.key();
      throw ConfigError(file, child, "unknown key (valid: " + valid + ")");
    }
    validate(it.value(), *extra, file, child);
  }
}

/// "oneOf" (exactly one branch passes) or "anyOf" (at least one), given as `keyword`.
void check_alternatives(const char* keyword, const nlohmann::json& v, const nlohmann::json& s,
                        const std::string& file, const std::string& path) {
  const auto it = s.find(keyword);
  if (it == s.end()) return;
  std::size_t passed = 0;
  std::optional<ConfigError> type_matched_error;
  std::vector<std::string> branch_types;
  for (const auto& branch : *it) {
    try {
      validate(v, branch, file, path);
      ++passed;
    } catch (const ConfigError& e) {
      const auto bt = types_of_schema(branch);
      bool matches = bt.empty();
      for (const auto& t : bt) matches = matches || has_type(v, t);
      for (const auto& t : bt) branch_types.push_back(t);
      if (matches && !type_matched_error) type_matched_error = e;
    }
  }
  const bool one_of = std::string(keyword) == "oneOf";
  if (passed == 0) {
    // The branch meant for this type of value explains best what is wrong.
    if (type_matched_error) throw *type_matched_error;
    std::string expected;
    for (const auto& t : branch_types) expected += (expected.empty() ? "" : " or ") + t;
    throw ConfigError(file, path, "must be " + expected + ", got " + shorten(v));
  }
  if (one_of && passed > 1)
    throw ConfigError(file, path, "matches more than one alternative of the schema");
}

void validate(const nlohmann::json& v, const nlohmann::json& s, const std::string& file,
              const std::string& path) {
  if (s.is_boolean()) {
    if (!s.get<bool>()) throw ConfigError(file, path, "is not allowed here");
    return;
  }
  check_type(v, s, file, path);
  check_enum_and_const(v, s, file, path);
  if (v.is_number()) check_number_bounds(v, s, file, path);
  if (v.is_string()) {
    if (const auto it = s.find("minLength");
        it != s.end() && v.get<std::string>().size() < it->get<std::size_t>())
      throw ConfigError(file, path, "must not be empty");
  }
  if (v.is_array()) check_array(v, s, file, path);
  if (v.is_object()) check_object(v, s, file, path);
  for (const char* keyword : {"oneOf", "anyOf"}) check_alternatives(keyword, v, s, file, path);
}

}  // namespace

void check_schema_keywords(const nlohmann::json& schema) {
  if (schema.is_boolean()) return;
  if (!schema.is_object()) throw InvalidArgument("a JSON schema must be an object or a boolean");
  for (auto it = schema.begin(); it != schema.end(); ++it) {
    if (!supported_keywords().contains(it.key()))
      throw InvalidArgument("JSON schema keyword '" + it.key() + "' is not supported");
    if (it.key() == "properties")
      for (const auto& sub : it.value()) check_schema_keywords(sub);
    if (it.key() == "items" || (it.key() == "additionalProperties" && it.value().is_object()))
      check_schema_keywords(it.value());
    if (it.key() == "oneOf" || it.key() == "anyOf")
      for (const auto& sub : it.value()) check_schema_keywords(sub);
  }
}

void validate_against_schema(const nlohmann::json& instance, const nlohmann::json& schema,
                             const std::string& file, const std::string& json_path) {
  validate(instance, schema, file, json_path);
}

}  // namespace prunekit
