#include "prunekit/data/preprocess.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "prunekit/core/error.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/data/csv.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

Dataset small_mixed() {
  const testing::TempDir dir;
  const auto path = dir.write("m.csv", "x,c,label\n1,red,a\n,blue,b\n3,,a\n10,red,b\n");
  return read_csv(path);
}

TEST(Preprocess, MedianImputeAndOneHot) {
  const Dataset d = small_mixed();
  const Preprocessor p(d, {});
  const Dataset e = p.apply(d);
  ASSERT_EQ(e.n_features(), 3u);  // x, c=blue, c=red
  EXPECT_EQ(e.schema.features[1].name, "c=blue");
  EXPECT_FLOAT_EQ(e.value(1, 0), 3.0f);  // median of 1, 3, 10
  // Missing colour filled with the most frequent level, red.
  EXPECT_FLOAT_EQ(e.value(2, 1), 0.0f);
  EXPECT_FLOAT_EQ(e.value(2, 2), 1.0f);
  EXPECT_EQ(e.missing_total(), 0u);
}

TEST(Preprocess, OrdinalAndOwnLevel) {
  const Dataset d = small_mixed();
  PreprocessOptions o;
  o.encoding = CategoricalEncoding::ordinal;
  o.categorical_impute = CategoricalImpute::own_level;
  o.numeric_impute = NumericImpute::mean;
  const Dataset e = Preprocessor(d, o).apply(d);
  ASSERT_EQ(e.n_features(), 2u);
  EXPECT_FLOAT_EQ(e.value(1, 0), 14.0f / 3.0f);
  EXPECT_FLOAT_EQ(e.value(2, 1), 2.0f);  // "(missing)" after blue=0, red=1
}

TEST(Preprocess, ErrorPolicyRefusesMissingValues) {
  const Dataset d = small_mixed();
  PreprocessOptions o;
  o.numeric_impute = NumericImpute::error;
  EXPECT_THROW((void)Preprocessor(d, o).apply(d), InvalidArgument);
}

TEST(Preprocess, FillValuesComeFromTrainingDataOnly) {
  const Dataset d = small_mixed();
  const std::vector<std::size_t> train_rows{0, 3};  // x = 1, 10 -> median 5.5
  const Preprocessor p(d.subset(train_rows), {});
  const Dataset e = p.apply(d);
  EXPECT_FLOAT_EQ(e.value(1, 0), 5.5f);
}

TEST(Preprocess, UnitRangeScalingUsesTrainingMinAndMax) {
  const Dataset d = load_bundled("iris");
  PreprocessOptions o;
  o.scale_unit_range = true;
  const Dataset e = Preprocessor(d, o).apply(d);
  for (std::size_t j = 0; j < e.n_features(); ++j) {
    const auto col = e.column(j);
    EXPECT_FLOAT_EQ(*std::min_element(col.begin(), col.end()), 0.0f);
    EXPECT_FLOAT_EQ(*std::max_element(col.begin(), col.end()), 1.0f);
  }
}

TEST(Preprocess, HouseVotesBecomesCompleteNumericMatrix) {
  const Dataset d = load_bundled("house_votes84");
  const Dataset e = Preprocessor(d, {}).apply(d);
  EXPECT_EQ(e.missing_total(), 0u);
  EXPECT_EQ(e.n_features(), 32u);  // 16 votes x {n, y}
}

}  // namespace
}  // namespace prunekit
