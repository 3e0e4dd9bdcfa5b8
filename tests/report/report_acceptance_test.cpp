// The reports of the shipped configs, looked at as a reviewer would: configs/trees_uci.json
// (on four of its datasets, to stay fast) run here, and configs/lenet5_fashion.json from a
// results fixture (Fashion-MNIST is not bundled). Every chart the issue asks for is there, none
// is empty, the axes start where the data does and a method keeps its colour; when Chromium is
// installed the rendered DOM passes the same checks, the console stays clean and a screenshot
// is saved beside the test binary (report_<name>.png).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <set>

#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/experiment/config.hpp"
#include "prunekit/experiment/runner.hpp"
#include "prunekit/report/html_report.hpp"
#include "report/chart_checks.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

namespace fs = std::filesystem;

bool has_chart(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

/// configs/trees_uci.json on `datasets`, its pruners, folds and seeds unchanged.
nlohmann::json run_trees_uci(const std::vector<std::string>& datasets, const fs::path& out) {
  const std::string file = std::string(PRUNEKIT_SOURCE_DIR) + "/configs/trees_uci.json";
  nlohmann::json config = read_json_file(file);
  config["datasets"] = datasets;
  const auto factories = Factories::registries();
  const auto plan = plan_experiment(parse_experiment_config(config, file), factories);
  RunnerOptions options;
  options.output = out.string();
  options.jobs = 2;
  return run_experiment(plan, factories, options).results;
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

/// Renders `page` headless: its DOM passes the checks, the console logged nothing, and a
/// screenshot of its top is saved as report_<name>.png in the working directory.
void check_in_chromium(const fs::path& page, const std::string& name, std::size_t charts) {
  const std::string browser = chromium();
  if (browser.empty()) GTEST_SKIP() << "chromium is not installed";
  const testing::TempDir profile;
  const std::string flags =
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update --disable-sync"
      " --user-data-dir='" +
      (profile.path() / "profile").string() + "'";
  const std::string log = (profile.path() / "chromium.log").string();
  const std::string dom =
      run_capture(browser + flags + " --enable-logging=stderr --v=0 --dump-dom 'file://" +
                  page.string() + "' 2>'" + log + "'");
  EXPECT_EQ(testing::chart_ids(dom).size(), charts) << dom.substr(0, 300);
  EXPECT_EQ(testing::chart_problems(dom), std::vector<std::string>{});
  EXPECT_NE(dom.find("</html>"), std::string::npos);
  const std::string messages = read_file(log);
  EXPECT_EQ(messages.find(":CONSOLE("), std::string::npos) << messages;
  const fs::path shot = fs::current_path() / ("report_" + name + ".png");
  fs::remove(shot);
  (void)run_capture(browser + flags + " --hide-scrollbars --window-size=1280,2600 --screenshot='" +
                    shot.string() + "' 'file://" + page.string() + "' 2>/dev/null");
  EXPECT_TRUE(fs::exists(shot));
}

TEST(ReportAcceptance, TreesUci) {
  const testing::TempDir dir;
  const auto results = run_trees_uci({"iris", "wine", "glass", "zoo"}, dir.path() / "o");
  const std::string html = read_file((dir.path() / "o" / "report.html").string());
  const auto ids = testing::chart_ids(html);
  // Across datasets: the critical-difference diagram and the normalised trade-off.
  for (const char* id : {"cd-all", "tradeoff-all"}) EXPECT_TRUE(has_chart(ids, id)) << id;
  for (int d = 0; d < 4; ++d) {
    const std::string s = "d" + std::to_string(d);
    for (const std::string& id :
         {"score-" + s, "gap-" + s, "size-" + s + "-0", "tradeoff-" + s + "-0-0",
          // The first CCP entry: rpart's plotcp and scikit-learn's
          // figures (train and test accuracy, nodes, depth vs alpha).
          "path-" + s + "-0", "cv-" + s + "-0", "scores-" + s + "-0", "nodes-" + s + "-0",
          "depth-" + s + "-0"})
      EXPECT_TRUE(has_chart(ids, id)) << id;
  }
  EXPECT_EQ(testing::chart_problems(html), std::vector<std::string>{});
  // The numbers behind every chart, next to its SVG.
  for (const auto& id : ids) {
    EXPECT_TRUE(fs::exists(dir.path() / "o" / "figures" / (id + ".svg"))) << id;
    EXPECT_TRUE(fs::exists(dir.path() / "o" / "figures" / (id + ".csv"))) << id;
  }
  // The CCP path scored on the test part: the largest alpha's tree is the smallest.
  const auto& path = results["runs"][2]["path"]["points"];
  ASSERT_GE(path.size(), 2u);
  EXPECT_GT(path.front()["size"]["leaves"].get<double>(),
            path.back()["size"]["leaves"].get<double>());
  EXPECT_TRUE(path.front()["test_score"].is_number());
  check_in_chromium(dir.path() / "o" / "report.html", "trees_uci", ids.size());
}

/// The chart `id` of `html` (its <svg> element up to the closing tag), "" when absent.
std::string chart_of(const std::string& html, const std::string& id) {
  const auto start = html.find("data-chart=\"" + id + "\"");
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</svg>", start) - start);
}

// configs/lenet5_fashion.json with one seed: its results.json, trimmed to the runs' details the
// report draws from (tests/fixtures/README.md says how it was made).
TEST(ReportAcceptance, LeNet) {
  const auto results =
      read_json_file(std::string(PRUNEKIT_FIXTURES_DIR) + "/lenet5_report_results.json");
  const HtmlReport report = render_report(results);
  const std::string& html = report.html;
  const auto ids = testing::chart_ids(html);
  // Accuracy against FLOPs and against non-zero parameters (LeNet-5), and the VGG's.
  for (const char* id : {"score-d0", "gap-d0", "size-d0-0", "tradeoff-d0-0-0", "tradeoff-d0-0-1",
                         "tradeoff-d0-1-0", "grid-d0-0", "dropout-d0", "dropout-gap-d0"})
    EXPECT_TRUE(has_chart(ids, id)) << id;
  EXPECT_NE(chart_of(html, "tradeoff-d0-0-0").find("against macs_nonzero"), std::string::npos);
  EXPECT_NE(chart_of(html, "tradeoff-d0-0-1").find("against nonzeros"), std::string::npos);
  // Per variant: weights before and after, overall and per layer (LeNet-5's four weight
  // layers), and the training curves through training and fine-tuning.
  std::size_t weights = 0, layer_weights = 0, curves = 0, fine_tuned = 0;
  for (const auto& id : ids) {
    if (id.rfind("weights-", 0) == 0)
      ++(id.find("-l") == std::string::npos ? weights : layer_weights);
    if (id.rfind("loss-", 0) == 0 && has_chart(ids, "accuracy-" + id.substr(5))) ++curves;
    if (id.rfind("loss-", 0) == 0 &&
        chart_of(html, id).find("class=\"marker\"") != std::string::npos)
      ++fine_tuned;
  }
  std::set<std::string> variants;
  std::size_t pruned = 0, layers = 0;
  for (const auto& run : results["runs"]) {
    variants.insert(run["label"].get<std::string>());
    if (run["pruner"]["method"] != "none") ++pruned;
    layers += run["details"].value("layer_weight_histograms", nlohmann::json::array()).size();
  }
  EXPECT_EQ(weights, pruned);
  EXPECT_EQ(layer_weights, layers);
  EXPECT_GE(layers, 3 * pruned);  // every pruned layer of LeNet-5 (3 or 4) and the VGG (5)
  EXPECT_EQ(curves, variants.size());
  EXPECT_EQ(fine_tuned, pruned);  // every pruned variant fine-tunes for two epochs
  EXPECT_EQ(testing::chart_problems(html), std::vector<std::string>{});
  const testing::TempDir dir;
  const fs::path page = dir.path() / "report.html";
  write_file_atomically(page.string(), html);
  check_in_chromium(page, "lenet5", ids.size());
}

}  // namespace
}  // namespace prunekit
