#include "prunekit/data/protocol.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "prunekit/core/error.hpp"
#include "prunekit/core/json_file.hpp"

namespace prunekit {
namespace {

std::string str(std::size_t v) { return std::to_string(v); }

/// Rows of each class, in row order; classes numbered by first appearance (as scikit-learn's
/// StratifiedKFold encodes them).
std::vector<std::vector<std::size_t>> rows_by_class(std::span<const std::int32_t> labels) {
  std::vector<std::int32_t> code_of;  // label -> first-appearance code, -1 = unseen
  std::vector<std::vector<std::size_t>> out;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0)
      throw InvalidArgument("class id " + std::to_string(labels[i]) + " is negative");
    const auto label = static_cast<std::size_t>(labels[i]);
    if (label >= code_of.size()) code_of.resize(label + 1, -1);
    if (code_of[label] < 0) {
      code_of[label] = static_cast<std::int32_t>(out.size());
      out.emplace_back();
    }
    out[static_cast<std::size_t>(code_of[label])].push_back(i);
  }
  return out;
}

bool use_strata(const Dataset& data, bool stratified) {
  return stratified && data.is_classification();
}

/// Test rows per class for a stratified holdout of n_test rows: largest-remainder rounding of
/// each class's share, never the whole class when it has more than one row.
std::vector<std::size_t> allocate(const std::vector<std::vector<std::size_t>>& classes,
                                  std::size_t n, std::size_t n_test) {
  std::vector<std::size_t> take(classes.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  std::size_t assigned = 0;
  for (std::size_t c = 0; c < classes.size(); ++c) {
    const double quota = static_cast<double>(classes[c].size()) * static_cast<double>(n_test) /
                         static_cast<double>(n);
    take[c] = static_cast<std::size_t>(std::floor(quota));
    assigned += take[c];
    remainders.emplace_back(quota - std::floor(quota), c);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; assigned < n_test && k < remainders.size(); ++k) {
    const std::size_t c = remainders[k].second;
    if (take[c] < classes[c].size()) {
      ++take[c];
      ++assigned;
    }
  }
  for (std::size_t c = 0; assigned < n_test && c < classes.size(); ++c)
    while (assigned < n_test && take[c] < classes[c].size()) {
      ++take[c];
      ++assigned;
    }
  return take;
}

/// One holdout split drawn from `rng`.
Split holdout_once(const Dataset& data, double test_fraction, bool stratified, Rng& rng) {
  const std::size_t n = data.rows;
  const auto n_test = static_cast<std::size_t>(std::ceil(test_fraction * static_cast<double>(n)));
  if (n_test == 0 || n_test >= n)
    throw InvalidArgument("holdout: test_fraction " + std::to_string(test_fraction) + " of " +
                          str(n) + " rows leaves an empty " + (n_test == 0 ? "test" : "training") +
                          " part");
  Split split;
  std::vector<bool> is_test(n, false);
  if (use_strata(data, stratified)) {
    auto classes = rows_by_class(data.labels);
    const auto take = allocate(classes, n, n_test);
    for (std::size_t c = 0; c < classes.size(); ++c) {
      rng.shuffle(std::span<std::size_t>(classes[c]));
      for (std::size_t k = 0; k < take[c]; ++k) is_test[classes[c][k]] = true;
    }
  } else {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    rng.shuffle(std::span<std::size_t>(order));
    for (std::size_t k = 0; k < n_test; ++k) is_test[order[k]] = true;
  }
  for (std::size_t i = 0; i < n; ++i) (is_test[i] ? split.test : split.train).push_back(i);
  return split;
}

void check_fraction(const char* what, double f) {
  if (!(f > 0.0 && f < 1.0))
    throw InvalidArgument(std::string(what) + ": test_fraction must be in (0, 1), got " +
                          std::to_string(f));
}

}  // namespace

std::vector<std::size_t> stratified_fold_assignment(std::span<const std::int32_t> labels,
                                                    std::size_t folds, Rng& rng) {
  if (folds < 2) throw InvalidArgument("stratified k-fold: folds must be >= 2, got " + str(folds));
  const auto classes = rows_by_class(labels);
  for (std::size_t c = 0; c < classes.size(); ++c)
    if (classes[c].size() < folds)
      throw InvalidArgument("stratified k-fold: " + str(folds) + " folds, but class " +
                            std::to_string(labels[classes[c].front()]) + " has only " +
                            str(classes[c].size()) + " row(s); use at most " +
                            str(classes[c].size()) + " folds");
  // Deal the sorted class codes round-robin: allocation[f][c] rows of class c go to fold f.
  std::vector<std::vector<std::size_t>> allocation(folds,
                                                   std::vector<std::size_t>(classes.size(), 0));
  std::size_t position = 0;
  for (std::size_t c = 0; c < classes.size(); ++c)
    for (std::size_t k = 0; k < classes[c].size(); ++k, ++position)
      ++allocation[position % folds][c];
  std::vector<std::size_t> fold_of_row(labels.size(), 0);
  std::vector<std::size_t> folds_for_class;
  for (std::size_t c = 0; c < classes.size(); ++c) {
    folds_for_class.clear();
    for (std::size_t f = 0; f < folds; ++f)
      folds_for_class.insert(folds_for_class.end(), allocation[f][c], f);
    rng.shuffle(std::span<std::size_t>(folds_for_class));
    for (std::size_t k = 0; k < classes[c].size(); ++k)
      fold_of_row[classes[c][k]] = folds_for_class[k];
  }
  return fold_of_row;
}

std::vector<std::size_t> fold_assignment(std::size_t rows, std::size_t folds, Rng& rng) {
  if (folds < 2) throw InvalidArgument("k-fold: folds must be >= 2, got " + str(folds));
  if (folds > rows)
    throw InvalidArgument("k-fold: " + str(folds) + " folds for " + str(rows) + " rows");
  std::vector<std::size_t> order(rows);
  std::iota(order.begin(), order.end(), std::size_t{0});
  rng.shuffle(std::span<std::size_t>(order));
  std::vector<std::size_t> fold_of_row(rows);
  std::size_t position = 0;
  for (std::size_t f = 0; f < folds; ++f) {
    const std::size_t size = rows / folds + (f < rows % folds ? 1 : 0);
    for (std::size_t k = 0; k < size; ++k) fold_of_row[order[position++]] = f;
  }
  return fold_of_row;
}

std::vector<Split> splits_from_folds(std::span<const std::size_t> fold_of_row, std::size_t folds,
                                     int repeat) {
  std::vector<Split> splits(folds);
  for (std::size_t f = 0; f < folds; ++f) {
    splits[f].repeat = repeat;
    splits[f].fold = static_cast<int>(f);
  }
  for (std::size_t i = 0; i < fold_of_row.size(); ++i) {
    if (fold_of_row[i] >= folds)
      throw InvalidArgument("row " + str(i) + " is in fold " + str(fold_of_row[i]) + " of " +
                            str(folds));
    for (std::size_t f = 0; f < folds; ++f)
      (f == fold_of_row[i] ? splits[f].test : splits[f].train).push_back(i);
  }
  return splits;
}

std::vector<Split> holdout_splits(const Dataset& data, const HoldoutParams& params) {
  check_fraction("holdout", params.test_fraction);
  if (params.repeats < 1) throw InvalidArgument("holdout: repeats must be >= 1");
  std::vector<Split> splits;
  for (std::size_t r = 0; r < params.repeats; ++r) {
    Rng rng = Rng::for_stream(params.seed, r);
    Split s = holdout_once(data, params.test_fraction, params.stratified, rng);
    s.repeat = static_cast<int>(r);
    splits.push_back(std::move(s));
  }
  return splits;
}

std::vector<Split> kfold_splits(const Dataset& data, const KFoldParams& params) {
  if (params.repeats < 1) throw InvalidArgument("k-fold: repeats must be >= 1");
  if (params.folds > data.rows)
    throw InvalidArgument("k-fold: " + str(params.folds) + " folds for " + str(data.rows) +
                          " rows");
  std::vector<Split> splits;
  for (std::size_t r = 0; r < params.repeats; ++r) {
    Rng rng = Rng::for_stream(params.seed, r);
    const auto fold_of_row = use_strata(data, params.stratified)
                                 ? stratified_fold_assignment(data.labels, params.folds, rng)
                                 : fold_assignment(data.rows, params.folds, rng);
    auto repeat = splits_from_folds(fold_of_row, params.folds, static_cast<int>(r));
    for (auto& s : repeat) splits.push_back(std::move(s));
  }
  return splits;
}

std::vector<Split> learning_curve_splits(const Dataset& data, const LearningCurveParams& params) {
  check_fraction("learning curve", params.test_fraction);
  if (params.train_fractions.empty())
    throw InvalidArgument("learning curve: train_fractions is empty");
  for (std::size_t k = 0; k < params.train_fractions.size(); ++k) {
    const double f = params.train_fractions[k];
    if (!(f > 0.0 && f <= 1.0))
      throw InvalidArgument("learning curve: train fraction " + std::to_string(f) +
                            " outside (0, 1]");
    if (k > 0 && !(f > params.train_fractions[k - 1]))
      throw InvalidArgument("learning curve: train_fractions must increase");
  }
  Rng rng = Rng::for_stream(params.seed, 0);
  const Split base = holdout_once(data, params.test_fraction, params.stratified, rng);

  // Order the training part so that every prefix keeps the class shares: row q (0-based, after
  // a shuffle) of a class with m training rows gets the key (q + u) / m, u uniform in [0, 1).
  std::vector<std::pair<double, std::size_t>> keyed;
  keyed.reserve(base.train.size());
  if (use_strata(data, params.stratified)) {
    std::vector<std::int32_t> train_labels;
    for (std::size_t i : base.train) train_labels.push_back(data.labels[i]);
    auto classes = rows_by_class(train_labels);
    for (auto& members : classes) {
      rng.shuffle(std::span<std::size_t>(members));
      const auto m = static_cast<double>(members.size());
      for (std::size_t q = 0; q < members.size(); ++q)
        keyed.emplace_back((static_cast<double>(q) + rng.uniform()) / m, base.train[members[q]]);
    }
  } else {
    for (std::size_t i : base.train) keyed.emplace_back(rng.uniform(), i);
  }
  std::sort(keyed.begin(), keyed.end());

  std::vector<Split> splits;
  const std::size_t available = keyed.size();
  for (std::size_t k = 0; k < params.train_fractions.size(); ++k) {
    const double f = params.train_fractions[k];
    const auto m = std::max<std::size_t>(
        1, std::min(available,
                    static_cast<std::size_t>(std::llround(f * static_cast<double>(available)))));
    Split s;
    s.test = base.test;
    for (std::size_t q = 0; q < m; ++q) s.train.push_back(keyed[q].second);
    std::sort(s.train.begin(), s.train.end());
    s.fold = static_cast<int>(k);
    s.train_fraction = f;
    splits.push_back(std::move(s));
  }
  return splits;
}

namespace {

/// Reads an index (a non-negative integer below `limit`) at `json_path`.
std::size_t read_index(const nlohmann::json& v, const std::string& file,
                       const std::string& json_path, std::size_t limit, const char* what) {
  if (!v.is_number_integer() || v.get<long long>() < 0)
    throw ConfigError(file, json_path,
                      std::string("expected a non-negative integer ") + what + ", got " + v.dump());
  const auto index = v.get<unsigned long long>();
  if (index >= limit)
    throw ConfigError(file, json_path,
                      std::string(what) + " " + std::to_string(index) +
                          " out of range (must be < " + str(limit) + ")");
  return static_cast<std::size_t>(index);
}

/// One repeat's fold of every row from `{"fold_of_row": [...]}`.
std::vector<std::size_t> read_fold_of_row(const nlohmann::json& v, const std::string& file,
                                          const std::string& json_path, std::size_t rows) {
  if (!v.is_array()) throw ConfigError(file, json_path, "expected an array of fold numbers");
  if (v.size() != rows)
    throw ConfigError(file, json_path,
                      "has " + str(v.size()) + " entries, the dataset has " + str(rows) + " rows");
  std::vector<std::size_t> fold_of_row(rows);
  for (std::size_t i = 0; i < rows; ++i)
    fold_of_row[i] = read_index(v[i], file, json_path + "/" + str(i), rows, "fold number");
  return fold_of_row;
}

/// One repeat's fold of every row from `{"folds": [[...], ...]}`.
std::vector<std::size_t> read_folds(const nlohmann::json& v, const std::string& file,
                                    const std::string& json_path, std::size_t rows) {
  if (!v.is_array())
    throw ConfigError(file, json_path, "expected an array of folds (arrays of row indices)");
  constexpr std::size_t kUnassigned = static_cast<std::size_t>(-1);
  std::vector<std::size_t> fold_of_row(rows, kUnassigned);
  for (std::size_t f = 0; f < v.size(); ++f) {
    const std::string fold_path = json_path + "/" + str(f);
    if (!v[f].is_array()) throw ConfigError(file, fold_path, "expected an array of row indices");
    for (std::size_t k = 0; k < v[f].size(); ++k) {
      const std::string p = fold_path + "/" + str(k);
      const std::size_t row = read_index(v[f][k], file, p, rows, "row index");
      if (fold_of_row[row] != kUnassigned)
        throw ConfigError(file, p,
                          "row " + str(row) + " is already in fold " + str(fold_of_row[row]));
      fold_of_row[row] = f;
    }
  }
  for (std::size_t i = 0; i < rows; ++i)
    if (fold_of_row[i] == kUnassigned)
      throw ConfigError(
          file, json_path,
          "row " + str(i) + " is in no fold (every row of the " + str(rows) + " must be in one)");
  return fold_of_row;
}

}  // namespace

std::vector<Split> read_fold_file(const std::string& path, std::size_t rows) {
  const nlohmann::json json = read_json_file(path);
  return reading_json_of(path, [&] { return splits_from_fold_json(json, path, rows); });
}

std::vector<Split> splits_from_fold_json(const nlohmann::json& json, const std::string& path,
                                         std::size_t rows) {
  if (!json.is_object())
    throw ConfigError(path, "", "expected a JSON object with \"folds\" or \"repeats\"");
  if (auto it = json.find("n_rows"); it != json.end()) {
    if (!it->is_number_integer() || it->get<long long>() != static_cast<long long>(rows))
      throw ConfigError(path, "/n_rows",
                        "is " + it->dump() + ", the dataset has " + str(rows) + " rows");
  }
  // (json path, fold of every row) per repeat.
  std::vector<std::pair<std::string, std::vector<std::size_t>>> repeats;
  if (json.contains("folds")) {
    repeats.emplace_back("/folds", read_folds(json["folds"], path, "/folds", rows));
  } else if (auto it = json.find("repeats"); it != json.end()) {
    if (!it->is_array() || it->empty())
      throw ConfigError(path, "/repeats", "expected a non-empty array of repeats");
    for (std::size_t r = 0; r < it->size(); ++r) {
      const std::string p = "/repeats/" + str(r);
      const auto& repeat = (*it)[r];
      if (repeat.is_object() && repeat.contains("fold_of_row"))
        repeats.emplace_back(p + "/fold_of_row", read_fold_of_row(repeat["fold_of_row"], path,
                                                                  p + "/fold_of_row", rows));
      else if (repeat.is_object() && repeat.contains("folds"))
        repeats.emplace_back(p + "/folds", read_folds(repeat["folds"], path, p + "/folds", rows));
      else
        throw ConfigError(path, p, "expected an object with \"fold_of_row\" or \"folds\"");
    }
  } else {
    throw ConfigError(path, "", "expected a \"folds\" or a \"repeats\" key");
  }

  std::vector<Split> splits;
  std::size_t expected_folds = 0;
  for (std::size_t r = 0; r < repeats.size(); ++r) {
    const auto& [json_path, fold_of_row] = repeats[r];
    std::size_t folds = 0;
    for (std::size_t f : fold_of_row) folds = std::max(folds, f + 1);
    std::vector<std::size_t> sizes(folds, 0);
    for (std::size_t f : fold_of_row) ++sizes[f];
    for (std::size_t f = 0; f < folds; ++f)
      if (sizes[f] == 0) throw ConfigError(path, json_path, "fold " + str(f) + " is empty");
    if (folds < 2) throw ConfigError(path, json_path, "needs at least 2 folds, has " + str(folds));
    if (r == 0)
      expected_folds = folds;
    else if (folds != expected_folds)
      throw ConfigError(path, json_path,
                        "has " + str(folds) + " folds, repeat 0 has " + str(expected_folds));
    auto repeat = splits_from_folds(fold_of_row, folds, static_cast<int>(r));
    for (auto& s : repeat) splits.push_back(std::move(s));
  }
  return splits;
}

}  // namespace prunekit
