// The HTML report: every chart the results call for is on the page, the page is
// self-contained, and (when Chromium is installed) it renders with every chart and no console
// error; a screenshot is saved beside the test binary.
#include "prunekit/report/html_report.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "experiment/test_models.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/experiment/runner.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

namespace fs = std::filesystem;

std::size_t occurrences_in_html(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

nlohmann::json run_small(const nlohmann::json& config, const fs::path& out) {
  const auto plan =
      plan_experiment(parse_experiment_config(config, "r.json"), testing::test_factories());
  RunnerOptions options;
  options.output = out.string();
  return run_experiment(plan, testing::test_factories(), options).results;
}

const char* kKfold = R"({
  "name": "report <test>",
  "datasets": ["iris", "wine"],
  "protocol": {"kind": "kfold", "folds": 3},
  "seeds": [0, 1],
  "model": {"kind": "test_centroid"},
  "pruners": [{"method": "none"},
              {"method": "none", "model": {"dropout": [0.2, 0.5]}},
              {"method": "test_flatten", "fraction": [0.25, 0.5, 0.75]}]
})";

TEST(HtmlReport, HasEveryChartTheResultsCallFor) {
  const testing::TempDir dir;
  const auto results = run_small(nlohmann::json::parse(kKfold), dir.path() / "o");
  const std::string html = render_html_report(results);
  for (const char* d : {"d0", "d1"}) {
    for (const std::string chart : {"score-", "gap-", "dropout-"})
      EXPECT_EQ(occurrences_in_html(html, "data-chart=\"" + chart + d + "\""), 1u) << chart << d;
    EXPECT_EQ(occurrences_in_html(html, std::string("data-chart=\"size-") + d + "-0\""), 1u);
    EXPECT_EQ(occurrences_in_html(html, std::string("data-chart=\"grid-") + d + "-0\""),
              1u);  // score vs fraction
    for (const std::string chart : {"path-", "risk-", "cv-", "weights-"})
      EXPECT_EQ(occurrences_in_html(html, "data-chart=\"" + chart + d + "-0\""), 1u) << chart << d;
    // Score against size: one series per pruner entry (the fraction grid is one line).
    const std::string tradeoff = std::string("data-chart=\"tradeoff-") + d + "-0-0\"";
    ASSERT_EQ(occurrences_in_html(html, tradeoff), 1u) << d;
    const auto start = html.find(tradeoff);
    const std::string chart = html.substr(start, html.find("</svg>", start) - start);
    EXPECT_EQ(occurrences_in_html(chart, "<g class=\"series\">"), 3u) << d;
  }
  const std::size_t charts = occurrences_in_html(html, "<svg class=\"chart\"");
  EXPECT_EQ(charts, 2u * 10u);
  EXPECT_NE(html.find(std::to_string(charts) + " charts."), std::string::npos);
  // Self-contained and escaped.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("report &lt;test&gt;"), std::string::npos);
  EXPECT_EQ(read_file((dir.path() / "o" / "report.html").string()), html);
}

TEST(HtmlReport, LearningCurve) {
  const testing::TempDir dir;
  const auto results = run_small(nlohmann::json::parse(R"({
    "datasets": ["wine"],
    "protocol": {"kind": "learning_curve", "fractions": [0.25, 0.5, 1.0], "test_fraction": 0.3},
    "seeds": [0, 1, 2],
    "model": {"kind": "test_centroid"},
    "pruners": [{"method": "none"}, {"method": "test_flatten", "fraction": 0.5}]})"),
                                 dir.path() / "o");
  const std::string html = render_html_report(results);
  EXPECT_EQ(occurrences_in_html(html, "data-chart=\"lc-d0\""), 1u);
  EXPECT_EQ(results["summary"].size(), 6u);  // 3 fractions x 2 variants
}

// A cnn's accuracy is drawn against its FLOPs (non-zero multiply-adds) and its parameters.
TEST(HtmlReport, CnnScoreAgainstMultiplyAddsAndParameters) {
  const testing::TempDir dir;
  const auto results = run_small(nlohmann::json::parse(R"({
    "datasets": ["iris"],
    "protocol": {"kind": "kfold", "folds": 2},
    "model": {"kind": "cnn", "input_shape": [1, 2, 2], "epochs": 2, "batch": 16,
              "architecture": [{"type": "conv2d", "channels": 3, "kernel": 1},
                               {"type": "relu"}, {"type": "flatten"}, {"type": "dense"}]},
    "pruners": [{"method": "none"},
                {"method": "magnitude", "sparsity": [0.3, 0.6], "prune_output_layer": true}]})"),
                                 dir.path() / "o");
  const std::string html = render_html_report(results);
  for (const char* key : {"macs_nonzero", "nonzeros"}) {
    const std::string id = std::string("data-chart=\"tradeoff-d0-0-") +
                           (std::string(key) == "nonzeros" ? "1" : "0") + "\"";
    ASSERT_EQ(occurrences_in_html(html, id), 1u) << key;
    const auto start = html.find(id);
    const std::string chart = html.substr(start, html.find("</svg>", start) - start);
    EXPECT_NE(chart.find(std::string("against ") + key), std::string::npos) << key;
    EXPECT_EQ(occurrences_in_html(chart, "<g class=\"series\">"), 2u) << key;
  }
}

/// The Chromium binary, or "" when it is not installed.
std::string chromium() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (fs::exists(p)) return p;
  return "";
}

std::string run_capture(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

TEST(HtmlReport, RendersInHeadlessChromium) {
  const std::string browser = chromium();
  if (browser.empty()) GTEST_SKIP() << "chromium is not installed";
  const testing::TempDir dir;
  (void)run_small(nlohmann::json::parse(kKfold), dir.path() / "o");
  const fs::path page = dir.path() / "o" / "report.html";
  const std::string flags =
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update --disable-sync"
      " --user-data-dir='" +
      (dir.path() / "profile").string() + "'";
  const std::string log = (dir.path() / "chromium.log").string();
  const std::string dom = run_capture(browser + flags +
                                      " --enable-logging=stderr --v=0"
                                      " --dump-dom 'file://" +
                                      page.string() + "' 2>'" + log + "'");
  EXPECT_EQ(occurrences_in_html(dom, "<svg class=\"chart\""), 2u * 10u) << dom.substr(0, 300);
  EXPECT_NE(dom.find("</html>"), std::string::npos);
  const std::string messages = read_file(log);
  EXPECT_EQ(messages.find(":CONSOLE("), std::string::npos) << messages;
  // A screenshot to look at (build/<flavour>/tests/report_screenshot.png).
  const fs::path shot = fs::current_path() / "report_screenshot.png";
  fs::remove(shot);
  (void)run_capture(browser + flags + " --hide-scrollbars --window-size=1280,2600 --screenshot='" +
                    shot.string() + "' 'file://" + page.string() + "' 2>/dev/null");
  EXPECT_TRUE(fs::exists(shot));
}

}  // namespace
}  // namespace prunekit
