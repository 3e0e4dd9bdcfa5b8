// `--format json` (and `--json`) of the one-off commands: datasets, inspect, train, eval, prune,
// path and methods print one JSON document on stdout carrying the figures of their text, which
// stays the default and unchanged (docs/cli.md).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

using testing::run_cli;
using testing::TempDir;

/// Runs `prunekit <arguments>`, which must succeed, and parses its stdout as one JSON document.
nlohmann::json json_cli_run(const std::string& arguments,
                            const std::filesystem::path& working_dir = {}) {
  const auto r = run_cli(arguments, working_dir);
  EXPECT_EQ(r.exit_code, 0) << arguments << "\n" << r.err;
  const auto doc = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(doc.is_discarded()) << arguments << "\n" << r.out;
  return doc;
}

/// Runs `prunekit <arguments>`, which must succeed, and returns its stdout.
std::string json_cli_text(const std::string& arguments,
                          const std::filesystem::path& working_dir = {}) {
  const auto r = run_cli(arguments, working_dir);
  EXPECT_EQ(r.exit_code, 0) << arguments << "\n" << r.err;
  return r.out;
}

/// The number printed right after `label` in `text` (NaN when `label` does not occur).
double json_cli_number_after(const std::string& text, const std::string& label) {
  const auto at = text.find(label);
  if (at == std::string::npos) return std::nan("");
  return std::stod(text.substr(at + label.size()));
}

/// The lines of `text`.
std::vector<std::string> json_cli_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string json_cli_quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

/// A decision tree fitted on `dataset` and saved to `dir`/`name`.
std::string json_cli_tree(const TempDir& dir, const std::string& dataset, const std::string& name,
                          const std::string& settings = "") {
  const auto model = dir.path() / name;
  const auto r = run_cli("train --model tree --dataset " + dataset + " " + settings + " --save " +
                         json_cli_quoted(model));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json_cli_quoted(model);
}

TEST(CliJson, DatasetsListsEveryBundledDatasetWithItsCounts) {
  const auto text = json_cli_text("datasets");
  const auto doc = json_cli_run("datasets --format json");
  ASSERT_TRUE(doc.at("datasets").is_array());
  // The text: a header line, a blank line, the column names, one line per dataset.
  const auto lines = json_cli_lines(text);
  ASSERT_EQ(lines.size(), doc.at("datasets").size() + 3) << text;
  EXPECT_EQ(lines[0], "bundled datasets in " + doc.at("directory").get<std::string>());
  for (std::size_t k = 0; k < doc.at("datasets").size(); ++k) {
    const auto& d = doc.at("datasets")[k];
    std::istringstream row(lines[k + 3]);
    std::string name, classes;
    std::size_t rows = 0, features = 0, missing = 0, categorical = 0;
    row >> name >> rows >> features >> classes >> missing >> categorical;
    EXPECT_EQ(d.at("name"), name);
    EXPECT_EQ(d.at("n_rows"), rows) << name;
    EXPECT_EQ(d.at("n_features"), features) << name;
    EXPECT_EQ(d.at("missing_values"), missing) << name;
    EXPECT_EQ(d.at("categorical_features"), categorical) << name;
    if (classes == "regr.") {
      EXPECT_TRUE(d.at("n_classes").is_null()) << name;
      EXPECT_EQ(d.at("task"), "regression") << name;
    } else {
      EXPECT_EQ(d.at("n_classes"), std::stoul(classes)) << name;
      EXPECT_EQ(d.at("task"), "classification") << name;
    }
  }
  // --json is short for --format json.
  EXPECT_EQ(json_cli_run("datasets --json"), doc);
}

TEST(CliJson, InspectCarriesTheSummaryFeaturesTargetAndPreprocessing) {
  const TempDir dir;
  dir.write("t.csv",
            "x,color,y,label\n1.5,red,,a\n2,blue,3,b\n,red,4,a\n0.25,green,5,b\n"
            "-1e3,blue,6,b\n");
  const auto doc = json_cli_run("inspect t.csv --json", dir.path());
  EXPECT_EQ(doc.at("dataset"), "t");
  EXPECT_EQ(doc.at("file"), "t.csv");
  EXPECT_EQ(doc.at("task"), "classification");
  EXPECT_EQ(doc.at("n_rows"), 5);
  EXPECT_EQ(doc.at("n_features"), 3);
  EXPECT_EQ(doc.at("n_classes"), 2);
  EXPECT_EQ(doc.at("missing_values"), 2);
  EXPECT_TRUE(doc.at("license").is_null());
  const auto& features = doc.at("features");
  ASSERT_EQ(features.size(), 3u);
  EXPECT_EQ(features[0].at("name"), "x");
  EXPECT_EQ(features[0].at("type"), "numeric");
  EXPECT_EQ(features[0].at("missing"), 1);
  EXPECT_EQ(features[0].at("min"), -1000.0);
  EXPECT_EQ(features[0].at("max"), 2.0);
  EXPECT_TRUE(features[0].at("levels").is_null());
  EXPECT_EQ(features[1].at("type"), "categorical");
  EXPECT_EQ(features[1].at("levels").size(), 3u);
  EXPECT_TRUE(features[1].at("min").is_null());
  const auto& target = doc.at("target");
  EXPECT_EQ(target.at("name"), "label");
  ASSERT_EQ(target.at("classes").size(), 2u);
  EXPECT_EQ(target.at("classes")[1].at("name"), "b");
  EXPECT_EQ(target.at("classes")[1].at("count"), 3);
  EXPECT_DOUBLE_EQ(target.at("classes")[1].at("percent").get<double>(), 60.0);
  EXPECT_TRUE(target.at("mean").is_null());
  const auto& prep = doc.at("preprocessing");
  EXPECT_EQ(prep.at("impute_numeric"), "median");
  EXPECT_EQ(prep.at("encode"), "onehot");
  EXPECT_EQ(prep.at("model_features"), 5);
  EXPECT_EQ(prep.at("notes").size(), 3u);

  // A float feature keeps its shortest decimal (5.1, not 5.099999904632568).
  const auto iris = json_cli_run("inspect iris --format json");
  EXPECT_EQ(iris.at("features")[0].at("min").dump(), "4.3");
  // Regression: min, max and mean of the target as the text prints them.
  const auto text = json_cli_text("inspect diabetes_regression");
  const auto reg = json_cli_run("inspect diabetes_regression --format json");
  EXPECT_TRUE(reg.at("target").at("classes").is_null());
  EXPECT_EQ(reg.at("target").at("min"), json_cli_number_after(text, "(target): min "));
  EXPECT_EQ(reg.at("target").at("max"), json_cli_number_after(text, ", max "));
  EXPECT_NEAR(reg.at("target").at("mean").get<double>(), json_cli_number_after(text, ", mean "),
              1e-3);
}

TEST(CliJson, TrainReportsScoresSizeAndTheFileWritten) {
  const TempDir dir;
  const auto text_model = dir.path() / "text.json";
  const auto json_model = dir.path() / "json.json";
  const std::string args = "train --model tree --dataset breast_cancer --test-fraction 0.25 ";
  const auto text = json_cli_text(args + "--save " + json_cli_quoted(text_model));
  const auto doc = json_cli_run(args + "--save " + json_cli_quoted(json_model) + " --json");
  EXPECT_EQ(doc.at("kind"), "decision_tree");
  EXPECT_EQ(doc.at("n_features"), 30);
  EXPECT_GE(doc.at("seconds").get<double>(), 0.0);
  EXPECT_EQ(doc.at("saved_to"), json_model.string());
  EXPECT_TRUE(std::filesystem::exists(json_model));
  const auto& training = doc.at("training");
  EXPECT_EQ(training.at("data").at("part"), "training_data");
  EXPECT_EQ(training.at("data").at("dataset"), "breast_cancer");
  EXPECT_EQ(training.at("data").at("held_out_fraction"), 0.25);
  const auto& test = doc.at("test");
  EXPECT_EQ(test.at("data").at("part"), "held_out");
  EXPECT_EQ(training.at("data").at("n_rows").get<int>() + test.at("data").at("n_rows").get<int>(),
            569);
  // The scores are the text's, to the 4 decimals it prints.
  const auto lines = json_cli_lines(text);
  ASSERT_GE(lines.size(), 3u) << text;
  EXPECT_NEAR(training.at("metrics").at("accuracy").get<double>(),
              json_cli_number_after(lines[1], "accuracy: "), 5e-5);
  EXPECT_NEAR(test.at("metrics").at("accuracy").get<double>(),
              json_cli_number_after(lines[2], "accuracy: "), 5e-5);
  const auto& size = doc.at("size");
  EXPECT_NE(lines[3].find(size.at("nodes").dump() + " nodes, " + size.at("leaves").dump() +
                          " leaves, depth " + size.at("depth").dump()),
            std::string::npos)
      << text;
  // Without held-out data there is no test score.
  const auto all = json_cli_run("train --model tree --dataset iris --json --save " +
                                json_cli_quoted(dir.path() / "iris.json"));
  EXPECT_TRUE(all.at("test").is_null());
  EXPECT_TRUE(all.at("training").at("data").at("seed").is_null());
}

TEST(CliJson, EvalMetricsAreTheTextsFigures) {
  const TempDir dir;
  const auto model = json_cli_tree(dir, "iris", "iris.json", "--set max_depth=2");
  const auto text = json_cli_text("eval " + model + " --dataset iris");
  const auto doc = json_cli_run("eval " + model + " --dataset iris --format json");
  EXPECT_EQ(doc.at("kind"), "decision_tree");
  EXPECT_EQ(doc.at("data").at("n_rows"), 150);
  EXPECT_NEAR(doc.at("metrics").at("accuracy").get<double>(),
              json_cli_number_after(text, "accuracy: "), 5e-5);
  const auto& confusion = doc.at("confusion_matrix");
  EXPECT_EQ(confusion.at("classes"), nlohmann::json({"setosa", "versicolor", "virginica"}));
  std::size_t total = 0;
  std::size_t right = 0;
  for (std::size_t r = 0; r < 3; ++r)
    for (std::size_t c = 0; c < 3; ++c) {
      const auto n = confusion.at("counts")[r][c].get<std::size_t>();
      total += n;
      right += r == c ? n : 0;
    }
  EXPECT_EQ(total, 150u);
  EXPECT_DOUBLE_EQ(doc.at("metrics").at("accuracy").get<double>(), right / 150.0);

  const auto reg = json_cli_tree(dir, "diabetes_regression", "reg.json", "--set max_depth=3");
  const auto reg_text = json_cli_text("eval " + reg + " --dataset diabetes_regression");
  const auto reg_doc = json_cli_run("eval " + reg + " --dataset diabetes_regression --json");
  EXPECT_NEAR(reg_doc.at("metrics").at("r2").get<double>(), json_cli_number_after(reg_text, "R2: "),
              5e-5);
  const double rmse = json_cli_number_after(reg_text, "RMSE: ");
  EXPECT_NEAR(reg_doc.at("metrics").at("rmse").get<double>(), rmse, 5e-4 * rmse);
  EXPECT_TRUE(reg_doc.at("confusion_matrix").is_null());
}

TEST(CliJson, PruneReportsKnobSizesScoresAndFiles) {
  const TempDir dir;
  const auto model = json_cli_tree(dir, "pima", "tree.json");
  const auto pruned = dir.path() / "pruned.json";
  const auto report = dir.path() / "report.json";
  const std::string args = "prune " + model +
                           " --method cost_complexity --select cv_1se --set folds=5 "
                           "--dataset pima --test-fraction 0.3 --save " +
                           json_cli_quoted(pruned);
  const auto text = json_cli_text(args);
  const auto doc = json_cli_run(args + " --report " + json_cli_quoted(report) + " --json");
  EXPECT_EQ(doc.at("method"), "cost_complexity");
  EXPECT_EQ(doc.at("params").at("select"), "cv_1se");
  EXPECT_EQ(doc.at("knob").at("name"), "alpha");
  EXPECT_NEAR(doc.at("knob").at("value").get<double>(),
              json_cli_number_after(text, "chosen alpha: "),
              1e-5 * doc.at("knob").at("value").get<double>());
  const auto& size = doc.at("size");
  EXPECT_LT(size.at("after").at("leaves"), size.at("before").at("leaves"));
  const auto lines = json_cli_lines(text);
  ASSERT_EQ(lines.size(), 9u) << text;
  EXPECT_NE(lines[1].find(size.at("before").at("leaves").dump() + " leaves"), std::string::npos);
  EXPECT_NE(lines[2].find(size.at("after").at("leaves").dump() + " leaves"), std::string::npos);
  EXPECT_EQ(doc.at("pruning").at("data").at("part"), "pruning_data");
  EXPECT_NEAR(doc.at("pruning").at("before").at("accuracy").get<double>(),
              json_cli_number_after(lines[4], "accuracy: "), 5e-5);
  EXPECT_NEAR(doc.at("pruning").at("after").at("accuracy").get<double>(),
              json_cli_number_after(lines[5], "accuracy: "), 5e-5);
  EXPECT_EQ(doc.at("test").at("data").at("part"), "held_out");
  EXPECT_NEAR(doc.at("test").at("after").at("accuracy").get<double>(),
              json_cli_number_after(lines[7], "accuracy: "), 5e-5);
  EXPECT_EQ(doc.at("saved_to"), pruned.string());
  EXPECT_EQ(doc.at("report"), report.string());
  EXPECT_EQ(read_json_file(report).at("after").at("leaves"), size.at("after").at("leaves"));
  // A method without a knob.
  const auto one_shot =
      json_cli_run("prune " + model + " --method pessimistic --dataset pima --json --save " +
                   json_cli_quoted(pruned));
  EXPECT_TRUE(one_shot.at("knob").is_null());
  EXPECT_TRUE(one_shot.at("test").is_null());
  EXPECT_TRUE(one_shot.at("report").is_null());
}

TEST(CliJson, PathHasOnePointPerRowOfTheTextTable) {
  const TempDir dir;
  const auto model = json_cli_tree(dir, "breast_cancer", "tree.json");
  const std::string args = "path " + model + " --dataset breast_cancer --folds 5";
  const auto text = json_cli_text(args);
  const auto doc = json_cli_run(args + " --format json");
  // The text's rows follow the column names.
  const auto lines = json_cli_lines(text);
  std::size_t first = 0;
  while (first < lines.size() && lines[first].find("nsplit") == std::string::npos) ++first;
  ASSERT_LT(first, lines.size()) << text;
  const std::vector<std::string> rows(lines.begin() + static_cast<long>(first) + 1, lines.end());
  const auto& table = doc.at("table");
  ASSERT_EQ(table.size(), rows.size()) << text;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    std::istringstream row(rows[k]);
    double cp = 0, rel_error = 0, xerror = 0, xstd = 0;
    int nsplit = 0;
    row >> cp >> nsplit >> rel_error >> xerror >> xstd;
    EXPECT_NEAR(table[k].at("cp").get<double>(), cp, 1e-5 * cp + 1e-12) << rows[k];
    EXPECT_EQ(table[k].at("nsplit"), nsplit) << rows[k];
    EXPECT_NEAR(table[k].at("rel_error").get<double>(), rel_error, 1e-4) << rows[k];
    EXPECT_NEAR(table[k].at("xerror").get<double>(), xerror, 1e-4) << rows[k];
    EXPECT_NEAR(table[k].at("xstd").get<double>(), xstd, 1e-4) << rows[k];
    EXPECT_GE(table[k].at("alpha").get<double>(), 0.0);
  }
  const auto one_se = doc.at("row_cv_1se").get<std::size_t>();
  EXPECT_NE(rows[one_se].find("<- 1-SE"), std::string::npos) << text;
  EXPECT_NE(rows[doc.at("row_cv_min").get<std::size_t>()].find("<- min"), std::string::npos);
  EXPECT_EQ(doc.at("risk"), "misclassification");
  EXPECT_EQ(doc.at("ties"), "all_at_once");

  // --json FILE still writes the table, the same document; a bare --json prints it.
  const auto file = dir.path() / "cp.json";
  const auto with_file = run_cli(args + " --json " + json_cli_quoted(file));
  ASSERT_EQ(with_file.exit_code, 0) << with_file.err;
  EXPECT_EQ(with_file.out, text);
  EXPECT_EQ(read_json_file(file.string()), doc);
  EXPECT_EQ(json_cli_run(args + " --json"), doc);
  EXPECT_EQ(json_cli_run("path " + model + " --json --dataset breast_cancer --folds 5"), doc);
  // Without cross-validation xerror and xstd are null, and no row is chosen.
  const auto plain = json_cli_run("path " + model + " --folds 0 --format json");
  EXPECT_EQ(plain.at("table").size(), table.size());
  EXPECT_TRUE(plain.at("table")[0].at("xerror").is_null());
  EXPECT_TRUE(plain.at("row_cv_1se").is_null());
}

TEST(CliJson, MethodsListsEveryMethodOfTheTextWithItsParameters) {
  const auto text = json_cli_text("methods");
  const auto doc = json_cli_run("methods --format json");
  // In the text a method starts a line: "name  (family)"; its parameters are indented by 4.
  std::vector<std::string> names;
  std::vector<std::size_t> param_counts;
  for (const auto& line : json_cli_lines(text)) {
    if (!line.empty() && line[0] != ' ') {
      names.push_back(line.substr(0, line.find("  (")));
      param_counts.push_back(0);
    } else if (line.rfind("    ", 0) == 0) {
      ++param_counts.back();
    }
  }
  ASSERT_EQ(doc.size(), names.size()) << text;
  for (std::size_t k = 0; k < names.size(); ++k) {
    EXPECT_EQ(doc[k].at("name"), names[k]);
    EXPECT_EQ(doc[k].at("parameters").size(), param_counts[k]) << names[k];
    EXPECT_NE(text.find(names[k] + "  (" + doc[k].at("family").get<std::string>() + ")"),
              std::string::npos)
        << names[k];
  }
  // Types and defaults as the text shows them, the default also as a typed value.
  nlohmann::json confidence;
  for (const auto& m : doc)
    if (m.at("name") == "pessimistic" || m.at("name") == "error_based")
      for (const auto& p : m.at("parameters"))
        if (p.at("name") == "confidence") confidence = p;
  ASSERT_FALSE(confidence.is_null());
  EXPECT_EQ(confidence.at("type"), "number in (0, 0.5]");
  EXPECT_EQ(confidence.at("default"), 0.25);
  EXPECT_EQ(confidence.at("default_text"), "0.25");
  EXPECT_NE(text.find("confidence (number in (0, 0.5], default 0.25): " +
                      confidence.at("description").get<std::string>()),
            std::string::npos);
  for (const auto& m : doc) {
    if (m.at("name") == "cost_complexity") {
      EXPECT_EQ(m.at("knob"), "alpha");
    }
    if (m.at("name") == "pessimistic") {
      EXPECT_TRUE(m.at("knob").is_null());
    }
  }

  const auto trees = json_cli_run("methods --family decision_tree --json");
  EXPECT_LT(trees.size(), doc.size());
  EXPECT_EQ(run_cli("methods --format markdown").exit_code, 0);
}

TEST(CliJson, TextIsTheDefaultAndUnchanged) {
  const TempDir dir;
  dir.write("t.csv",
            "x,color,y,label\n1.5,red,,a\n2,blue,3,b\n,red,4,a\n0.25,green,5,b\n"
            "-1e3,blue,6,b\n");
  // Written by the CLI before --format existed (commit bd57df7).
  const std::string expected =
      "dataset:   t\n"
      "file:      t.csv\n"
      "task:      classification\n"
      "rows:      5\n"
      "features:  3\n"
      "classes:   2\n"
      "missing:   2 values\n"
      "\n"
      "features:\n"
      "  name                        type           missing         min         max\n"
      "  x                           numeric              1       -1000           2\n"
      "  color                       categorical          0   3 levels\n"
      "  y                           numeric              1           3           6\n"
      "\n"
      "class balance (label):\n"
      "  a                                  2     40.0 %\n"
      "  b                                  3     60.0 %\n"
      "\n"
      "preprocessing (impute-numeric=median, impute-categorical=most_frequent, encode=onehot): "
      "5 model features\n"
      "  x: 1 missing filled by median\n"
      "  color: categorical, 3 levels, onehot\n"
      "  y: 1 missing filled by median\n";
  EXPECT_EQ(json_cli_text("inspect t.csv", dir.path()), expected);
  EXPECT_EQ(json_cli_text("inspect t.csv --format text", dir.path()), expected);

  const auto model = json_cli_tree(dir, "iris", "iris.json", "--set max_depth=3");
  for (const std::string& command :
       {std::string("datasets"), std::string("methods --family mlp"),
        "eval " + model + " --dataset iris", "path " + model + " --dataset iris --folds 3"}) {
    const auto text = json_cli_text(command);
    EXPECT_FALSE(text.empty()) << command;
    EXPECT_NE(text.front(), '{') << command;
    EXPECT_EQ(json_cli_text(command + " --format text"), text) << command;
  }
  const auto trained =
      json_cli_text("train --model tree --dataset iris --save " +
                    json_cli_quoted(dir.path() / "t2.json") + " --set max_depth=3");
  EXPECT_NE(trained.find("decision_tree fitted on the training data (iris, 150 rows), 4 features"),
            std::string::npos)
      << trained;
  EXPECT_NE(trained.find("saved to "), std::string::npos) << trained;
}

TEST(CliJson, AnUnknownFormatExitsTwoNamingTheOption) {
  const TempDir dir;
  const auto model = json_cli_tree(dir, "iris", "iris.json");
  const auto out = json_cli_quoted(dir.path() / "out.json");
  for (const std::string& command :
       {std::string("datasets"), std::string("methods"), std::string("inspect iris"),
        "train --model tree --dataset iris --save " + out, "eval " + model + " --dataset iris",
        "prune " + model + " --method pessimistic --dataset iris --save " + out,
        "path " + model + " --dataset iris"}) {
    const auto r = run_cli(command + " --format xml");
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_TRUE(r.out.empty()) << command << "\n" << r.out;
    EXPECT_NE(r.err.find("--format must be "), std::string::npos) << command << "\n" << r.err;
    EXPECT_NE(r.err.find("got 'xml'"), std::string::npos) << command << "\n" << r.err;
    // --json is --format json: with another format it is an error too.
    EXPECT_EQ(run_cli(command + " --json --format text").exit_code, 2) << command;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out.json"));
  // markdown is only for methods.
  const auto r = run_cli("eval " + model + " --dataset iris --format markdown");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--format must be text or json, got 'markdown'"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace prunekit
