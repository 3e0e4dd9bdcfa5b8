#include "prunekit/data/libsvm.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <utility>
#include <vector>

#include "core/number_format.hpp"
#include "data/level_coding.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/data/limits.hpp"

namespace prunekit {
namespace {

/// An integer target with at most this many distinct values is read as class labels (the
/// CSV reader's rule, see docs/datasets.md).
constexpr std::size_t kMaxInferredClasses = 20;

struct Entry {
  std::size_t row;
  std::size_t feature;  // 0-based
  float value;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

Dataset read_libsvm(const std::string& path, const LibSvmOptions& options) {
  const std::string text = read_file(path);
  std::vector<double> labels;
  std::vector<std::string> label_texts;
  std::vector<Entry> entries;
  std::size_t max_index = 0;
  std::size_t line_number = 0;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + begin, end - begin);
    begin = end + 1;
    ++line_number;
    std::size_t stop = line.find('#');
    if (stop == std::string_view::npos) stop = line.size();
    std::size_t pos = 0;
    auto column = [&](std::size_t p) { return p + 1; };
    auto next_token = [&](std::size_t& start) -> std::string_view {
      while (pos < stop && is_space(line[pos])) ++pos;
      start = pos;
      while (pos < stop && !is_space(line[pos])) ++pos;
      return line.substr(start, pos - start);
    };
    std::size_t start = 0;
    const std::string_view label = next_token(start);
    if (label.empty()) continue;  // blank or comment line
    double y = 0.0;
    if (!parse_number(label, y))
      throw DataError(path, line_number, column(start),
                      "expected a numeric label, got '" + std::string(label) + "'");
    const std::size_t row = labels.size();
    labels.push_back(y);
    label_texts.emplace_back(label);
    std::size_t previous = 0;
    while (true) {
      const std::string_view token = next_token(start);
      if (token.empty()) break;
      const std::size_t colon = token.find(':');
      if (colon == std::string_view::npos)
        throw DataError(path, line_number, column(start),
                        "expected index:value, got '" + std::string(token) + "' (missing ':')");
      const std::string_view index_text = token.substr(0, colon);
      const std::string_view value_text = token.substr(colon + 1);
      if (index_text == "qid") continue;
      long long index = 0;
      const auto [ptr, ec] =
          std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
      if (index_text.empty() || ec != std::errc() || ptr != index_text.data() + index_text.size())
        throw DataError(path, line_number, column(start),
                        "feature index '" + std::string(index_text) + "' is not an integer");
      if (index <= 0)
        throw DataError(
            path, line_number, column(start),
            "feature index " + std::to_string(index) + " must be >= 1 (indices are 1-based)");
      const auto idx = static_cast<std::size_t>(index);
      if (idx <= previous)
        throw DataError(path, line_number, column(start),
                        "feature index " + std::to_string(idx) + " after " +
                            std::to_string(previous) + ": indices must be strictly ascending");
      if (options.n_features != 0 && idx > options.n_features)
        throw DataError(path, line_number, column(start),
                        "feature index " + std::to_string(idx) +
                            " exceeds the given number of features " +
                            std::to_string(options.n_features));
      float v = 0.0f;
      const NumberStatus status = read_whole_number(value_text, v);
      if (status != NumberStatus::ok)
        throw DataError(path, line_number, column(start + colon + 1),
                        "feature " + std::to_string(idx) + ": " +
                            (status == NumberStatus::out_of_range
                                 ? out_of_range_message<float>(value_text)
                                 : "expected a number, got '" + std::string(value_text) + "'"));
      previous = idx;
      max_index = std::max(max_index, idx);
      if (v != 0.0f) entries.push_back({row, idx - 1, v});
    }
  }
  const std::size_t rows = labels.size();
  if (rows == 0)
    throw DataError(path, text.empty() ? "empty file, expected one example per line"
                                       : "no examples (every line is blank or a comment)");
  const std::size_t d = options.n_features != 0 ? options.n_features : max_index;
  if (d == 0) throw DataError(path, "no features: every example has only a label");
  check_dense_size(path, rows, d, "the largest feature index makes the dense matrix too large");

  Dataset data;
  data.rows = rows;
  data.provenance.path = path;
  data.provenance.name = std::filesystem::path(path).stem().string();
  data.provenance.source = "LibSVM file " + path;
  data.schema.target_name = "label";
  data.schema.features.resize(d);
  for (std::size_t j = 0; j < d; ++j) data.schema.features[j].name = "f" + std::to_string(j + 1);
  data.features.assign(rows * d, 0.0f);
  for (const Entry& e : entries) data.features[e.feature * rows + e.row] = e.value;

  Task task = Task::regression;
  if (options.task) {
    task = *options.task;
  } else {
    std::vector<double> distinct;
    bool integral = true;
    for (double y : labels) {
      if (y != std::floor(y)) {
        integral = false;
        break;
      }
      if (std::find(distinct.begin(), distinct.end(), y) == distinct.end()) {
        distinct.push_back(y);
        if (distinct.size() > kMaxInferredClasses) break;
      }
    }
    if (integral && distinct.size() <= kMaxInferredClasses) task = Task::classification;
  }
  data.schema.task = task;
  if (task == Task::regression) {
    data.targets = std::move(labels);
    return data;
  }
  // Class names are the label values (so `+1` and `1` are one class), in numeric order.
  LevelCoder coder;
  std::vector<std::int32_t> codes(rows);
  std::string name;
  for (std::size_t i = 0; i < rows; ++i) {
    name.clear();
    append_shortest(name, labels[i]);
    codes[i] = coder.code(name);
  }
  data.schema.class_names = coder.sorted_levels();
  const auto remap = coder.sorted_remap();
  data.labels.resize(rows);
  for (std::size_t i = 0; i < rows; ++i) data.labels[i] = remap[static_cast<std::size_t>(codes[i])];
  return data;
}

}  // namespace prunekit
