#include "prunekit/data/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <filesystem>
#include <unordered_map>

#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"
#include "core/number_format.hpp"
#include "data/level_coding.hpp"

namespace prunekit {
namespace {

enum class ColumnKind { numeric, categorical };

/// Splits a CSV text into records and fields, tracking line and column for errors.
/// Quoted fields follow RFC 4180 (a doubled quote inside quotes is a literal quote).
class CsvScanner {
 public:
  CsvScanner(std::string_view text, const std::string& file, char delimiter)
      : text_(text), file_(file), delimiter_(delimiter) {
    if (text_.size() >= 3 && std::memcmp(text_.data(), "\xEF\xBB\xBF", 3) == 0) pos_ = 3;
  }

  [[nodiscard]] bool at_end() const noexcept { return pos_ >= text_.size(); }
  [[nodiscard]] std::size_t line() const noexcept { return line_; }

  /// Skips blank lines; returns false at end of input.
  bool skip_blank_lines() {
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
    return !at_end();
  }

  /// Reads one record into `fields` (views into the text, or into `unquoted_` storage) and
  /// their 1-based start columns.
  void read_record(std::vector<std::string_view>& fields, std::vector<std::size_t>& columns) {
    fields.clear();
    columns.clear();
    unquoted_.clear();
    const std::size_t line_start = pos_;
    record_line_ = line_;
    while (true) {
      columns.push_back(pos_ - line_start + 1);
      if (pos_ < text_.size() && text_[pos_] == '"') {
        fields.push_back(read_quoted(line_start));
      } else {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] != delimiter_ && text_[pos_] != '\n') ++pos_;
        std::size_t end = pos_;
        if (end > start && text_[end - 1] == '\r') --end;
        fields.push_back(text_.substr(start, end - start));
      }
      if (pos_ < text_.size() && text_[pos_] == delimiter_) {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '\n') {
        ++pos_;
        ++line_;
      }
      return;
    }
  }
  [[nodiscard]] std::size_t record_line() const noexcept { return record_line_; }

 private:
  std::string_view read_quoted(std::size_t line_start) {
    const std::size_t open_column = pos_ - line_start + 1;
    ++pos_;
    std::string value;
    while (true) {
      if (pos_ >= text_.size())
        throw DataError(file_, record_line_, open_column, "unterminated quoted field");
      const char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          value.push_back('"');
          ++pos_;
          continue;
        }
        break;
      }
      if (c == '\n') ++line_;
      value.push_back(c);
    }
    if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] != delimiter_ && text_[pos_] != '\n')
      throw DataError(file_, record_line_, pos_ - line_start + 1,
                      "unexpected character after closing quote");
    unquoted_.push_back(std::move(value));
    return unquoted_.back();
  }

  std::string_view text_;
  const std::string& file_;
  char delimiter_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 1;
  // A deque keeps the unquoted strings (and views into them) in place while a record grows.
  std::deque<std::string> unquoted_;
};

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct ColumnPlan {
  std::string name;
  ColumnKind kind = ColumnKind::numeric;
  bool is_target = false;
  std::size_t feature_index = 0;
};

struct Sidecar {
  std::string path;
  nlohmann::json json;
};

std::string default_sidecar_path(const std::string& csv_path) {
  std::filesystem::path p(csv_path);
  p.replace_extension(".json");
  return p.string();
}

std::string sidecar_string(const Sidecar& s, const char* key) {
  auto it = s.json.find(key);
  if (it == s.json.end() || it->is_null()) return {};
  if (!it->is_string()) throw DataError(s.path, std::string("\"") + key + "\" must be a string");
  return it->get<std::string>();
}

/// What a pre-scan of a CSV without sidecar learns about its columns.
struct ColumnScan {
  std::vector<bool> numeric;
  /// The target holds only integers, and few distinct ones: it is read as class labels.
  bool target_looks_like_labels = false;
};

/// An integer-valued target with at most this many distinct values is taken as class labels.
constexpr std::size_t kMaxInferredClasses = 20;

/// Reads the numeric-or-not nature of every column (no sidecar).
ColumnScan scan_columns(std::string_view text, const std::string& file, char delimiter,
                        std::size_t n_columns, std::size_t target_column) {
  std::vector<bool> numeric(n_columns, true);
  bool integral_target = true;
  std::vector<double> distinct_targets;
  CsvScanner scanner(text, file, delimiter);
  std::vector<std::string_view> fields;
  std::vector<std::size_t> columns;
  scanner.skip_blank_lines();
  scanner.read_record(fields, columns);  // header
  while (scanner.skip_blank_lines()) {
    scanner.read_record(fields, columns);
    for (std::size_t j = 0; j < std::min(n_columns, fields.size()); ++j) {
      if (!numeric[j]) continue;
      const std::string_view f = trim(fields[j]);
      double v = 0.0;
      if (!f.empty() && !parse_number(f, v)) {
        numeric[j] = false;
      } else if (j == target_column && integral_target && !f.empty()) {
        if (v != std::floor(v)) integral_target = false;
        else if (distinct_targets.size() <= kMaxInferredClasses &&
                 std::find(distinct_targets.begin(), distinct_targets.end(), v) ==
                     distinct_targets.end())
          distinct_targets.push_back(v);
      }
    }
  }
  ColumnScan scan;
  scan.target_looks_like_labels = numeric[target_column] && integral_target &&
                                  distinct_targets.size() <= kMaxInferredClasses;
  scan.numeric = std::move(numeric);
  return scan;
}

}  // namespace

Dataset read_csv(const std::string& path, const CsvOptions& options) {
  const std::string text = read_file(path);
  CsvScanner scanner(text, path, options.delimiter);
  if (!scanner.skip_blank_lines()) throw DataError(path, 1, 0, "empty file, expected a header row");

  std::vector<std::string_view> fields;
  std::vector<std::size_t> columns;
  scanner.read_record(fields, columns);
  std::vector<std::string> header;
  for (auto f : fields) header.emplace_back(trim(f));
  const std::size_t n_columns = header.size();
  for (std::size_t j = 0; j < n_columns; ++j) {
    if (header[j].empty())
      throw DataError(path, 1, columns[j], "empty column name in header (column " +
                                               std::to_string(j + 1) + ")");
    for (std::size_t k = 0; k < j; ++k)
      if (header[k] == header[j])
        throw DataError(path, 1, columns[j], "duplicate column name '" + header[j] + "'");
  }

  // Which file describes the columns.
  std::optional<Sidecar> sidecar;
  std::string sidecar_path = options.sidecar;
  if (sidecar_path.empty()) {
    const std::string guess = default_sidecar_path(path);
    std::error_code ec;
    if (guess != path && std::filesystem::is_regular_file(guess, ec)) sidecar_path = guess;
  }
  if (!sidecar_path.empty()) sidecar = Sidecar{sidecar_path, read_json_file(sidecar_path)};

  Dataset data;
  data.provenance.path = path;
  data.provenance.name = std::filesystem::path(path).stem().string();

  std::string target_name = options.target;
  std::vector<std::string> categorical_names;
  std::optional<Task> task = options.task;
  if (sidecar) {
    if (!sidecar->json.is_object()) throw DataError(sidecar->path, "expected a JSON object");
    if (auto t = sidecar_string(*sidecar, "target"); !t.empty()) target_name = t;
    if (auto n = sidecar_string(*sidecar, "name"); !n.empty()) data.provenance.name = n;
    data.provenance.source = sidecar_string(*sidecar, "source");
    data.provenance.origin = sidecar_string(*sidecar, "origin");
    data.provenance.license = sidecar_string(*sidecar, "license");
    const std::string task_text = sidecar_string(*sidecar, "task");
    if (task_text == "classification") task = Task::classification;
    else if (task_text == "regression") task = Task::regression;
    else if (!task_text.empty())
      throw DataError(sidecar->path, "\"task\" must be \"classification\" or \"regression\", got \"" +
                                         task_text + "\"");
    if (auto it = sidecar->json.find("categorical_features"); it != sidecar->json.end()) {
      if (!it->is_array()) throw DataError(sidecar->path, "\"categorical_features\" must be an array");
      for (const auto& name : *it) {
        if (!name.is_string())
          throw DataError(sidecar->path, "\"categorical_features\" must hold column names");
        const auto n = name.get<std::string>();
        if (std::find(header.begin(), header.end(), n) == header.end())
          throw DataError(sidecar->path, "categorical feature '" + n + "' is not a column of " + path);
        categorical_names.push_back(n);
      }
    }
  }
  if (n_columns < 2)
    throw DataError(path, 1, 0, "header has " + std::to_string(n_columns) +
                                    " column(s), expected at least one feature and a target");
  if (target_name.empty()) target_name = header.back();
  const auto target_it = std::find(header.begin(), header.end(), target_name);
  if (target_it == header.end())
    throw DataError(sidecar ? sidecar->path : path, sidecar ? 0 : 1, 0,
                    "target column '" + target_name + "' does not exist in " + path);
  const std::size_t target_column = static_cast<std::size_t>(target_it - header.begin());

  // Column kinds: from the sidecar, or inferred from the values.
  std::vector<ColumnPlan> plan(n_columns);
  std::vector<bool> numeric;
  bool target_looks_like_labels = false;
  if (!sidecar) {
    ColumnScan scan = scan_columns(text, path, options.delimiter, n_columns, target_column);
    numeric = std::move(scan.numeric);
    target_looks_like_labels = scan.target_looks_like_labels;
  }
  std::size_t feature_index = 0;
  for (std::size_t j = 0; j < n_columns; ++j) {
    plan[j].name = header[j];
    plan[j].is_target = j == target_column;
    if (sidecar) {
      const bool categorical =
          std::find(categorical_names.begin(), categorical_names.end(), header[j]) !=
          categorical_names.end();
      plan[j].kind = categorical ? ColumnKind::categorical : ColumnKind::numeric;
    } else {
      plan[j].kind = numeric[j] ? ColumnKind::numeric : ColumnKind::categorical;
    }
    if (!plan[j].is_target) plan[j].feature_index = feature_index++;
  }
  if (!task) {
    // Without a sidecar or --task: text labels, or a few distinct integers, are classes;
    // any other numeric target is a regression target. `inspect` reports the choice.
    task = plan[target_column].kind == ColumnKind::categorical || target_looks_like_labels
               ? Task::classification
               : Task::regression;
  }
  // The target of a classification task is always read as labels (strings).
  if (*task == Task::classification) plan[target_column].kind = ColumnKind::categorical;

  // Count records to size the column-major matrix once.
  std::size_t expected_rows = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  const std::size_t n_features = n_columns - 1;
  std::vector<float> matrix;
  matrix.reserve(expected_rows * n_features);
  // Row-major while reading (one row at a time); transposed at the end.
  std::vector<LevelCoder> coders(n_columns);
  std::vector<double> target_values;

  std::size_t rows = 0;
  while (scanner.skip_blank_lines()) {
    scanner.read_record(fields, columns);
    const std::size_t line = scanner.record_line();
    if (fields.size() != n_columns)
      throw DataError(path, line, 0, "row has " + std::to_string(fields.size()) +
                                         " fields, the header has " + std::to_string(n_columns));
    for (std::size_t j = 0; j < n_columns; ++j) {
      const std::string_view f = trim(fields[j]);
      const ColumnPlan& c = plan[j];
      if (c.is_target) {
        if (f.empty())
          throw DataError(path, line, columns[j], "missing target value in column '" + c.name + "'");
        if (c.kind == ColumnKind::categorical) {
          target_values.push_back(static_cast<double>(coders[j].code(f)));
        } else {
          double v = 0.0;
          if (!parse_number(f, v))
            throw DataError(path, line, columns[j], "column '" + c.name +
                                                        "': expected a number, got '" +
                                                        std::string(f) + "'");
          target_values.push_back(v);
        }
        continue;
      }
      if (f.empty()) {
        matrix.push_back(kMissing);
      } else if (c.kind == ColumnKind::categorical) {
        matrix.push_back(static_cast<float>(coders[j].code(f)));
      } else {
        float v = 0.0f;
        if (!parse_float(f, v))
          throw DataError(path, line, columns[j], "column '" + c.name +
                                                      "': expected a number, got '" +
                                                      std::string(f) + "'");
        matrix.push_back(v);
      }
    }
    ++rows;
  }
  if (rows == 0) throw DataError(path, 2, 0, "header without data rows");

  // Sidecar counts must agree with the file.
  if (sidecar) {
    auto check_count = [&](const char* key, std::size_t actual) {
      auto it = sidecar->json.find(key);
      if (it == sidecar->json.end() || it->is_null()) return;
      if (!it->is_number_integer() || it->get<long long>() != static_cast<long long>(actual))
        throw DataError(sidecar->path, std::string("\"") + key + "\" is " + it->dump() +
                                           " but " + path + " has " + std::to_string(actual));
    };
    check_count("n_rows", rows);
    check_count("n_features", n_features);
    if (*task == Task::classification) check_count("n_classes", coders[target_column].size());
  }

  // Level numbering in sorted order; remap the codes read in first-appearance order.
  std::vector<std::vector<std::int32_t>> remap(n_columns);
  for (std::size_t j = 0; j < n_columns; ++j)
    if (plan[j].kind == ColumnKind::categorical) remap[j] = coders[j].sorted_remap();

  data.rows = rows;
  data.schema.task = *task;
  data.schema.target_name = target_name;
  data.schema.features.resize(n_features);
  for (std::size_t j = 0; j < n_columns; ++j) {
    if (plan[j].is_target) continue;
    FeatureInfo& info = data.schema.features[plan[j].feature_index];
    info.name = plan[j].name;
    info.categorical = plan[j].kind == ColumnKind::categorical;
    if (info.categorical) info.levels = coders[j].sorted_levels();
  }
  data.features.resize(rows * n_features);
  for (std::size_t i = 0; i < rows; ++i) {
    const float* src = matrix.data() + i * n_features;
    for (std::size_t j = 0; j < n_columns; ++j) {
      if (plan[j].is_target) continue;
      const std::size_t f = plan[j].feature_index;
      float v = src[f];
      if (plan[j].kind == ColumnKind::categorical && !std::isnan(v))
        v = static_cast<float>(remap[j][static_cast<std::size_t>(v)]);
      data.features[f * rows + i] = v;
    }
  }
  if (*task == Task::classification) {
    data.schema.class_names = coders[target_column].sorted_levels();
    data.labels.resize(rows);
    for (std::size_t i = 0; i < rows; ++i)
      data.labels[i] = remap[target_column][static_cast<std::size_t>(target_values[i])];
  } else {
    data.targets = std::move(target_values);
  }
  return data;
}

void write_csv(const Dataset& data, const std::string& path, const std::string& sidecar_path) {
  std::string out;
  out.reserve(data.rows * (data.n_features() + 1) * 8 + 256);
  const auto quote = [](const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
      if (c == '"') q += '"';
      q += c;
    }
    return q + '"';
  };
  for (const auto& f : data.schema.features) out += quote(f.name) + ',';
  out += quote(data.schema.target_name) + '\n';
  for (std::size_t i = 0; i < data.rows; ++i) {
    for (std::size_t j = 0; j < data.n_features(); ++j) {
      const float v = data.value(i, j);
      const FeatureInfo& info = data.schema.features[j];
      if (!std::isnan(v)) {
        if (info.categorical) out += quote(info.levels[static_cast<std::size_t>(v)]);
        else append_shortest(out, v);
      }
      out += ',';
    }
    if (data.is_classification()) out += quote(data.schema.class_names[static_cast<std::size_t>(data.labels[i])]);
    else append_shortest(out, data.targets[i]);
    out += '\n';
  }
  write_file_atomically(path, out);
  if (sidecar_path.empty()) return;
  nlohmann::json side;
  side["name"] = data.provenance.name;
  side["task"] = to_string(data.schema.task);
  side["target"] = data.schema.target_name;
  side["n_rows"] = data.rows;
  side["n_features"] = data.n_features();
  side["n_classes"] = data.is_classification() ? nlohmann::json(data.n_classes()) : nlohmann::json(nullptr);
  nlohmann::json categorical = nlohmann::json::array();
  for (const auto& f : data.schema.features)
    if (f.categorical) categorical.push_back(f.name);
  side["categorical_features"] = categorical;
  side["missing_values"] = data.missing_total();
  side["source"] = data.provenance.source;
  side["origin"] = data.provenance.origin;
  side["license"] = data.provenance.license;
  try {
    write_file_atomically(sidecar_path, side.dump(2) + "\n");
  } catch (...) {
    // A CSV without its sidecar would be read differently: leave neither.
    std::error_code ec;
    std::filesystem::remove(path, ec);
    throw;
  }
}

}  // namespace prunekit
