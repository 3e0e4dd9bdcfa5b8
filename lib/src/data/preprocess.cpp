#include "prunekit/data/preprocess.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "prunekit/core/error.hpp"
#include "prunekit/data/limits.hpp"

namespace prunekit {

namespace {

float median_of(std::vector<float> values) {
  if (values.empty()) return 0.0f;
  const std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  const float upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  const float lower =
      *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
  return static_cast<float>((static_cast<double>(lower) + upper) / 2.0);
}

}  // namespace

Preprocessor::Preprocessor(const Dataset& train, const PreprocessOptions& options)
    : options_(options), input_features_(train.schema.features) {
  const std::size_t d = train.n_features();
  fill_.assign(d, 0.0f);
  lo_.assign(d, 0.0f);
  range_.assign(d, 1.0f);
  missing_.assign(d, 0);
  for (std::size_t j = 0; j < d; ++j) {
    FeatureInfo& info = input_features_[j];
    std::vector<float> present;
    present.reserve(train.rows);
    for (float v : train.column(j))
      if (!std::isnan(v)) present.push_back(v);
    missing_[j] = train.rows - present.size();
    if (info.categorical) {
      if (options_.categorical_impute == CategoricalImpute::own_level) {
        // Always added, so that a value missing only in test data still has its own level.
        info.levels.push_back("(missing)");
        fill_[j] = static_cast<float>(info.levels.size() - 1);
      } else {
        std::vector<std::size_t> counts(info.levels.size(), 0);
        for (float v : present) ++counts[static_cast<std::size_t>(v)];
        fill_[j] =
            static_cast<float>(std::max_element(counts.begin(), counts.end()) - counts.begin());
      }
    } else {
      if (options_.numeric_impute == NumericImpute::mean) {
        double sum = 0.0;
        for (float v : present) sum += v;
        fill_[j] =
            present.empty() ? 0.0f : static_cast<float>(sum / static_cast<double>(present.size()));
      } else {
        fill_[j] = median_of(present);
      }
      if (!present.empty()) {
        const auto [mn, mx] = std::minmax_element(present.begin(), present.end());
        lo_[j] = *mn;
        range_[j] = *mx > *mn ? *mx - *mn : 1.0f;
      }
    }
  }
}

Dataset Preprocessor::apply(const Dataset& data) const {
  if (data.n_features() != input_features_.size())
    throw InvalidArgument("preprocessing: dataset has " + std::to_string(data.n_features()) +
                          " features, the preprocessor was fitted on " +
                          std::to_string(input_features_.size()));
  Dataset out;
  out.schema = data.schema;
  out.schema.features.clear();
  out.provenance = data.provenance;
  out.rows = data.rows;
  out.labels = data.labels;
  out.targets = data.targets;
  const std::size_t n = data.rows;
  std::size_t encoded_columns = 0;
  for (const FeatureInfo& info : input_features_)
    encoded_columns += info.categorical && options_.encoding == CategoricalEncoding::onehot
                           ? info.levels.size()
                           : 1;
  check_dense_size(data.provenance.path, n, encoded_columns,
                   "one-hot encoding (an ID column? declare the columns in a sidecar, or use "
                   "\"encoding\": \"ordinal\")");
  for (std::size_t j = 0; j < input_features_.size(); ++j) {
    const FeatureInfo& info = input_features_[j];
    const auto col = data.column(j);
    const bool has_missing =
        std::any_of(col.begin(), col.end(), [](float v) { return std::isnan(v); });
    if (has_missing &&
        ((info.categorical && options_.categorical_impute == CategoricalImpute::error) ||
         (!info.categorical && options_.numeric_impute == NumericImpute::error)))
      throw InvalidArgument("feature '" + info.name + "' of '" + data.provenance.name +
                            "' has missing values and imputation is 'error'");
    // Data read from another file may number its levels differently: map them by name, and
    // treat a level never seen in training as missing.
    std::vector<float> level_map;
    if (info.categorical) {
      const auto& their_levels = data.schema.features[j].levels;
      level_map.assign(their_levels.size(), kMissing);
      std::unordered_map<std::string_view, std::size_t> index_of;  // linear in the levels
      for (std::size_t k = 0; k < info.levels.size(); ++k) index_of.emplace(info.levels[k], k);
      for (std::size_t k = 0; k < their_levels.size(); ++k)
        if (const auto it = index_of.find(their_levels[k]); it != index_of.end())
          level_map[k] = static_cast<float>(it->second);
    }
    auto value_at = [&](std::size_t i) {
      float v = col[i];
      if (!level_map.empty() && !std::isnan(v)) v = level_map[static_cast<std::size_t>(v)];
      return std::isnan(v) ? fill_[j] : v;
    };
    if (info.categorical && options_.encoding == CategoricalEncoding::onehot) {
      for (std::size_t level = 0; level < info.levels.size(); ++level) {
        out.schema.features.push_back({info.name + "=" + info.levels[level], false, {}});
        const std::size_t offset = out.features.size();
        out.features.resize(offset + n);
        for (std::size_t i = 0; i < n; ++i)
          out.features[offset + i] = static_cast<std::size_t>(value_at(i)) == level ? 1.0f : 0.0f;
      }
      continue;
    }
    FeatureInfo encoded = info;
    encoded.categorical = false;
    out.schema.features.push_back(encoded);
    const std::size_t offset = out.features.size();
    out.features.resize(offset + n);
    const bool scale = options_.scale_unit_range && !info.categorical;
    for (std::size_t i = 0; i < n; ++i) {
      float v = value_at(i);
      if (scale) v = (v - lo_[j]) / range_[j];
      out.features[offset + i] = v;
    }
  }
  // An image's shape survives unless encoding changed the number of features.
  std::size_t shaped = out.schema.item_shape.empty() ? 0 : 1;
  for (std::size_t extent : out.schema.item_shape) shaped *= extent;
  if (shaped != out.n_features()) out.schema.item_shape.clear();
  return out;
}

std::vector<std::string> Preprocessor::describe() const {
  std::vector<std::string> lines;
  for (std::size_t j = 0; j < input_features_.size(); ++j) {
    const FeatureInfo& info = input_features_[j];
    std::string line;
    if (missing_[j] > 0)
      line += std::to_string(missing_[j]) + " missing filled by " +
              (info.categorical ? to_string(options_.categorical_impute)
                                : to_string(options_.numeric_impute));
    if (info.categorical)
      line += std::string(line.empty() ? "" : "; ") + "categorical, " +
              std::to_string(info.levels.size()) + " levels, " + to_string(options_.encoding);
    if (!line.empty()) lines.push_back(info.name + ": " + line);
  }
  return lines;
}

nlohmann::json Preprocessor::to_json() const {
  nlohmann::json features = nlohmann::json::array();
  for (std::size_t j = 0; j < input_features_.size(); ++j) {
    const FeatureInfo& f = input_features_[j];
    features.push_back({{"name", f.name},
                        {"categorical", f.categorical},
                        {"levels", f.levels},
                        {"fill", fill_[j]},
                        {"lo", lo_[j]},
                        {"range", range_[j]},
                        {"missing", missing_[j]}});
  }
  return {{"numeric_impute", to_string(options_.numeric_impute)},
          {"categorical_impute", to_string(options_.categorical_impute)},
          {"encoding", to_string(options_.encoding)},
          {"scale_unit_range", options_.scale_unit_range},
          {"features", features}};
}

Preprocessor Preprocessor::from_json(const nlohmann::json& json, const std::string& file) {
  try {
    Preprocessor p;
    p.options_.numeric_impute = parse_enum<NumericImpute>(
        json.at("numeric_impute").get<std::string>(), "numeric imputation");
    p.options_.categorical_impute = parse_enum<CategoricalImpute>(
        json.at("categorical_impute").get<std::string>(), "categorical imputation");
    p.options_.encoding = parse_enum<CategoricalEncoding>(json.at("encoding").get<std::string>(),
                                                          "categorical encoding");
    p.options_.scale_unit_range = json.at("scale_unit_range").get<bool>();
    for (const auto& f : json.at("features")) {
      FeatureInfo info;
      info.name = f.at("name").get<std::string>();
      info.categorical = f.at("categorical").get<bool>();
      info.levels = f.at("levels").get<std::vector<std::string>>();
      p.input_features_.push_back(std::move(info));
      p.fill_.push_back(f.at("fill").get<float>());
      p.lo_.push_back(f.at("lo").get<float>());
      p.range_.push_back(f.at("range").get<float>());
      p.missing_.push_back(f.at("missing").get<std::size_t>());
    }
    return p;
  } catch (const nlohmann::json::exception& e) {
    throw DataError(file, std::string("corrupt preprocessing section: ") + e.what());
  } catch (const InvalidArgument& e) {
    throw DataError(file, std::string("corrupt preprocessing section: ") + e.what());
  }
}

}  // namespace prunekit
