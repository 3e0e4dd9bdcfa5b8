#include "prunekit/data/protocol.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "prunekit/core/error.hpp"
#include "prunekit/data/bundled.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

using testing::TempDir;

Dataset labelled_rows(const std::vector<std::int32_t>& labels, std::size_t n_classes) {
  Dataset d;
  d.rows = labels.size();
  d.schema.features.resize(1);
  d.features.assign(d.rows, 0.0f);
  for (std::size_t c = 0; c < n_classes; ++c) d.schema.class_names.push_back(std::to_string(c));
  d.labels = labels;
  return d;
}

Dataset regression(std::size_t rows) {
  Dataset d;
  d.rows = rows;
  d.schema.task = Task::regression;
  d.schema.features.resize(1);
  d.features.assign(rows, 0.0f);
  d.targets.assign(rows, 0.0);
  return d;
}

std::vector<std::size_t> counts(const Dataset& d, const std::vector<std::size_t>& rows) {
  std::vector<std::size_t> c(d.n_classes(), 0);
  for (std::size_t i : rows) ++c[static_cast<std::size_t>(d.labels[i])];
  return c;
}

/// Each repeat's test parts partition the rows, and train is the complement of test.
void expect_partition(const std::vector<Split>& splits, std::size_t rows, std::size_t folds) {
  ASSERT_EQ(splits.size() % folds, 0u);
  for (std::size_t start = 0; start < splits.size(); start += folds) {
    std::vector<int> seen(rows, 0);
    for (std::size_t f = 0; f < folds; ++f) {
      const Split& s = splits[start + f];
      EXPECT_EQ(s.train.size() + s.test.size(), rows);
      for (std::size_t i : s.test) ++seen[i];
      std::vector<std::size_t> all = s.train;
      all.insert(all.end(), s.test.begin(), s.test.end());
      std::sort(all.begin(), all.end());
      std::vector<std::size_t> expected(rows);
      std::iota(expected.begin(), expected.end(), std::size_t{0});
      EXPECT_EQ(all, expected);
    }
    EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int v) { return v == 1; }));
  }
}

TEST(Protocol, StratifiedKFoldDealsClassesRoundRobin) {
  // 7 rows of class 0, 5 of class 1, 3 folds. Sorted labels dealt round-robin (by hand):
  // class 0 -> folds 0,1,2,0,1,2,0 and class 1 -> folds 1,2,0,1,2: per fold {3,1}, {2,2}, {2,2}.
  std::vector<std::int32_t> labels = {1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0};
  std::rotate(labels.begin(), labels.begin() + 1, labels.end());  // class 0 appears first
  const Dataset d = labelled_rows(labels, 2);
  const auto splits = kfold_splits(d, {.folds = 3, .seed = 4});
  ASSERT_EQ(splits.size(), 3u);
  expect_partition(splits, d.rows, 3);
  EXPECT_EQ(counts(d, splits[0].test), (std::vector<std::size_t>{3, 1}));
  EXPECT_EQ(counts(d, splits[1].test), (std::vector<std::size_t>{2, 2}));
  EXPECT_EQ(counts(d, splits[2].test), (std::vector<std::size_t>{2, 2}));
}

TEST(Protocol, StratifiedKFoldMatchesPeerClassCountsOnGlass) {
  // The peer file was written by scikit-learn's StratifiedKFold: per-fold class counts are
  // fixed by the labels alone, so ours must be identical.
  const Dataset glass = load_bundled("glass");
  const auto peer =
      read_fold_file(std::string(PRUNEKIT_FIXTURES_DIR) + "/glass_peer_folds.json", glass.rows);
  ASSERT_EQ(peer.size(), 25u);
  const auto ours = kfold_splits(glass, {.folds = 5, .repeats = 2, .seed = 1});
  expect_partition(ours, glass.rows, 5);
  for (std::size_t f = 0; f < 5; ++f)
    EXPECT_EQ(counts(glass, ours[f].test), counts(glass, peer[f].test)) << f;
}

TEST(Protocol, PeerFoldFileForIrisGivesFiveRepeatsOfFiveStratifiedFolds) {
  const Dataset iris = load_bundled("iris");
  const auto splits =
      read_fold_file(std::string(PRUNEKIT_FIXTURES_DIR) + "/iris_peer_folds.json", iris.rows);
  ASSERT_EQ(splits.size(), 25u);
  expect_partition(splits, iris.rows, 5);
  for (const Split& s : splits) {
    EXPECT_EQ(counts(iris, s.test), (std::vector<std::size_t>{10, 10, 10}));
    EXPECT_EQ(counts(iris, s.train), (std::vector<std::size_t>{40, 40, 40}));
  }
  EXPECT_EQ(splits[7].repeat, 1);
  EXPECT_EQ(splits[7].fold, 2);
  // First row of the file: fold_of_row[0] = 2 in repeat 0.
  EXPECT_TRUE(std::binary_search(splits[2].test.begin(), splits[2].test.end(), 0u));
}

TEST(Protocol, KFoldIsReproducibleAndRepeatsDiffer) {
  const Dataset iris = load_bundled("iris");
  const auto a = kfold_splits(iris, {.folds = 5, .repeats = 3, .seed = 7});
  const auto b = kfold_splits(iris, {.folds = 5, .repeats = 3, .seed = 7});
  const auto c = kfold_splits(iris, {.folds = 5, .repeats = 3, .seed = 8});
  ASSERT_EQ(a.size(), 15u);
  expect_partition(a, iris.rows, 5);
  for (std::size_t k = 0; k < a.size(); ++k) EXPECT_EQ(a[k].test, b[k].test);
  EXPECT_NE(a[0].test, c[0].test);
  EXPECT_NE(a[0].test, a[5].test);  // repeat 1 is reshuffled
  EXPECT_EQ(a[5].repeat, 1);
  // The first repeat does not depend on how many repeats follow.
  const auto one = kfold_splits(iris, {.folds = 5, .repeats = 1, .seed = 7});
  EXPECT_EQ(one[3].test, a[3].test);
}

TEST(Protocol, PlainKFoldForRegressionHasBalancedFoldSizes) {
  const auto splits = kfold_splits(regression(11), {.folds = 3, .seed = 2});
  expect_partition(splits, 11, 3);
  EXPECT_EQ(splits[0].test.size(), 4u);
  EXPECT_EQ(splits[1].test.size(), 4u);
  EXPECT_EQ(splits[2].test.size(), 3u);
}

TEST(Protocol, ImpossibleFoldCountsThrow) {
  const Dataset d = labelled_rows({0, 0, 0, 0, 1, 1, 1}, 2);
  try {
    (void)kfold_splits(d, {.folds = 4});
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("class 1 has only 3 row(s)"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW((void)kfold_splits(d, {.folds = 1}), InvalidArgument);
  EXPECT_THROW((void)kfold_splits(regression(3), {.folds = 4}), InvalidArgument);
}

TEST(Protocol, StratifiedHoldoutKeepsClassShares) {
  const Dataset iris = load_bundled("iris");
  const auto splits = holdout_splits(iris, {.test_fraction = 0.2, .repeats = 2, .seed = 3});
  ASSERT_EQ(splits.size(), 2u);
  for (const Split& s : splits) {
    EXPECT_EQ(counts(iris, s.test), (std::vector<std::size_t>{10, 10, 10}));
    EXPECT_EQ(s.train.size(), 120u);
  }
  EXPECT_NE(splits[0].test, splits[1].test);
  EXPECT_EQ(holdout_splits(iris, {.test_fraction = 0.2, .seed = 3})[0].test, splits[0].test);
  // Unbalanced: 30 of class 0, 10 of class 1, 25 % held out -> 7.5 and 2.5, rounded to 10 total.
  std::vector<std::int32_t> labels(40, 0);
  std::fill(labels.begin() + 30, labels.end(), 1);
  const Dataset u = labelled_rows(labels, 2);
  const auto t = holdout_splits(u, {.test_fraction = 0.25})[0].test;
  const auto c = counts(u, t);
  EXPECT_EQ(c[0] + c[1], 10u);
  EXPECT_TRUE((c == std::vector<std::size_t>{8, 2}) || (c == std::vector<std::size_t>{7, 3}));
}

TEST(Protocol, HoldoutRejectsFractionsOutsideZeroOne) {
  const Dataset d = regression(10);
  for (double f : {0.0, 1.0, -0.5, 1.5}) {
    try {
      (void)holdout_splits(d, {.test_fraction = f});
      FAIL() << f;
    } catch (const InvalidArgument& e) {
      EXPECT_NE(std::string(e.what()).find("test_fraction must be in (0, 1)"), std::string::npos);
    }
  }
}

TEST(Protocol, LearningCurveGrowsNestedStratifiedTrainingSets) {
  const Dataset iris = load_bundled("iris");
  const auto splits = learning_curve_splits(
      iris, {.test_fraction = 0.2, .train_fractions = {0.1, 0.5, 1.0}, .seed = 5});
  ASSERT_EQ(splits.size(), 3u);
  EXPECT_EQ(splits[0].train.size(), 12u);
  EXPECT_EQ(splits[1].train.size(), 60u);
  EXPECT_EQ(splits[2].train.size(), 120u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(splits[k].test, splits[0].test);
    EXPECT_EQ(splits[k].fold, static_cast<int>(k));
    const auto c = counts(iris, splits[k].train);
    const double share = static_cast<double>(splits[k].train.size()) / 3.0;
    for (std::size_t v : c) EXPECT_LE(std::abs(static_cast<double>(v) - share), 1.0);
    if (k > 0) {
      EXPECT_TRUE(std::includes(splits[k].train.begin(), splits[k].train.end(),
                                splits[k - 1].train.begin(), splits[k - 1].train.end()));
    }
  }
  EXPECT_THROW((void)learning_curve_splits(iris, {.train_fractions = {0.5, 0.2}}), InvalidArgument);
}

TEST(FoldFile, SimpleFormatWithAndWithoutRepeats) {
  const TempDir dir;
  const auto one = dir.write("f.json", R"({"folds": [[0, 3], [1, 2, 4]]})");
  const auto splits = read_fold_file(one, 5);
  ASSERT_EQ(splits.size(), 2u);
  EXPECT_EQ(splits[0].test, (std::vector<std::size_t>{0, 3}));
  EXPECT_EQ(splits[0].train, (std::vector<std::size_t>{1, 2, 4}));
  const auto two =
      dir.write("g.json", R"({"repeats": [{"folds": [[0], [1, 2]]}, {"folds": [[2, 1], [0]]}]})");
  const auto r = read_fold_file(two, 3);
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[2].test, (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(r[2].repeat, 1);
}

void expect_fold_file_error(const std::string& path, std::size_t rows, const std::string& json_path,
                            const std::string& what) {
  try {
    (void)read_fold_file(path, rows);
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.json_path(), json_path) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

TEST(FoldFile, ValidationNamesFileAndJsonPath) {
  const TempDir dir;
  expect_fold_file_error(dir.write("a.json", R"({"folds": [[0, 1], [1, 2]]})"), 3, "/folds/1/0",
                         "row 1 is already in fold 0");
  expect_fold_file_error(dir.write("b.json", R"({"folds": [[0, 1], [7]]})"), 3, "/folds/1/0",
                         "out of range");
  expect_fold_file_error(dir.write("c.json", R"({"folds": [[0], [1]]})"), 3, "/folds",
                         "row 2 is in no fold");
  expect_fold_file_error(
      dir.write("d.json", R"({"repeats": [{"folds": [[0], [1, 2]]}, {"folds": [[0], [1], [2]]}]})"),
      3, "/repeats/1/folds", "3 folds, repeat 0 has 2");
  expect_fold_file_error(dir.write("e.json", R"({"repeats": [{"fold_of_row": [0, 1]}]})"), 3,
                         "/repeats/0/fold_of_row", "2 entries");
  expect_fold_file_error(dir.write("f.json", R"({"repeats": [{"fold_of_row": [0, "x", 1]}]})"), 3,
                         "/repeats/0/fold_of_row/1", "non-negative integer");
  expect_fold_file_error(dir.write("g.json", R"({"n_rows": 4, "folds": [[0], [1, 2]]})"), 3,
                         "/n_rows", "the dataset has 3 rows");
  expect_fold_file_error(dir.write("h.json", R"({"repeats": [{"fold_of_row": [0, 2, 2]}]})"), 3,
                         "/repeats/0/fold_of_row", "fold 1 is empty");
  expect_fold_file_error(dir.write("i.json", R"({"splits": []})"), 3, "",
                         "\"folds\" or a \"repeats\"");
  EXPECT_THROW((void)read_fold_file(dir.write("j.json", "{\"folds\": [[0,\n}"), 3), DataError);
}

}  // namespace
}  // namespace prunekit
