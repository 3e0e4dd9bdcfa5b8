// The SVG chart module on its own: ticks, escaping, and what each chart draws.
#include "prunekit/report/svg_chart.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "support/test_support.hpp"

namespace prunekit {
namespace {

TEST(NiceTicks, RoundStepsCoveringTheRange) {
  // Hand-computed with Heckbert's rule: range 0.14 -> nice range 0.2, step 0.2 / 4 = 0.05.
  const auto t = nice_ticks(0.83, 0.97, 5);
  ASSERT_EQ(t.size(), 5u);  // 0.80 0.85 0.90 0.95 1.00
  EXPECT_NEAR(t.front(), 0.80, 1e-12);
  EXPECT_NEAR(t[1], 0.85, 1e-12);
  EXPECT_NEAR(t.back(), 1.0, 1e-12);
  const auto u = nice_ticks(0, 1000, 5);  // step 200 (1000 / 4 = 250 -> 200)
  ASSERT_EQ(u.size(), 6u);
  EXPECT_EQ(u[1], 200.0);
  const auto flat = nice_ticks(3, 3);
  EXPECT_LE(flat.front(), 3.0);
  EXPECT_GE(flat.back(), 3.0);
  EXPECT_GT(flat.size(), 1u);
}

TEST(NiceTicks, Labels) {
  EXPECT_EQ(tick_label(0.85, 0.05), "0.85");
  EXPECT_EQ(tick_label(200, 200), "200");
  EXPECT_EQ(tick_label(0.5, 0.1), "0.5");
  EXPECT_EQ(tick_label(1e-5, 1e-5), "1e-05");
}

TEST(Svg, TextIsEscaped) {
  EXPECT_EQ(escape_xml("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  const auto svg = bar_chart({.id = "x", .title = "<script>alert(1)</script>", .y_label = "y"},
                             {{"m<1>", 0.5, 0.1, ""}});
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("m&lt;1&gt;"), std::string::npos);
}

TEST(Svg, LineChartDrawsSeriesErrorBarsReferencesAndLegend) {
  XySeries a{.name = "magnitude",
             .x = {0.5, 0.8, 0.9},
             .y = {0.97, 0.96, 0.9},
             .y_error = {0.01, 0.0, 0.02}};
  XySeries b{.name = "random", .x = {0.5, 0.9}, .y = {0.95, 0.7}};
  const auto svg =
      line_chart({.id = "acc", .title = "Accuracy", .x_label = "sparsity", .y_label = "accuracy"},
                 {a, b}, {{"unpruned", 0.98}});
  EXPECT_EQ(testing::occurrences(svg, "<svg class=\"chart\" data-chart=\"acc\""), 1u);
  EXPECT_EQ(testing::occurrences(svg, "<polyline"), 2u);
  EXPECT_EQ(testing::occurrences(svg, "<circle"), 5u);
  EXPECT_EQ(testing::occurrences(svg, "h6\""), 2u);  // two non-zero error bars
  EXPECT_EQ(testing::occurrences(svg, "stroke-dasharray"),
            2u);  // reference line and its legend key
  EXPECT_NE(svg.find(">magnitude</text>"), std::string::npos);
  EXPECT_NE(svg.find(">unpruned</text>"), std::string::npos);
  EXPECT_NE(svg.find(">sparsity</text>"), std::string::npos);
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
}

/// The numbers of a chart's attribute `name` ("lo hi").
std::pair<double, double> extent_attribute(const std::string& svg, const std::string& name) {
  const auto p = svg.find(name + "=\"");
  if (p == std::string::npos) return {NAN, NAN};
  double lo = NAN, hi = NAN;
  std::sscanf(svg.c_str() + p + name.size() + 2, "%lf %lf", &lo, &hi);
  return {lo, hi};
}

TEST(Svg, LogAxisLabelsZeroAtTheLeftEndBehindABreak) {
  XySeries path{.name = "leaves", .x = {0.0, 0.001, 0.01, 0.2}, .y = {20, 12, 5, 1}, .step = true};
  const auto svg = line_chart({.id = "p", .title = "path", .x_log = true}, {path});
  // alpha = 0 sits at the left end, labelled 0 (not a false 0.0001), then decades.
  EXPECT_NE(svg.find(">0</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">0.0001</text>"), std::string::npos);
  EXPECT_NE(svg.find(">0.001</text>"), std::string::npos);
  EXPECT_NE(svg.find(">0.1</text>"), std::string::npos);
  EXPECT_EQ(testing::occurrences(svg, "<circle"), 4u);
  EXPECT_EQ(testing::occurrences(svg, "width=\"8\" height=\"4\" fill=\"#fff\""), 1u);  // the break
  // Without a zero, the left end is a decade.
  path.x = {0.001, 0.01, 0.1, 0.2};
  path.y = {20, 12, 15, 11};  // a y axis without 0
  const auto positive = line_chart({.id = "p", .title = "path", .x_log = true}, {path});
  EXPECT_EQ(positive.find(">0</text>"), std::string::npos);
  EXPECT_EQ(testing::occurrences(positive, "fill=\"#fff\""), 0u);
}

TEST(Svg, XErrorBarsDashedSeriesAndKeys) {
  XySeries a{.name = "ccp",
             .key = "ccp <1>",
             .x = {10, 20},
             .y = {0.9, 0.95},
             .y_error = {0.01, 0.02},
             .x_error = {2, 0},
             .dashed = true};
  const auto svg = line_chart({.id = "t", .title = "t"}, {a});
  EXPECT_EQ(testing::occurrences(svg, "v6"), 2u);  // one horizontal error bar, two caps
  EXPECT_EQ(testing::occurrences(svg, "h6"), 4u);  // two vertical error bars, two caps each
  EXPECT_NE(svg.find("data-key=\"ccp &lt;1&gt;\""), std::string::npos);
  EXPECT_EQ(testing::occurrences(svg, "stroke-dasharray"), 2u);  // the line and its legend key
  // The x axis covers the error bar down to 8.
  EXPECT_NE(svg.find(">5</text>"), std::string::npos);
  EXPECT_NE(svg.find(">20</text>"), std::string::npos);
}

TEST(Svg, ScoresAreDotsOnAnAxisFittedToThemAndSizesAreBarsFromZero) {
  const std::vector<BarItem> scores{{"none", 0.91, 0.01, "", "none"},
                                    {"ccp", 0.93, 0.02, "", "ccp"},
                                    {"rep", 0.90, 0.0, "", "rep"}};
  const auto dots = bar_chart({.id = "s", .title = "score"}, scores);
  EXPECT_EQ(testing::occurrences(dots, "<circle data-key="), 3u);
  EXPECT_EQ(testing::occurrences(dots, "<rect data-key="), 0u);
  EXPECT_EQ(testing::occurrences(dots, "h10"), 4u);  // two error bars, two caps each
  const auto [axis_lo, axis_hi] = extent_attribute(dots, "data-y-axis");
  const auto [data_lo, data_hi] = extent_attribute(dots, "data-y-data");
  EXPECT_DOUBLE_EQ(data_lo, 0.9);
  EXPECT_DOUBLE_EQ(data_hi, 0.95);
  EXPECT_LE(axis_lo, data_lo);
  EXPECT_GT(axis_lo, 0.8);  // not from zero: the 1-point differences stay visible
  EXPECT_GE(axis_hi, data_hi);
  EXPECT_LT(axis_hi, 1.0);
  const auto bars =
      bar_chart({.id = "b", .title = "size", .y_from_zero = true},
                {{"none", 20, 2, ""}, {"cost_complexity", 5, 1, ""}, {"x", -1, 0, ""}});
  EXPECT_EQ(testing::occurrences(bars, "<rect x="), 4u);  // three bars and the plot frame
  EXPECT_EQ(testing::occurrences(bars, "h10"), 4u);
  EXPECT_LE(extent_attribute(bars, "data-y-axis").first, -1.0);
}

TEST(Svg, HistogramOutlinesAndTheZeroBin) {
  const auto hist = histogram_chart({.id = "h", .title = "weights"}, {-1, -0.5, 0.5, 1},
                                    {{"before", {3, 4, 2}, "", 0}, {"after", {3, 0, 2}, "", 4}});
  EXPECT_EQ(testing::occurrences(hist, "<path d=\"M"), 2u);  // one outline per series
  EXPECT_EQ(testing::occurrences(hist, "class=\"zero-bin\""), 1u);
  EXPECT_NE(hist.find("after: 4 zeros"), std::string::npos);
  EXPECT_NE(hist.find(">before</text>"), std::string::npos);
  // A zero bin that dwarfs the others is cut at the axis' top and labelled with its count.
  const auto tall =
      histogram_chart({.id = "h", .title = "weights"}, {-1, 0, 1}, {{"after", {3, 2}, "", 900}});
  EXPECT_LT(extent_attribute(tall, "data-y-axis").second, 900);
  EXPECT_NE(tall.find(">900</text>"), std::string::npos);
}

}  // namespace
}  // namespace prunekit
