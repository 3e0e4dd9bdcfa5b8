#include "prunekit/model/metrics.hpp"

#include <gtest/gtest.h>

#include "prunekit/core/error.hpp"

namespace prunekit {
namespace {

Dataset labelled_metrics_data(std::vector<std::int32_t> labels, std::size_t classes) {
  Dataset d;
  d.rows = labels.size();
  d.labels = std::move(labels);
  for (std::size_t c = 0; c < classes; ++c) d.schema.class_names.push_back("c" + std::to_string(c));
  return d;
}

TEST(Metrics, AccuracyAndConfusionByHand) {
  const Dataset d = labelled_metrics_data({0, 0, 1, 2, 2}, 3);
  const std::vector<double> p{0, 1, 1, 2, 0};
  EXPECT_DOUBLE_EQ(accuracy(d, p), 3.0 / 5.0);
  const auto m = confusion_matrix(d, p);
  EXPECT_EQ(m[0], (std::vector<std::size_t>{1, 1, 0}));
  EXPECT_EQ(m[2], (std::vector<std::size_t>{1, 0, 1}));
}

TEST(Metrics, R2AndRmseByHand) {
  Dataset d;
  d.schema.task = Task::regression;
  d.rows = 4;
  d.targets = {1, 2, 3, 4};                 // mean 2.5, SS_tot = 5
  const std::vector<double> p{1, 2, 3, 5};  // SS_res = 1
  EXPECT_DOUBLE_EQ(r2_score(d, p), 1.0 - 1.0 / 5.0);
  EXPECT_DOUBLE_EQ(rmse(d, p), 0.5);
  EXPECT_DOUBLE_EQ(score(d, p), 0.8);
}

TEST(Metrics, SizeMismatchIsAnError) {
  const Dataset d = labelled_metrics_data({0, 1}, 2);
  EXPECT_THROW((void)accuracy(d, {0.0}), InvalidArgument);
}

}  // namespace
}  // namespace prunekit
