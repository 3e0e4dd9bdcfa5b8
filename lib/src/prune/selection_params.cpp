#include "prune/selection_params.hpp"

namespace prunekit {

std::vector<Param> selection_params(const KnobDeclaration& knob) {
  std::vector<Param> params{knob.param};
  params.insert(params.end(), knob.alternatives.begin(), knob.alternatives.end());
  Param select = choice_param("select", "", enum_choices<SelectionRule>(), "");
  select.fallback = nullptr;
  select.default_text = knob.param.fallback.is_null() ? "cv_1se (fixed when a knob is given)"
                                                      : "fixed (cv_1se over the path when given)";
  select.doc = "the selection rule (Selection rules, above)";
  params.push_back(select);
  Param folds =
      integer_param("folds", 10, Range::at_least(2), "cross-validation folds (cv_min, cv_1se)");
  folds.grid_axis = false;
  params.push_back(folds);
  params.push_back(
      number_param("se_factor", 1.0, Range::at_least(0), "standard errors tolerated by cv_1se"));
  params.push_back(number_param(
      "validation_fraction", std::nullopt, Range::open(0, 1),
      "validation without a validation set: share of training rows held out (stratified); the "
      "model is refitted on the rest to score the path"));
  if (knob.grid) params.push_back(*knob.grid);
  return params;
}

namespace {

/// The knob key the spec gave (at most one of the knob and its alternatives), or "".
std::string given_knob(const ParamValues& values, const KnobDeclaration& knob) {
  std::string given = values.given(knob.param.name) ? knob.param.name : "";
  for (const auto& alternative : knob.alternatives) {
    if (!values.given(alternative.name)) continue;
    if (!given.empty())
      values.fail(alternative.name,
                  "give either \"" + given + "\" or \"" + alternative.name + "\", not both");
    given = alternative.name;
  }
  return given;
}

/// Removes what the rule does not use: the knob when selecting, the rule's options otherwise.
void keep_used_keys(ParamValues& values, const KnobDeclaration& knob, SelectionRule rule) {
  if (rule != SelectionRule::fixed)
    values.erase(knob.param.name);
  else if (knob.grid)
    values.erase(knob.grid->name);
  if (rule == SelectionRule::fixed || rule == SelectionRule::validation) values.erase("folds");
  if (rule != SelectionRule::cv_1se) values.erase("se_factor");
  if (rule != SelectionRule::validation) values.erase("validation_fraction");
}

}  // namespace

SelectionParams read_selection(ParamValues& values, const KnobDeclaration& knob) {
  const std::string knob_key = given_knob(values, knob);
  const bool has_knob = !knob_key.empty() || values.has(knob.param.name);
  SelectionParams s;
  if (values.given("select"))
    s.rule = parse_enum<SelectionRule>(values.choice("select"), "selection rule");
  else
    s.rule = has_knob ? SelectionRule::fixed : SelectionRule::cv_1se;
  if (s.rule == SelectionRule::fixed) {
    if (!has_knob) values.fail("", "\"select\": \"fixed\" needs \"" + knob.param.name + "\"");
    s.knob = values.number(knob_key.empty() ? knob.param.name : knob_key);
  } else if (!knob_key.empty()) {
    values.fail(knob_key, "a fixed " + knob_key + " contradicts \"select\": \"" +
                              values.choice("select") + "\"");
  }
  s.folds = static_cast<std::size_t>(values.integer("folds"));
  s.se_factor = values.number("se_factor");
  if (values.has("validation_fraction"))
    s.validation_fraction = values.number("validation_fraction");
  keep_used_keys(values, knob, s.rule);
  values.set("select", to_string(s.rule));
  return s;
}

}  // namespace prunekit
