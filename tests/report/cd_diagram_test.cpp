// The critical-difference diagram on its own: the grouping of methods (hand-computed cliques)
// and what the SVG draws.
#include "prunekit/report/cd_diagram.hpp"

#include <gtest/gtest.h>

#include "support/test_support.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "prunekit/core/error.hpp"

namespace prunekit {
namespace {

/// A small well-formedness check: tags nest and close, one root, every '&' starts an entity.
bool well_formed(const std::string& xml) {
  std::vector<std::string> open;
  std::size_t roots = 0;
  for (std::size_t i = 0; i < xml.size(); ++i) {
    if (xml[i] == '&') {
      const auto semi = xml.find(';', i);
      if (semi == std::string::npos || semi - i > 6) return false;
      continue;
    }
    if (xml[i] != '<') continue;
    const auto close = xml.find('>', i);
    if (close == std::string::npos) return false;
    const std::string tag = xml.substr(i + 1, close - i - 1);
    if (tag.find('<') != std::string::npos) return false;
    i = close;
    if (tag.front() == '/') {
      if (open.empty() || open.back() != tag.substr(1)) return false;
      open.pop_back();
    } else if (tag.back() != '/') {
      if (open.empty()) ++roots;
      open.push_back(tag.substr(0, tag.find(' ')));
    } else if (open.empty()) {
      return false;  // a self-closed element outside the root
    }
  }
  return open.empty() && roots == 1;
}

TEST(CriticalDifferenceGroups, MaximalRunsOfMethodsCloserThanCd) {
  // By hand, CD = 1: A 1.0, B 1.5, C 2.2, D 3.0, E 3.4 -> {A,B} {B,C} {C,D} {D,E}.
  const auto g = critical_difference_groups({1.0, 1.5, 2.2, 3.0, 3.4}, 1.0);
  const std::vector<std::vector<std::size_t>> expected{{0, 1}, {1, 2}, {2, 3}, {3, 4}};
  EXPECT_EQ(g, expected);
  // Method indices come sorted by rank, whatever their input order.
  const auto shuffled = critical_difference_groups({3.4, 1.0, 3.0, 1.5, 2.2}, 1.0);
  const std::vector<std::vector<std::size_t>> expected_shuffled{{1, 3}, {3, 4}, {4, 2}, {2, 0}};
  EXPECT_EQ(shuffled, expected_shuffled);
}

TEST(CriticalDifferenceGroups, DemsarsExample) {
  // Average ranks of Demšar's Table 6 (as printed): C4.5 3.143, +m 2.000, +cf 2.929, +m+cf 1.929.
  const std::vector<double> r{3.142857142857143, 2.0, 2.9285714285714284, 1.9285714285714286};
  // CD(0.05) = 1.254: the largest gap, 3.143 - 1.929 = 1.214, is within it: one group.
  const std::vector<std::vector<std::size_t>> one{{3, 1, 2, 0}};
  EXPECT_EQ(critical_difference_groups(r, 1.2536), one);
  // CD(0.10) = 1.118: C4.5 differs from C4.5+m+cf and from C4.5+m (1.143); {m+cf, m, cf} and
  // {cf, C4.5} remain, and {m, cf} is inside the first.
  const std::vector<std::vector<std::size_t>> two{{3, 1, 2}, {2, 0}};
  EXPECT_EQ(critical_difference_groups(r, 1.1181), two);
}

TEST(CriticalDifferenceGroups, ADifferenceOfExactlyCdIsSignificant) {
  EXPECT_TRUE(critical_difference_groups({1.0, 2.0}, 1.0).empty());
  EXPECT_EQ(critical_difference_groups({1.0, 2.0}, 1.0001).size(), 1u);
  EXPECT_TRUE(critical_difference_groups({1.0, 2.0, 3.0}, 0.0).empty());
  EXPECT_THROW((void)critical_difference_groups({1.0, 2.0}, -1.0), InvalidArgument);
  EXPECT_THROW((void)critical_difference_groups({1.0, 2.0}, NAN), InvalidArgument);
  EXPECT_THROW((void)critical_difference_groups({1.0, NAN}, 1.0), InvalidArgument);
}

TEST(CriticalDifferenceChart, DrawsAxisCdBarGroupsAndColouredMethods) {
  const std::vector<std::string> names{"A<1>", "B & co", "C", "D", "E"};
  const std::vector<std::string> colors{"#111111", "#222222", "", "#444444", "#555555"};
  const auto svg = critical_difference_chart({.id = "cd", .title = "Ranks \"all\""}, names,
                                             {1.0, 1.5, 2.2, 3.0, 3.4}, 1.0, colors);
  EXPECT_TRUE(well_formed(svg)) << svg;
  EXPECT_EQ(svg.rfind("<svg class=\"chart\" data-chart=\"cd\"", 0), 0u);
  EXPECT_EQ(testing::occurrences(svg, "<svg"), 1u);
  EXPECT_NE(svg.find("xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_NE(svg.find("<title>Ranks &quot;all&quot;</title>"), std::string::npos);
  // Names escaped, never raw.
  EXPECT_NE(svg.find("A&lt;1&gt;"), std::string::npos);
  EXPECT_NE(svg.find("B &amp; co"), std::string::npos);
  EXPECT_EQ(svg.find("A<1>"), std::string::npos);
  // The CD bar and its label; the four hand-computed groups.
  EXPECT_EQ(testing::occurrences(svg, "class=\"cd-bar\""), 1u);
  EXPECT_NE(svg.find("CD = 1.00"), std::string::npos);
  EXPECT_EQ(testing::occurrences(svg, "class=\"cd-group\""), 4u);
  // Every method has its line, in its colour (palette colour 2 where none was given).
  EXPECT_EQ(testing::occurrences(svg, "class=\"method\""), 5u);
  for (const auto& c : {"#111111", "#222222", "#444444", "#555555"})
    EXPECT_EQ(testing::occurrences(svg, std::string("stroke=\"") + c + "\""), 1u) << c;
  EXPECT_EQ(testing::occurrences(svg, "stroke=\"" + palette_color(2) + "\""), 1u);
  // Axis labels 1..5.
  for (int r = 1; r <= 5; ++r)
    EXPECT_NE(svg.find(">" + std::to_string(r) + "</text>"), std::string::npos) << r;
}

TEST(CriticalDifferenceChart, DemsarsExampleAndManyMethods) {
  const std::vector<std::string> names{"C4.5", "C4.5+m", "C4.5+cf", "C4.5+m+cf"};
  const std::vector<double> r{3.142857142857143, 2.0, 2.9285714285714284, 1.9285714285714286};
  const auto svg = critical_difference_chart({.id = "demsar", .title = "AUC"}, names, r, 1.1181);
  EXPECT_TRUE(well_formed(svg));
  EXPECT_EQ(testing::occurrences(svg, "class=\"cd-group\""), 2u);
  EXPECT_NE(svg.find("CD = 1.12"), std::string::npos);
  EXPECT_NE(svg.find("C4.5+m+cf <tspan fill=\"#666\">(1.93)</tspan>"), std::string::npos);
  // Palette colours by method index when none are given.
  for (std::size_t i = 0; i < names.size(); ++i)
    EXPECT_NE(svg.find("stroke=\"" + palette_color(i) + "\""), std::string::npos) << i;

  // Thirty methods with long names still form one valid element, widened to fit.
  std::vector<std::string> many;
  std::vector<double> ranks;
  for (int i = 0; i < 30; ++i) {
    many.push_back("a rather long method name " + std::to_string(i));
    ranks.push_back(1.0 + 29.0 * i / 29.0);
  }
  const auto wide = critical_difference_chart({.id = "many"}, many, ranks, 5.0);
  EXPECT_TRUE(well_formed(wide));
  EXPECT_EQ(testing::occurrences(wide, "class=\"method\""), 30u);
  EXPECT_EQ(testing::occurrences(wide, "class=\"cd-group\""), 26u);  // {i..i+4}, i = 0..25
}

TEST(CriticalDifferenceChart, RejectsBadInput) {
  EXPECT_THROW((void)critical_difference_chart({}, {"a"}, {1.0}, 1.0), InvalidArgument);
  EXPECT_THROW((void)critical_difference_chart({}, {"a", "b"}, {1.0}, 1.0), InvalidArgument);
  EXPECT_THROW((void)critical_difference_chart({}, {"a", "b"}, {1.0, 2.0}, -1.0), InvalidArgument);
}

}  // namespace
}  // namespace prunekit
