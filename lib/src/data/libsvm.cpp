#include "prunekit/data/libsvm.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <utility>
#include <vector>

#include "core/number_format.hpp"
#include "data/level_coding.hpp"
#include "data/target_inference.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/data/limits.hpp"

namespace prunekit {
namespace {

struct Entry {
  std::size_t row;
  std::size_t feature;  // 0-based
  float value;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/// The blank-separated tokens of one line, up to its `#` comment.
class LineTokens {
 public:
  explicit LineTokens(std::string_view line) : line_(line), stop_(line.find('#')) {
    if (stop_ == std::string_view::npos) stop_ = line.size();
  }
  /// The next token (empty at the end); `start` is set to its 0-based position.
  std::string_view next(std::size_t& start) {
    while (pos_ < stop_ && is_space(line_[pos_])) ++pos_;
    start = pos_;
    while (pos_ < stop_ && !is_space(line_[pos_])) ++pos_;
    return line_.substr(start, pos_ - start);
  }

 private:
  std::string_view line_;
  std::size_t stop_;
  std::size_t pos_ = 0;
};

/// Reads one LibSVM file: per line a label, then ascending 1-based `index:value` pairs (the
/// features not given are 0), then makes the dense dataset.
class LibSvmReader {
 public:
  LibSvmReader(const std::string& path, const LibSvmOptions& options)
      : path_(path), options_(options), text_(read_file(path)) {}

  Dataset read() {
    std::size_t begin = 0;
    while (begin < text_.size()) {
      std::size_t end = text_.find('\n', begin);
      if (end == std::string::npos) end = text_.size();
      ++line_number_;
      read_line(std::string_view(text_.data() + begin, end - begin));
      begin = end + 1;
    }
    return make_dataset();
  }

 private:
  void read_line(std::string_view line);
  void read_pair(std::string_view token, std::size_t start, std::size_t row, std::size_t& previous);
  [[nodiscard]] std::size_t read_index(std::string_view index_text, std::size_t start,
                                       std::size_t previous) const;
  [[nodiscard]] std::size_t feature_count() const;
  [[nodiscard]] Task decide_task() const;
  [[nodiscard]] Dataset make_dataset();

  const std::string& path_;
  const LibSvmOptions& options_;
  const std::string text_;
  std::vector<double> labels_;
  std::vector<Entry> entries_;
  std::size_t max_index_ = 0;
  std::size_t line_number_ = 0;
};

void LibSvmReader::read_line(std::string_view line) {
  LineTokens tokens(line);
  std::size_t start = 0;
  const std::string_view label = tokens.next(start);
  if (label.empty()) return;  // blank or comment line
  double y = 0.0;
  if (!parse_number(label, y))
    throw DataError(path_, line_number_, start + 1,
                    "expected a numeric label, got '" + std::string(label) + "'");
  const std::size_t row = labels_.size();
  labels_.push_back(y);
  std::size_t previous = 0;
  while (true) {
    const std::string_view token = tokens.next(start);
    if (token.empty()) break;
    read_pair(token, start, row, previous);
  }
}

/// One `index:value` token at 0-based position `start` (a `qid:` token is skipped).
void LibSvmReader::read_pair(std::string_view token, std::size_t start, std::size_t row,
                             std::size_t& previous) {
  const std::size_t colon = token.find(':');
  if (colon == std::string_view::npos)
    throw DataError(path_, line_number_, start + 1,
                    "expected index:value, got '" + std::string(token) + "' (missing ':')");
  const std::string_view index_text = token.substr(0, colon);
  const std::string_view value_text = token.substr(colon + 1);
  if (index_text == "qid") return;
  const std::size_t idx = read_index(index_text, start, previous);
  float v = 0.0f;
  const NumberStatus status = read_whole_number(value_text, v);
  if (status != NumberStatus::ok)
    throw DataError(path_, line_number_, start + colon + 2,
                    "feature " + std::to_string(idx) + ": " +
                        (status == NumberStatus::out_of_range
                             ? out_of_range_message<float>(value_text)
                             : "expected a number, got '" + std::string(value_text) + "'"));
  previous = idx;
  max_index_ = std::max(max_index_, idx);
  if (v != 0.0f) entries_.push_back({row, idx - 1, v});
}

/// A 1-based feature index, above the line's `previous` one and within the given number of
/// features.
std::size_t LibSvmReader::read_index(std::string_view index_text, std::size_t start,
                                     std::size_t previous) const {
  const std::size_t column = start + 1;
  long long index = 0;
  const auto [ptr, ec] =
      std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
  if (index_text.empty() || ec != std::errc() || ptr != index_text.data() + index_text.size())
    throw DataError(path_, line_number_, column,
                    "feature index '" + std::string(index_text) + "' is not an integer");
  if (index <= 0)
    throw DataError(
        path_, line_number_, column,
        "feature index " + std::to_string(index) + " must be >= 1 (indices are 1-based)");
  const auto idx = static_cast<std::size_t>(index);
  if (idx <= previous)
    throw DataError(path_, line_number_, column,
                    "feature index " + std::to_string(idx) + " after " + std::to_string(previous) +
                        ": indices must be strictly ascending");
  if (options_.n_features != 0 && idx > options_.n_features)
    throw DataError(path_, line_number_, column,
                    "feature index " + std::to_string(idx) +
                        " exceeds the given number of features " +
                        std::to_string(options_.n_features));
  return idx;
}

/// The number of features (given, or the largest index), once the examples are read.
std::size_t LibSvmReader::feature_count() const {
  const std::size_t rows = labels_.size();
  if (rows == 0)
    throw DataError(path_, text_.empty() ? "empty file, expected one example per line"
                                         : "no examples (every line is blank or a comment)");
  const std::size_t d = options_.n_features != 0 ? options_.n_features : max_index_;
  if (d == 0) throw DataError(path_, "no features: every example has only a label");
  check_dense_size(path_, rows, d, "the largest feature index makes the dense matrix too large");
  return d;
}

/// The given task, else classification for a few distinct integer labels.
Task LibSvmReader::decide_task() const {
  if (options_.task) return *options_.task;
  ClassLabelGuess guess;
  for (double y : labels_) guess.add(y);
  return guess.looks_like_classes() ? Task::classification : Task::regression;
}

Dataset LibSvmReader::make_dataset() {
  const std::size_t d = feature_count();
  const std::size_t rows = labels_.size();
  Dataset data;
  data.rows = rows;
  data.provenance.path = path_;
  data.provenance.name = std::filesystem::path(path_).stem().string();
  data.provenance.source = "LibSVM file " + path_;
  data.schema.target_name = "label";
  data.schema.features.resize(d);
  for (std::size_t j = 0; j < d; ++j) data.schema.features[j].name = "f" + std::to_string(j + 1);
  data.features.assign(rows * d, 0.0f);
  for (const Entry& e : entries_) data.features[e.feature * rows + e.row] = e.value;
  data.schema.task = decide_task();
  if (data.schema.task == Task::regression) {
    data.targets = std::move(labels_);
    return data;
  }
  // Class names are the label values (so `+1` and `1` are one class), in numeric order.
  LevelCoder coder;
  const auto codes = code_numbers(coder, labels_);
  data.schema.class_names = coder.sorted_levels();
  data.labels = coder.sorted_codes(codes);
  return data;
}

}  // namespace

Dataset read_libsvm(const std::string& path, const LibSvmOptions& options) {
  return LibSvmReader(path, options).read();
}

}  // namespace prunekit
