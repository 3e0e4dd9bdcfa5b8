#pragma once
/// Explicit handling of missing values and categorical features. Nothing is imputed, encoded or
/// dropped silently: the options below say what happens, `inspect` reports it, and the defaults
/// are documented in docs/datasets.md.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/core/enum_names.hpp"
#include "prunekit/data/dataset.hpp"

namespace prunekit {

/// How a missing numeric value is filled. `error` refuses data with missing values.
enum class NumericImpute { median, mean, error };
constexpr EnumNames<NumericImpute, 3> enum_names(NumericImpute) {
  return {{{NumericImpute::median, "median"},
           {NumericImpute::mean, "mean"},
           {NumericImpute::error, "error"}}};
}
/// How a missing categorical value is filled. `own_level` adds a "(missing)" level.
enum class CategoricalImpute { most_frequent, own_level, error };
constexpr EnumNames<CategoricalImpute, 3> enum_names(CategoricalImpute) {
  return {{{CategoricalImpute::most_frequent, "most_frequent"},
           {CategoricalImpute::own_level, "own_level"},
           {CategoricalImpute::error, "error"}}};
}
/// How a categorical feature becomes numbers: one 0/1 column per level, or the level index.
enum class CategoricalEncoding { onehot, ordinal };
constexpr EnumNames<CategoricalEncoding, 2> enum_names(CategoricalEncoding) {
  return {{{CategoricalEncoding::onehot, "onehot"}, {CategoricalEncoding::ordinal, "ordinal"}}};
}

struct PreprocessOptions {
  NumericImpute numeric_impute = NumericImpute::median;
  CategoricalImpute categorical_impute = CategoricalImpute::most_frequent;
  CategoricalEncoding encoding = CategoricalEncoding::onehot;
  /// Scale every numeric feature to [0, 1] with the training data's min and max (networks).
  bool scale_unit_range = false;
};

/// Learns fill values, levels and scales from training data only, then applies the same
/// transformation to any dataset with the same schema (no leakage from test folds).
class Preprocessor {
 public:
  Preprocessor() = default;
  Preprocessor(const Dataset& train, const PreprocessOptions& options);

  /// The transformed dataset: no NaN, only numeric features.
  [[nodiscard]] Dataset apply(const Dataset& data) const;
  /// One line per feature that is changed, saying how (for `inspect` and reports).
  [[nodiscard]] std::vector<std::string> describe() const;

  /// Everything learnt, so that a saved model can be applied to raw data later.
  [[nodiscard]] nlohmann::json to_json() const;
  /// Inverse of to_json; `file` names the source in errors.
  [[nodiscard]] static Preprocessor from_json(const nlohmann::json& json, const std::string& file);

 private:
  PreprocessOptions options_;
  std::vector<FeatureInfo> input_features_;
  std::vector<float> fill_;           // per input feature
  std::vector<float> lo_;             // per input feature (scaling)
  std::vector<float> range_;          // per input feature (scaling)
  std::vector<std::size_t> missing_;  // per input feature, counted on the training data
};

}  // namespace prunekit
