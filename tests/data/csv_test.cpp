#include "prunekit/data/csv.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>

#include "prunekit/core/error.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

using testing::TempDir;

/// Expects `read_csv(path)` to throw a DataError whose text contains `where` and `what`.
void expect_csv_error(const std::string& path, const std::string& where, const std::string& what,
                      const CsvOptions& options = {}) {
  try {
    (void)read_csv(path, options);
    FAIL() << "expected a DataError for " << path;
  } catch (const DataError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(where), std::string::npos) << message;
    EXPECT_NE(message.find(what), std::string::npos) << message;
  }
}

TEST(Csv, ReadsNumericFeaturesColumnMajorAndSortedLabels) {
  const TempDir dir;
  const auto path = dir.write("t.csv", "a,b,label\n1,2.5,yes\n3,-4,no\n5,6e2,yes\n");
  const Dataset d = read_csv(path);
  ASSERT_EQ(d.rows, 3u);
  ASSERT_EQ(d.n_features(), 2u);
  EXPECT_EQ(d.schema.features[1].name, "b");
  EXPECT_FLOAT_EQ(d.value(0, 0), 1.0f);
  EXPECT_FLOAT_EQ(d.value(1, 1), -4.0f);
  EXPECT_FLOAT_EQ(d.value(2, 1), 600.0f);
  EXPECT_FLOAT_EQ(d.column(0)[2], 5.0f);  // column-major
  ASSERT_EQ(d.schema.class_names, (std::vector<std::string>{"no", "yes"}));
  EXPECT_EQ(d.labels, (std::vector<std::int32_t>{1, 0, 1}));
  EXPECT_EQ(d.schema.task, Task::classification);
}

TEST(Csv, NumericLabelsSortNumerically) {
  const TempDir dir;
  const auto path = dir.write("t.csv", "x,label\n1,10\n2,9\n3,2\n");
  const Dataset d = read_csv(path);
  EXPECT_EQ(d.schema.class_names, (std::vector<std::string>{"2", "9", "10"}));
  EXPECT_EQ(d.labels, (std::vector<std::int32_t>{2, 1, 0}));
}

TEST(Csv, EmptyFieldIsMissingAndQuotedFieldsUnquote) {
  const TempDir dir;
  const auto path = dir.write("t.csv", "a,c,label\n1,\"x, y\",p\n,\"he said \"\"hi\"\"\",q\n");
  const Dataset d = read_csv(path);
  EXPECT_TRUE(std::isnan(d.value(1, 0)));
  EXPECT_TRUE(d.schema.features[1].categorical);
  EXPECT_EQ(d.schema.features[1].levels, (std::vector<std::string>{"he said \"hi\"", "x, y"}));
  EXPECT_EQ(d.missing_total(), 1u);
}

TEST(Csv, SidecarDeclaresCategoricalDigitColumnsAndTask) {
  const TempDir dir;
  const auto path = dir.write("s.csv", "code,v,target\n2,1.5,3.25\n0,2.5,4\n2,3,5\n");
  dir.write("s.json", R"({"name":"s","task":"regression","target":"target","n_rows":3,
      "n_features":2,"n_classes":null,"categorical_features":["code"],"missing_values":0})");
  const Dataset d = read_csv(path);
  EXPECT_EQ(d.schema.task, Task::regression);
  EXPECT_TRUE(d.schema.features[0].categorical);
  EXPECT_EQ(d.schema.features[0].levels, (std::vector<std::string>{"0", "2"}));
  EXPECT_FLOAT_EQ(d.value(0, 0), 1.0f);
  EXPECT_EQ(d.targets, (std::vector<double>{3.25, 4, 5}));
}

TEST(Csv, WithoutSidecarTargetDefaultsToLastColumnAndCanBeNamed) {
  const TempDir dir;
  const auto path = dir.write("n.csv", "y,a,b\n0,1.5,7\n1,2.5,8\n0,3.5,9\n");
  const Dataset last = read_csv(path);
  EXPECT_EQ(last.schema.target_name, "b");
  CsvOptions options;
  options.target = "y";
  const Dataset named = read_csv(path, options);
  EXPECT_EQ(named.schema.target_name, "y");
  EXPECT_EQ(named.schema.task, Task::classification);  // a few distinct integers
  EXPECT_EQ(named.n_features(), 2u);
  EXPECT_EQ(named.schema.features[0].name, "a");
}

TEST(Csv, RealValuedTargetWithoutSidecarIsRegression) {
  const TempDir dir;
  const auto path = dir.write("r.csv", "a,t\n1,0.5\n2,1.25\n");
  EXPECT_EQ(read_csv(path).schema.task, Task::regression);
}

TEST(Csv, RoundTripThroughWriteCsv) {
  const TempDir dir;
  const auto path = dir.write("t.csv", "a,c,label\n0.1,u,p\n,v,q\n3.25,,p\n");
  const Dataset d = read_csv(path);
  const std::string out = (dir.path() / "copy.csv").string();
  write_csv(d, out, (dir.path() / "copy.json").string());
  const Dataset e = read_csv(out);
  EXPECT_EQ(e.rows, d.rows);
  EXPECT_EQ(e.labels, d.labels);
  EXPECT_EQ(e.schema.features[1].levels, d.schema.features[1].levels);
  for (std::size_t i = 0; i < d.features.size(); ++i) {
    if (std::isnan(d.features[i]))
      EXPECT_TRUE(std::isnan(e.features[i]));
    else
      EXPECT_EQ(e.features[i], d.features[i]);
  }
}

// --- bad input: each names the place -------------------------------------------------

TEST(CsvBadInput, RaggedRowNamesLine) {
  const TempDir dir;
  const auto path = dir.write("r.csv", "a,b,label\n1,2,x\n3,4\n");
  expect_csv_error(path, path + ":3", "row has 2 fields, the header has 3");
}

TEST(CsvBadInput, NonNumericValueNamesLineColumnAndField) {
  const TempDir dir;
  const auto path = dir.write("n.csv", "a,b,label\n1,2,x\n3,abc,y\n");
  dir.write("n.json", R"({"task":"classification","target":"label","categorical_features":[]})");
  expect_csv_error(path, path + ":3:3", "column 'b': expected a number, got 'abc'");
}

TEST(CsvBadInput, EmptyFile) {
  const TempDir dir;
  const auto path = dir.write("e.csv", "");
  expect_csv_error(path, path + ":1", "empty file");
}

TEST(CsvBadInput, HeaderWithoutRows) {
  const TempDir dir;
  const auto path = dir.write("h.csv", "a,b,label\n");
  expect_csv_error(path, path + ":2", "header without data rows");
}

TEST(CsvBadInput, MissingTargetColumn) {
  const TempDir dir;
  const auto path = dir.write("m.csv", "a,b\n1,2\n");
  CsvOptions options;
  options.target = "label";
  expect_csv_error(path, path, "target column 'label' does not exist", options);
}

TEST(CsvBadInput, SidecarRowCountDisagrees) {
  const TempDir dir;
  const auto path = dir.write("d.csv", "a,label\n1,x\n2,y\n");
  const auto side = dir.write("d.json", R"({"task":"classification","target":"label","n_rows":5})");
  expect_csv_error(path, side, "\"n_rows\" is 5 but");
}

TEST(CsvBadInput, SidecarNamesUnknownCategoricalColumn) {
  const TempDir dir;
  const auto path = dir.write("c.csv", "a,label\n1,x\n");
  const auto side = dir.write("c.json", R"({"target":"label","categorical_features":["zz"]})");
  expect_csv_error(path, side, "categorical feature 'zz' is not a column");
}

TEST(CsvBadInput, SidecarWithUnknownKeysIsRefusedAndNamed) {
  const TempDir dir;
  const auto path = dir.write("s.csv", "a,b,label\n1,six,x\n2,7,y\n");
  const auto side = dir.write("s.json", R"({"foo": 1})");
  expect_csv_error(path, side, "/foo: unknown key in the sidecar of " + path);
  // An experiment config next to the data is not a sidecar either.
  dir.write("s.json", R"({"name": "exp", "datasets": ["s"], "pruners": []})");
  expect_csv_error(path, side, "/datasets: unknown key");
}

TEST(CsvBadInput, ErrorFromTheSidecarsDeclarationSaysSo) {
  const TempDir dir;
  const auto path = dir.write("n.csv", "a,b,label\n1,six,x\n2,7,y\n");
  const auto side = dir.write("n.json", R"({"target": "label", "task": "classification"})");
  expect_csv_error(
      path, path + ":2:",
      "column 'b': expected a number, got 'six' (the sidecar " + side + " declares it numeric");
}

TEST(CsvBadInput, MissingTargetValue) {
  const TempDir dir;
  const auto path = dir.write("t.csv", "a,label\n1,x\n2,\n");
  expect_csv_error(path, path + ":3:3", "missing target value");
}

TEST(CsvBadInput, UnterminatedQuote) {
  const TempDir dir;
  const auto path = dir.write("q.csv", "a,label\n1,\"x\n");
  expect_csv_error(path, path + ":2:3", "unterminated quoted field");
}

TEST(CsvBadInput, MalformedSidecarJsonNamesItsLine) {
  const TempDir dir;
  const auto path = dir.write("j.csv", "a,label\n1,x\n");
  const auto side = dir.write("j.json", "{\n \"target\": \"label\",,\n}");
  expect_csv_error(path, side + ":2:", "invalid JSON");
}

}  // namespace
}  // namespace prunekit

namespace prunekit {
namespace {

TEST(CsvNumbers, ParsedValuesAreBitIdenticalToFromChars) {
  // The reader's fast decimal path must give the correctly rounded float, as std::from_chars
  // does: random values of many magnitudes, plus halfway cases (2^24 + 1 lies halfway between
  // two floats), long mantissas and exponents.
  std::vector<std::string> texts = {"16777217",
                                    "16777219",
                                    "0.1",
                                    "-0.0",
                                    "3.4028235e38",
                                    "1e-45",
                                    "1.17549435e-38",
                                    "123456789012345678901",
                                    "9007199254740993",
                                    "2.5e22",
                                    "7e-23",
                                    "+4.5",
                                    "0.30000001192092896",
                                    "1.00000005960464477539",
                                    "33554435",
                                    "1E5",
                                    "-1.5e+3"};
  std::uint64_t state = 12345;
  for (int k = 0; k < 3000; ++k) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const int digits = static_cast<int>((state >> 60) % 10) + 1;
    const int exponent = static_cast<int>((state >> 40) % 41) - 20;
    std::string t =
        std::to_string((state >> 8) % 10000000000ULL).substr(0, static_cast<std::size_t>(digits));
    if (k % 3 == 0) t.insert(t.size() > 1 ? 1 : 0, ".");
    if (k % 2 == 0) t += "e" + std::to_string(exponent);
    if (k % 5 == 0) t = "-" + t;
    texts.push_back(t);
  }
  std::string csv = "x,label\n";
  for (const auto& t : texts) csv += t + ",a\n";
  const testing::TempDir dir;
  const Dataset d = read_csv(dir.write("n.csv", csv));
  ASSERT_EQ(d.rows, texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    std::string_view t = texts[i];
    if (t.front() == '+') t.remove_prefix(1);
    float expected = 0.0f;
    (void)std::from_chars(t.data(), t.data() + t.size(), expected);
    EXPECT_EQ(std::bit_cast<std::uint32_t>(d.value(i, 0)), std::bit_cast<std::uint32_t>(expected))
        << texts[i];
  }
}

TEST(CsvNumbers, ManyColumnsAndRowsBeyondOneBlockKeepTheirPlace) {
  // More rows than the reader's row block and a column that turns out to be text late.
  std::string csv = "a,b,c,label\n";
  for (int i = 0; i < 200; ++i)
    csv += std::to_string(i) + "," + std::to_string(2 * i) + "," +
           (i == 150 ? "x" : std::to_string(i % 3)) + ",k\n";
  const testing::TempDir dir;
  const Dataset d = read_csv(dir.write("m.csv", csv));
  ASSERT_EQ(d.rows, 200u);
  for (std::size_t i = 0; i < 200; ++i) {
    EXPECT_EQ(d.value(i, 0), static_cast<float>(i));
    EXPECT_EQ(d.value(i, 1), static_cast<float>(2 * i));
  }
  ASSERT_TRUE(d.schema.features[2].categorical);
  EXPECT_EQ(d.schema.features[2].levels, (std::vector<std::string>{"0", "1", "2", "x"}));
  EXPECT_EQ(d.value(150, 2), 3.0f);
  EXPECT_EQ(d.value(151, 2), 1.0f);
}

}  // namespace
}  // namespace prunekit

namespace prunekit {
namespace {

TEST(CsvNumbers, QuotedNumbersAndQuotedEmptyFields) {
  const testing::TempDir dir;
  const Dataset d =
      read_csv(dir.write("q.csv", "a,b,label\n\"1.5\",\"\",x\r\n 2 , \" 3 \" ,y\r\n"));
  ASSERT_EQ(d.rows, 2u);
  EXPECT_FALSE(d.schema.features[0].categorical);
  EXPECT_FALSE(d.schema.features[1].categorical);
  EXPECT_FLOAT_EQ(d.value(0, 0), 1.5f);
  EXPECT_TRUE(std::isnan(d.value(0, 1)));
  EXPECT_FLOAT_EQ(d.value(1, 0), 2.0f);
  EXPECT_FLOAT_EQ(d.value(1, 1), 3.0f);
  EXPECT_EQ(d.schema.class_names, (std::vector<std::string>{"x", "y"}));
}

}  // namespace
}  // namespace prunekit
