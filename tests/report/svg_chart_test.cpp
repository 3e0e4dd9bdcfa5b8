// The SVG chart module on its own: ticks, escaping, and what each chart draws.
#include "prunekit/report/svg_chart.hpp"

#include <gtest/gtest.h>

#include <string>

namespace prunekit {
namespace {

std::size_t occurrences_in_svg(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

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
  EXPECT_EQ(occurrences_in_svg(svg, "<svg class=\"chart\" data-chart=\"acc\""), 1u);
  EXPECT_EQ(occurrences_in_svg(svg, "<polyline"), 2u);
  EXPECT_EQ(occurrences_in_svg(svg, "<circle"), 5u);
  EXPECT_EQ(occurrences_in_svg(svg, "h6\""), 2u);              // two non-zero error bars
  EXPECT_EQ(occurrences_in_svg(svg, "stroke-dasharray"), 2u);  // reference line and its legend key
  EXPECT_NE(svg.find(">magnitude</text>"), std::string::npos);
  EXPECT_NE(svg.find(">unpruned</text>"), std::string::npos);
  EXPECT_NE(svg.find(">sparsity</text>"), std::string::npos);
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
}

TEST(Svg, LogAxisPlacesZeroAtTheLeftEnd) {
  XySeries path{.name = "leaves", .x = {0.0, 0.001, 0.01, 0.2}, .y = {20, 12, 5, 1}, .step = true};
  const auto svg = line_chart({.id = "p", .title = "path", .x_log = true}, {path});
  EXPECT_NE(svg.find(">0.0001</text>"), std::string::npos);
  EXPECT_NE(svg.find(">0.1</text>"), std::string::npos);
  EXPECT_EQ(occurrences_in_svg(svg, "<circle"), 4u);
}

TEST(Svg, BarChartAndHistogram) {
  const auto bars =
      bar_chart({.id = "b", .title = "size"},
                {{"none", 20, 2, ""}, {"cost_complexity", 5, 1, ""}, {"x", -1, 0, ""}});
  EXPECT_EQ(occurrences_in_svg(bars, "<rect"), 3u);
  EXPECT_EQ(occurrences_in_svg(bars, "h10"), 4u);  // two error bars, two caps each
  const auto hist = histogram_chart({.id = "h", .title = "weights"}, {-1, 0, 1},
                                    {{"before", {3, 4}, ""}, {"after", {0, 2}, ""}});
  EXPECT_EQ(occurrences_in_svg(hist, "opacity=\"0.55\""), 3u);  // empty bins are not drawn
  EXPECT_NE(hist.find(">before</text>"), std::string::npos);
}

}  // namespace
}  // namespace prunekit
