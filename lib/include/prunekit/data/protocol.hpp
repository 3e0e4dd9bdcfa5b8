#pragma once
/// Protocols: how a dataset is split into training and test rows. Every protocol is seeded
/// (same seed, same splits) and returns a list of Split; the runner fits on `train` and scores
/// on `test`. Stratified protocols keep each class's share in every part; they apply to
/// classification data and fall back to plain (unstratified) splits for regression.
///
/// Stratified k-fold follows scikit-learn's StratifiedKFold (sklearn/model_selection/_split.py,
/// version >= 0.22): the sorted labels are dealt round-robin to the folds, which fixes how many
/// rows of each class each fold gets (counts per class differ by at most 1 between folds, and
/// fold sizes by at most 1), then each class's rows receive their fold numbers in a shuffled
/// order. Plain k-fold follows KFold: a shuffled order cut into folds whose sizes differ by at
/// most 1.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "prunekit/core/rng.hpp"
#include "prunekit/data/dataset.hpp"

namespace prunekit {

/// One train/test split of the rows of a dataset (indices into the dataset, ascending).
struct Split {
  std::vector<std::size_t> train;
  std::vector<std::size_t> test;
  /// Repeat number (0-based) of a repeated protocol.
  int repeat = 0;
  /// Fold number (0-based); for a learning curve, the index of the training fraction.
  int fold = 0;
  /// Share of the available training rows that `train` uses (1 except for learning curves).
  double train_fraction = 1.0;
};

/// Holdout: one split per repeat with a share `test_fraction` of the rows held out.
struct HoldoutParams {
  /// In (0, 1); the test part has ceil(test_fraction * rows) rows (as scikit-learn's
  /// train_test_split), at least 1, and the training part at least 1.
  double test_fraction = 0.25;
  bool stratified = true;
  /// Independent splits, repeat r drawn from Rng::for_stream(seed, r).
  std::size_t repeats = 1;
  std::uint64_t seed = 0;
};

/// K-fold cross-validation: `repeats` x `folds` splits; each row is in the test part of exactly
/// one fold per repeat. Repeat r is shuffled from Rng::for_stream(seed, r).
struct KFoldParams {
  std::size_t folds = 5;
  std::size_t repeats = 1;
  bool stratified = true;
  std::uint64_t seed = 0;
};

/// Learning curve: one stratified holdout split (test part fixed), then training sets made of
/// growing shares of the training part. Each training set contains the smaller ones and keeps
/// the class proportions (each class within one row of its share).
struct LearningCurveParams {
  double test_fraction = 0.25;
  /// Increasing shares in (0, 1] of the training part.
  std::vector<double> train_fractions = {0.1, 0.25, 0.5, 0.75, 1.0};
  bool stratified = true;
  std::uint64_t seed = 0;
};

/// Holdout splits. Throws InvalidArgument when test_fraction is outside (0, 1) or leaves an
/// empty part.
[[nodiscard]] std::vector<Split> holdout_splits(const Dataset& data, const HoldoutParams& params);

/// K-fold splits, in order repeat 0 fold 0, repeat 0 fold 1, ... Throws InvalidArgument when
/// folds < 2, repeats < 1, folds > rows, or (stratified) folds > rows of the smallest class.
[[nodiscard]] std::vector<Split> kfold_splits(const Dataset& data, const KFoldParams& params);

/// Learning-curve splits, one per training fraction (Split::fold = its index).
[[nodiscard]] std::vector<Split> learning_curve_splits(const Dataset& data,
                                                       const LearningCurveParams& params);

/// Test fold (0 .. folds-1) of every row, stratified by `labels` (class ids >= 0) as
/// scikit-learn's StratifiedKFold with shuffling. Throws InvalidArgument when folds < 2 or a
/// class present in `labels` has fewer than `folds` rows.
[[nodiscard]] std::vector<std::size_t> stratified_fold_assignment(
    std::span<const std::int32_t> labels, std::size_t folds, Rng& rng);

/// Test fold of every row of `rows` rows, unstratified (KFold with shuffling).
[[nodiscard]] std::vector<std::size_t> fold_assignment(std::size_t rows, std::size_t folds,
                                                       Rng& rng);

/// The splits (one per fold, test = rows of that fold, train = the others) of a fold assignment.
[[nodiscard]] std::vector<Split> splits_from_folds(std::span<const std::size_t> fold_of_row,
                                                   std::size_t folds, int repeat = 0);

/// Reads folds from a JSON file, for a dataset of `rows` rows, in one of two formats:
///  - `{"repeats": [{"fold_of_row": [f0, f1, ...]}, ...]}`: the test fold of each row per repeat
///    (the format of the peer scripts; an `"n_rows"` key, if present, must equal `rows`);
///  - `{"folds": [[test rows of fold 0], [...], ...]}`, or `{"repeats": [{"folds": [...]}, ...]}`.
/// Checks that indices are in range, no row appears twice in a repeat, every row is assigned,
/// no fold is empty, and every repeat has the same number of folds; a violation is a
/// ConfigError naming the file and the JSON path (a syntax error is a DataError with
/// line:column).
[[nodiscard]] std::vector<Split> read_fold_file(const std::string& path, std::size_t rows);
/// read_fold_file's reading of parsed JSON (nlohmann's type errors pass through).
[[nodiscard]] std::vector<Split> splits_from_fold_json(const nlohmann::json& json,
                                                       const std::string& path, std::size_t rows);

}  // namespace prunekit
