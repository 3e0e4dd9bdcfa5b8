#include "prunekit/data/arff.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "prunekit/core/error.hpp"
#include "prunekit/data/load.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

using testing::TempDir;

void expect_arff_error(const std::string& path, std::initializer_list<std::string> parts,
                       const ArffOptions& options = {}) {
  try {
    (void)read_arff(path, options);
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    for (const auto& p : parts)
      EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
  }
}

constexpr const char* kWeather =
    "% The weather data (Witten and Frank)\n"
    "@RELATION weather\n"
    "\n"
    "@attribute outlook {sunny, overcast, rainy}\n"
    "@attribute 'temp erature' real\n"
    "@attribute humidity INTEGER  % a comment\n"
    "@attribute \"wi\\\"ndy\" {TRUE, FALSE}\n"
    "@attribute play {yes, no}\n"
    "@data\n"
    "sunny,85,85,FALSE,no\n"
    "% comment in data\n"
    "overcast, 83.5 ,?,TRUE,yes\n"
    "'rainy',70,96,FALSE,yes\n";

TEST(Arff, ReadsNominalNumericQuotedAndMissing) {
  const TempDir dir;
  const auto path = dir.write("weather.arff", kWeather);
  const Dataset d = read_arff(path);
  d.check();
  EXPECT_EQ(d.provenance.name, "weather");
  ASSERT_EQ(d.rows, 3u);
  ASSERT_EQ(d.n_features(), 4u);
  EXPECT_EQ(d.schema.features[1].name, "temp erature");
  EXPECT_EQ(d.schema.features[3].name, "wi\"ndy");
  EXPECT_TRUE(d.schema.features[0].categorical);
  EXPECT_FALSE(d.schema.features[2].categorical);
  // Levels in sorted order, as the CSV reader numbers them.
  EXPECT_EQ(d.schema.features[0].levels, (std::vector<std::string>{"overcast", "rainy", "sunny"}));
  EXPECT_FLOAT_EQ(d.value(0, 0), 2.0f);
  EXPECT_FLOAT_EQ(d.value(2, 0), 1.0f);
  EXPECT_FLOAT_EQ(d.value(1, 1), 83.5f);
  EXPECT_TRUE(std::isnan(d.value(1, 2)));
  EXPECT_EQ(d.schema.task, Task::classification);
  EXPECT_EQ(d.schema.target_name, "play");
  EXPECT_EQ(d.schema.class_names, (std::vector<std::string>{"no", "yes"}));
  EXPECT_EQ(d.labels, (std::vector<std::int32_t>{0, 1, 1}));
}

TEST(Arff, NumericClassIsRegressionAndTargetOptionPicksClass) {
  const TempDir dir;
  const auto path = dir.write("r.arff",
                              "@relation r\n@attribute a numeric\n@attribute c {x,y}\n"
                              "@attribute y numeric\n@data\n1,x,2.5\n2,y,3.5\n");
  const Dataset d = read_arff(path);
  EXPECT_EQ(d.schema.task, Task::regression);
  EXPECT_EQ(d.targets, (std::vector<double>{2.5, 3.5}));
  ArffOptions options;
  options.target = "c";
  const Dataset e = read_arff(path, options);
  EXPECT_EQ(e.schema.task, Task::classification);
  EXPECT_EQ(e.schema.features[1].name, "y");
  EXPECT_EQ(e.labels, (std::vector<std::int32_t>{0, 1}));
}

TEST(Arff, SparseRows) {
  const TempDir dir;
  const auto path = dir.write("s.arff",
                              "@relation s\n@attribute a numeric\n@attribute b numeric\n"
                              "@attribute c {u,v}\n@attribute cls {p,q}\n@data\n"
                              "{1 4.5, 3 q}\n{0 2}\n{2 v, 3 p}\n");
  const Dataset d = read_arff(path);
  ASSERT_EQ(d.rows, 3u);
  EXPECT_FLOAT_EQ(d.value(0, 0), 0.0f);
  EXPECT_FLOAT_EQ(d.value(0, 1), 4.5f);
  EXPECT_FLOAT_EQ(d.value(1, 0), 2.0f);
  EXPECT_FLOAT_EQ(d.value(1, 2), 0.0f);  // omitted nominal: first declared level 'u'
  EXPECT_FLOAT_EQ(d.value(2, 2), 1.0f);
  EXPECT_EQ(d.labels, (std::vector<std::int32_t>{1, 0, 0}));
}

TEST(Arff, LoadDatasetDispatches) {
  const TempDir dir;
  const auto path = dir.write("w.arff", kWeather);
  EXPECT_EQ(load_dataset(path).rows, 3u);
}

TEST(ArffErrors, UndeclaredClassLabel) {
  const TempDir dir;
  const auto path = dir.write("w.arff", std::string(kWeather) + "sunny,1,2,TRUE,maybe\n");
  expect_arff_error(path, {path + ":14:16", "class attribute 'play'", "'maybe'", "{yes, no}"});
}

TEST(ArffErrors, UndeclaredNominalValue) {
  const TempDir dir;
  const auto path = dir.write("w.arff", std::string(kWeather) + "foggy,1,2,TRUE,yes\n");
  expect_arff_error(path, {path + ":14:1", "attribute 'outlook'", "'foggy'"});
}

TEST(ArffErrors, UnsupportedStringType) {
  const TempDir dir;
  const auto path =
      dir.write("s.arff", "@relation s\n@attribute name string\n@attribute c {a}\n@data\n");
  expect_arff_error(path, {path + ":2:", "'name'", "'string' is not supported"});
}

TEST(ArffErrors, WrongValueCountAndBadNumber) {
  const TempDir dir;
  const auto short_row =
      dir.write("a.arff", "@relation s\n@attribute a real\n@attribute c {x}\n@data\n1\n");
  expect_arff_error(short_row, {short_row + ":5:", "1 values, expected 2"});
  const auto bad =
      dir.write("b.arff", "@relation s\n@attribute a real\n@attribute c {x}\n@data\nabc,x\n");
  expect_arff_error(bad, {bad + ":5:1", "attribute 'a'", "'abc'"});
}

}  // namespace
}  // namespace prunekit
