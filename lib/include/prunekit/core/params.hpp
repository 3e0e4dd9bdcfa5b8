#pragma once
/// Typed parameter tables: a method or model kind declares each parameter once (name, type,
/// default, range or choices, one line of documentation, whether an experiment config may give
/// a list of values to sweep). The table reads and checks a JSON spec, fills the defaults,
/// writes the parameters back, finds a config's grid axes and documents itself.

#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace prunekit {

/// custom: a value of more than one shape (a count or a fraction, a name or a number, a list or
/// an object), checked by the parameter's own reader.
enum class ParamType { flag, integer, number, choice, number_list, custom };

class ParamValues;

/// An interval; open ends exclude the bound.
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;

  [[nodiscard]] static Range at_least(double lo) {
    return {lo, std::numeric_limits<double>::infinity(), false, true};
  }
  [[nodiscard]] static Range closed(double lo, double hi) { return {lo, hi}; }
  [[nodiscard]] static Range open(double lo, double hi) { return {lo, hi, true, true}; }
  /// [lo, hi)
  [[nodiscard]] static Range right_open(double lo, double hi) { return {lo, hi, false, true}; }
  /// (lo, hi]
  [[nodiscard]] static Range left_open(double lo, double hi) { return {lo, hi, true, false}; }
  [[nodiscard]] bool contains(double v) const noexcept;
  [[nodiscard]] std::string text() const;
};

struct Param {
  std::string name;
  ParamType type = ParamType::number;
  /// The default; null when the parameter is absent unless given.
  nlohmann::json fallback;
  std::string doc;
  Range range;                       ///< integer, number and each item of number_list
  std::vector<std::string> choices;  ///< choice
  /// An experiment config may give a list of values, one variant each (numbers only).
  bool grid_axis = false;
  /// Shown instead of the default in the docs when the default depends on other parameters.
  std::string default_text;
  /// number_list: the items must increase strictly.
  bool increasing = false;
  /// An explicit null is accepted and means "no value" (the parameters whose default is unset).
  bool nullable = false;
  /// custom: checks a given value and returns it as stored; `where` is the parameter's own
  /// path (where.fail("") is the value, where.fail("0") its first item).
  std::function<nlohmann::json(const nlohmann::json& value, const ParamValues& where)> read_custom;
  /// custom: the type as the docs show it.
  std::string custom_type;

  [[nodiscard]] std::string type_text() const;
  [[nodiscard]] std::string default_shown() const;
};

/// Declaration helpers, so that a table reads as a list.
[[nodiscard]] Param flag_param(std::string name, bool fallback, std::string doc);
[[nodiscard]] Param integer_param(std::string name, std::optional<long long> fallback, Range range,
                                  std::string doc);
[[nodiscard]] Param number_param(std::string name, std::optional<double> fallback, Range range,
                                 std::string doc);
[[nodiscard]] Param choice_param(std::string name, std::string fallback,
                                 std::vector<std::string> choices, std::string doc);
/// A value of several shapes: `read` checks it and returns it as stored (normalised).
[[nodiscard]] Param custom_param(
    std::string name, nlohmann::json fallback, std::string type,
    std::function<nlohmann::json(const nlohmann::json&, const ParamValues&)> read, std::string doc);
/// `p`, also accepting an explicit null for "no value".
[[nodiscard]] Param or_null(Param p);
[[nodiscard]] Param number_list_param(std::string name, std::vector<double> fallback, Range range,
                                      std::string doc);

/// Parameter values read through a table: every declared parameter with a value (given or
/// default), typed getters, and errors that name the spec's file and JSON path.
class ParamValues {
 public:
  ParamValues(nlohmann::json values, nlohmann::json given, std::string file, std::string path);

  [[nodiscard]] bool flag(const std::string& name) const;
  [[nodiscard]] long long integer(const std::string& name) const;
  [[nodiscard]] double number(const std::string& name) const;
  [[nodiscard]] const std::string& choice(const std::string& name) const;
  [[nodiscard]] std::vector<double> numbers(const std::string& name) const;
  /// Whether the parameter has a value (given or by default).
  [[nodiscard]] bool has(const std::string& name) const { return values_.contains(name); }
  /// Whether the spec gave it.
  [[nodiscard]] bool given(const std::string& name) const { return given_.contains(name); }
  void set(const std::string& name, nlohmann::json value) { values_[name] = std::move(value); }
  void erase(const std::string& name) { values_.erase(name); }
  /// Throws ConfigError at `name` (or at the spec itself when empty).
  [[noreturn]] void fail(const std::string& name, const std::string& problem) const;

  [[nodiscard]] const nlohmann::json& json() const noexcept { return values_; }
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  [[nodiscard]] const nlohmann::json& at(const std::string& name) const;

  nlohmann::json values_;
  nlohmann::json given_;
  std::string file_;
  std::string path_;
};

class ParamTable {
 public:
  ParamTable() = default;
  explicit ParamTable(std::vector<Param> params);
  /// The table with each parameter's default taken from `defaults` (a struct's defaults written
  /// as JSON, so that they are written once); parameters it lacks keep theirs.
  [[nodiscard]] static ParamTable with_defaults(std::vector<Param> params,
                                                const nlohmann::json& defaults);

  /// Reads `spec` (an object; the keys in `ignored` are skipped): checks each value's type and
  /// range, refuses unknown keys listing the valid ones, fills the defaults.
  [[nodiscard]] ParamValues read(const nlohmann::json& spec, const std::string& file,
                                 const std::string& path,
                                 const std::vector<std::string>& ignored = {}) const;
  /// The keys of `spec` whose value is a list that sweeps a grid axis, sorted.
  [[nodiscard]] std::vector<std::string> grid_axes(const nlohmann::json& spec) const;
  [[nodiscard]] const std::vector<Param>& params() const noexcept { return params_; }
  [[nodiscard]] const Param* find(const std::string& name) const;
  /// A markdown table, one row per parameter: | name | type | default | grid | meaning |
  /// ("No parameters." for an empty table).
  [[nodiscard]] std::string markdown() const;
  [[nodiscard]] nlohmann::json to_json() const;

 private:
  std::vector<Param> params_;
};

/// The keys of `spec` whose value is a non-empty list of numbers, sorted (the grid axes of a
/// spec nothing declares).
[[nodiscard]] std::vector<std::string> number_list_keys(const nlohmann::json& spec);

}  // namespace prunekit
