// The HTML report: every chart the results call for is on the page, each also written as a
// figure (SVG and CSV), and the page is self-contained. report_acceptance_test.cpp renders the
// reports of the shipped configs in Chromium.
#include "prunekit/report/html_report.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "experiment/test_models.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/experiment/runner.hpp"
#include "report/chart_checks.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

namespace fs = std::filesystem;

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
  const HtmlReport report = render_report(results);
  const std::string& html = report.html;
  for (const char* d : {"d0", "d1"}) {
    for (const std::string chart : {"score-", "gap-", "dropout-", "dropout-gap-"})
      EXPECT_EQ(testing::occurrences(html, "data-chart=\"" + chart + d + "\""), 1u) << chart << d;
    for (const std::string chart : {"size-", "grid-", "path-", "risk-", "cv-", "weights-"})
      EXPECT_EQ(testing::occurrences(html, "data-chart=\"" + chart + d + "-0\""), 1u) << chart << d;
    // Score against size: a series per pruner entry (the fraction grid is one line), each
    // point with error bars on both axes, and the Pareto front.
    const std::string tradeoff = std::string("data-chart=\"tradeoff-") + d + "-0-0\"";
    ASSERT_EQ(testing::occurrences(html, tradeoff), 1u) << d;
    const auto start = html.find(tradeoff);
    const std::string chart = html.substr(start, html.find("</svg>", start) - start);
    EXPECT_EQ(testing::occurrences(chart, "<g class=\"series\" data-key="), 3u) << d;
    EXPECT_NE(chart.find("<title>Pareto front</title>"), std::string::npos) << d;
  }
  // Over both datasets: ranks (Friedman, Nemenyi), wins and losses, normalised sizes.
  for (const char* chart : {"cd-all", "tradeoff-all"})
    EXPECT_EQ(testing::occurrences(html, std::string("data-chart=\"") + chart + "\""), 1u);
  EXPECT_NE(html.find("Friedman test over 2 datasets"), std::string::npos);
  EXPECT_NE(html.find("<th>wins</th><th>ties</th><th>losses</th>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#d1\">wine</a>"), std::string::npos);
  const std::size_t charts = testing::occurrences(html, "<svg class=\"chart\"");
  EXPECT_EQ(charts, report.figures.size());
  EXPECT_EQ(charts, 2u * 13u + 2u);
  EXPECT_NE(html.find(std::to_string(charts) + " charts."), std::string::npos);
  EXPECT_EQ(testing::chart_problems(html), std::vector<std::string>{});
  // Self-contained and escaped.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("report &lt;test&gt;"), std::string::npos);
  EXPECT_EQ(read_file((dir.path() / "o" / "report.html").string()), html);
  // Each chart also as a standalone SVG file and the CSV of its numbers.
  for (const auto& f : report.figures) {
    const auto svg = dir.path() / "o" / "figures" / (f.id + ".svg");
    EXPECT_EQ(read_file(svg.string()),
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + f.svg + "\n");
    const std::string csv = read_file((dir.path() / "o" / "figures" / (f.id + ".csv")).string());
    EXPECT_EQ(csv, f.csv);
    EXPECT_GE(testing::occurrences(csv, "\n"), 2u) << f.id;  // a header and numbers
  }
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
  EXPECT_EQ(testing::occurrences(html, "data-chart=\"lc-d0\""), 1u);
  EXPECT_EQ(results["summary"].size(), 6u);  // 3 fractions x 2 variants
}

// A cnn's accuracy is drawn against its FLOPs (non-zero multiply-adds) and its parameters; its
// training curves run through the training and the fine-tuning after pruning.
TEST(HtmlReport, CnnScoreAgainstMultiplyAddsAndParametersAndTrainingCurves) {
  const testing::TempDir dir;
  const auto results = run_small(nlohmann::json::parse(R"({
    "datasets": ["iris"],
    "protocol": {"kind": "kfold", "folds": 2},
    "model": {"kind": "cnn", "input_shape": [1, 2, 2], "epochs": 3, "batch": 16,
              "early_stopping": true, "patience": 10,
              "architecture": [{"type": "conv2d", "channels": 3, "kernel": 1},
                               {"type": "relu"}, {"type": "flatten"}, {"type": "dense"}]},
    "pruners": [{"method": "none"},
                {"method": "magnitude", "sparsity": [0.3, 0.6], "prune_output_layer": true,
                 "finetune_epochs": 2},
                {"method": "none", "label": "dropout",
                 "model": {"architecture": [{"type": "conv2d", "channels": 3, "kernel": 1},
                                            {"type": "relu"}, {"type": "flatten"},
                                            {"type": "dropout", "p": 0.4}, {"type": "dense"}]}}]})"),
                                 dir.path() / "o");
  const std::string html = render_html_report(results);
  for (const char* key : {"macs_nonzero", "nonzeros"}) {
    const std::string id = std::string("data-chart=\"tradeoff-d0-0-") +
                           (std::string(key) == "nonzeros" ? "1" : "0") + "\"";
    ASSERT_EQ(testing::occurrences(html, id), 1u) << key;
    const auto start = html.find(id);
    const std::string chart = html.substr(start, html.find("</svg>", start) - start);
    EXPECT_NE(chart.find(std::string("against ") + key), std::string::npos) << key;
    EXPECT_EQ(testing::occurrences(chart, "<g class=\"series\" data-key="), 3u) << key;
  }
  // Per variant (none, 30 %, 60 %): loss and accuracy per epoch, training and validation, a
  // marker where the fine-tuning after pruning starts.
  for (const auto& run : results["runs"]) {
    const auto& phases = run["details"]["training_curve"]["phases"];
    ASSERT_EQ(phases.size(), run["pruner"]["method"] == "none" ? 1u : 2u) << run.dump();
    EXPECT_EQ(phases[0]["train_accuracy"].size(), 3u);
    EXPECT_EQ(phases[0]["validation_loss"].size(), 3u);
    if (phases.size() == 2) {
      EXPECT_EQ(phases[1]["name"], "fine-tune");
      EXPECT_EQ(phases[1]["train_loss"].size(), 2u);
    }
  }
  for (const char* variant : {"0", "1", "2"})
    for (const std::string measure : {"loss", "accuracy"}) {
      const std::string id = "data-chart=\"" + measure + "-d0-" + variant + "\"";
      ASSERT_EQ(testing::occurrences(html, id), 1u) << id;
      const auto start = html.find(id);
      const std::string chart = html.substr(start, html.find("</svg>", start) - start);
      EXPECT_EQ(testing::occurrences(chart, "<g class=\"series\""), 2u) << id;  // and validation
      EXPECT_EQ(testing::occurrences(chart, "class=\"marker\""), variant[0] == '0' ? 0u : 1u) << id;
    }
  // Pruning against dropout: an architecture with a dropout layer is a dropout variant.
  const std::string dropout = "data-chart=\"dropout-d0\"";
  ASSERT_EQ(testing::occurrences(html, dropout), 1u);
  const auto start = html.find(dropout);
  const std::string chart = html.substr(start, html.find("</svg>", start) - start);
  EXPECT_NE(chart.find("data-y-data"), std::string::npos);
  EXPECT_EQ(testing::occurrences(html, "data-chart=\"dropout-gap-d0\""), 1u);
  EXPECT_EQ(testing::chart_problems(html), std::vector<std::string>{});
}

}  // namespace
}  // namespace prunekit
