#include "prunekit/data/csv.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include "core/number_format.hpp"
#include "data/level_coding.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/data/limits.hpp"

namespace prunekit {
namespace {

enum class ColumnKind { numeric, categorical };

/// Exact powers of ten representable in a double.
constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/// Parses a plain decimal number (`-12.5`, `3`, `1.5e-3`) at [p, end) when the result is
/// certainly the correctly rounded float (Clinger's fast path: a mantissa below 2^53 and a
/// power of ten below 10^23 give one correctly rounded double operation; the double is then
/// rounded to float unless it lies exactly halfway between two floats). Returns the end of the
/// number, or nullptr when the caller must use std::from_chars instead.
inline const char* parse_float_fast(const char* p, const char* end, float& value) noexcept {
  bool negative = false;
  if (p < end && (*p == '-' || *p == '+')) {
    negative = *p == '-';
    ++p;
  }
  std::uint64_t mantissa = 0;
  int digits = 0;
  const char* start = p;
  while (p < end && static_cast<unsigned char>(*p - '0') < 10) {
    mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
    ++p;
  }
  digits = static_cast<int>(p - start);
  int exponent = 0;
  if (p < end && *p == '.') {
    ++p;
    const char* frac = p;
    while (p < end && static_cast<unsigned char>(*p - '0') < 10) {
      mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
      ++p;
    }
    exponent = -static_cast<int>(p - frac);
    digits += static_cast<int>(p - frac);
  }
  if (digits == 0 || digits > 19) return nullptr;
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    bool negative_exponent = false;
    if (p < end && (*p == '-' || *p == '+')) {
      negative_exponent = *p == '-';
      ++p;
    }
    const char* exp_start = p;
    int e = 0;
    while (p < end && static_cast<unsigned char>(*p - '0') < 10 && p - exp_start < 4) {
      e = e * 10 + (*p - '0');
      ++p;
    }
    if (p == exp_start || (p < end && static_cast<unsigned char>(*p - '0') < 10)) return nullptr;
    exponent += negative_exponent ? -e : e;
  }
  if (mantissa > (std::uint64_t{1} << 53) || exponent < -22 || exponent > 22) return nullptr;
  double d = static_cast<double>(mantissa);
  d = exponent >= 0 ? d * kPow10[exponent] : d / kPow10[-exponent];
  // Halfway between two floats: double rounding could differ from direct rounding.
  if ((std::bit_cast<std::uint64_t>(d) & 0x1FFFFFFFU) == 0x10000000U) return nullptr;
  value = static_cast<float>(negative ? -d : d);
  return p;
}

/// Walks a CSV text field by field without copying: numbers are parsed with std::from_chars
/// straight from the buffer; only a quoted field is unquoted (into a scratch string). Tracks
/// line and column for errors. Quoted fields follow RFC 4180 (a doubled quote inside quotes is
/// a literal quote); blanks and tabs around a field are ignored; CRLF line ends are accepted.
class CsvCursor {
 public:
  CsvCursor(std::string_view text, const std::string& file, char delimiter)
      : begin_(text.data()),
        end_(text.data() + text.size()),
        p_(begin_),
        file_(file),
        delimiter_(delimiter) {
    if (text.size() >= 3 && std::memcmp(begin_, "\xEF\xBB\xBF", 3) == 0) p_ += 3;
  }

  /// Skips blank lines and starts the next record; false at the end of the text.
  bool next_record() {
    while (p_ < end_ && (*p_ == '\n' || *p_ == '\r')) {
      if (*p_ == '\n') ++line_;
      ++p_;
    }
    if (p_ >= end_) return false;
    line_start_ = p_;
    record_line_ = line_;
    return true;
  }
  [[nodiscard]] std::size_t record_line() const noexcept { return record_line_; }
  /// 1-based column of the current field's first character.
  [[nodiscard]] std::size_t field_column() const noexcept {
    return static_cast<std::size_t>(field_start_ - line_start_) + 1;
  }

  /// Reads the current field as a float. Returns true for a finite number (stored in `value`)
  /// or an empty field, quoted or not (`empty` set); false for anything else, whose text is
  /// then `text()`.
  bool read_number(float& value, bool& empty) {
    skip_blanks();
    field_start_ = p_;
    empty = false;
    if (p_ < end_ && *p_ != '"') {
      const char* r = parse_float_fast(p_, end_, value);
      out_of_range_ = false;
      if (r == nullptr) {
        const char* after = nullptr;
        const NumberStatus status = read_number_prefix(p_, end_, value, after);
        if (status == NumberStatus::ok) r = after;
        if (status == NumberStatus::out_of_range) {
          const char* e = after;
          while (e < end_ && (*e == ' ' || *e == '\t')) ++e;
          out_of_range_ = at_field_end(e);
        }
      }
      if (r != nullptr) {
        while (r < end_ && (*r == ' ' || *r == '\t')) ++r;
        if (at_field_end(r)) {
          p_ = r;
          return true;
        }
      }
    }
    text_ = read_text_here();
    if (text_.empty()) {
      empty = true;
      return true;
    }
    if (!quoted_) return false;
    const NumberStatus status = read_whole_number(text_, value);
    out_of_range_ = status == NumberStatus::out_of_range;
    return status == NumberStatus::ok;
  }
  /// After read_number returned false: the field is a number outside the float range.
  [[nodiscard]] bool out_of_range() const noexcept { return out_of_range_; }

  /// Reads the current field as text (trimmed; unquoted when quoted).
  std::string_view read_text() {
    skip_blanks();
    field_start_ = p_;
    text_ = read_text_here();
    return text_;
  }
  [[nodiscard]] std::string_view text() const noexcept { return text_; }

  /// Skips the current field.
  void skip_field() {
    skip_blanks();
    field_start_ = p_;
    if (p_ < end_ && *p_ == '"') {
      (void)read_text_here();
      return;
    }
    while (p_ < end_ && *p_ != delimiter_ && *p_ != '\n') ++p_;
  }

  /// After a field: true when a delimiter follows (another field), false at the end of the
  /// record (the line end is consumed).
  bool next_field() {
    if (p_ < end_ && *p_ == delimiter_) {
      ++p_;
      return true;
    }
    if (p_ < end_ && *p_ == '\r') ++p_;
    if (p_ < end_ && *p_ == '\n') {
      ++p_;
      ++line_;
    }
    return false;
  }

 private:
  void skip_blanks() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t')) ++p_;
  }
  [[nodiscard]] bool at_field_end(const char* r) const noexcept {
    return r == end_ || *r == delimiter_ || *r == '\n' ||
           (*r == '\r' && (r + 1 == end_ || r[1] == '\n'));
  }

  /// The field starting at p_ (blanks skipped), leaving p_ at its delimiter or line end.
  std::string_view read_text_here() {
    quoted_ = p_ < end_ && *p_ == '"';
    if (!quoted_) {
      const char* start = p_;
      while (p_ < end_ && *p_ != delimiter_ && *p_ != '\n') ++p_;
      const char* stop = p_;
      while (stop > start && (stop[-1] == ' ' || stop[-1] == '\t' || stop[-1] == '\r')) --stop;
      return {start, static_cast<std::size_t>(stop - start)};
    }
    const std::size_t open_column = field_column();
    ++p_;
    scratch_.clear();
    while (true) {
      if (p_ >= end_)
        throw DataError(file_, record_line_, open_column, "unterminated quoted field");
      const char c = *p_++;
      if (c == '"') {
        if (p_ < end_ && *p_ == '"') {
          scratch_.push_back('"');
          ++p_;
          continue;
        }
        break;
      }
      if (c == '\n') ++line_;
      scratch_.push_back(c);
    }
    skip_blanks();
    if (p_ < end_ && *p_ == '\r' && (p_ + 1 == end_ || p_[1] == '\n')) {
      // the line end follows
    } else if (p_ < end_ && *p_ != delimiter_ && *p_ != '\n') {
      throw DataError(file_, record_line_, static_cast<std::size_t>(p_ - line_start_) + 1,
                      "unexpected character after closing quote");
    }
    std::string_view value = scratch_;  // blanks inside the quotes are ignored too
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    return value;
  }

  const char* begin_;
  const char* end_;
  const char* p_;
  const char* line_start_ = nullptr;
  const char* field_start_ = nullptr;
  const std::string& file_;
  char delimiter_;
  std::size_t line_ = 1;
  std::size_t record_line_ = 1;
  std::string scratch_;
  std::string_view text_;
  bool quoted_ = false;
  bool out_of_range_ = false;
};

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

/// A sidecar is an object with known keys only: any other JSON file named like the CSV (an
/// experiment config, say) is refused rather than silently read as one.
void check_sidecar_keys(const Sidecar& s, const std::string& csv_path) {
  static const std::vector<std::string> kKeys = {
      "name",   "task",       "target",    "categorical_features",
      "n_rows", "n_features", "n_classes", "missing_values",
      "source", "origin",     "license"};
  const std::string role = "the sidecar of " + csv_path;
  if (!s.json.is_object()) throw DataError(s.path, "expected a JSON object (read as " + role + ")");
  for (const auto& [key, value] : s.json.items())
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
      std::string valid;
      for (const auto& k : kKeys) valid += (valid.empty() ? "" : ", ") + k;
      throw DataError(
          s.path, "/" + key + ": unknown key in " + role + " (valid: " + valid +
                      "); a JSON file named like a CSV is read as its sidecar: rename or move it");
    }
}

/// An integer-valued target with at most this many distinct values is taken as class labels.
constexpr std::size_t kMaxInferredClasses = 20;

}  // namespace

Dataset read_csv(const std::string& path, const CsvOptions& options) {
  const std::string text = read_file(path);
  CsvCursor cursor(text, path, options.delimiter);
  if (!cursor.next_record()) throw DataError(path, 1, 0, "empty file, expected a header row");

  std::vector<std::string> header;
  std::vector<std::size_t> header_columns;
  do {
    header.emplace_back(cursor.read_text());
    header_columns.push_back(cursor.field_column());
  } while (cursor.next_field());
  const std::size_t header_line = cursor.record_line();
  const std::size_t n_columns = header.size();
  if (n_columns > kMaxColumns)
    throw DataError(path, header_line, 1,
                    std::to_string(n_columns) + " columns, more than the limit of " +
                        std::to_string(kMaxColumns));
  std::unordered_set<std::string_view> seen_names;
  for (std::size_t j = 0; j < n_columns; ++j) {
    if (header[j].empty())
      throw DataError(path, header_line, header_columns[j],
                      "empty column name in header (column " + std::to_string(j + 1) + ")");
    if (!seen_names.insert(header[j]).second)
      throw DataError(path, header_line, header_columns[j],
                      "duplicate column name '" + header[j] + "'");
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
    check_sidecar_keys(*sidecar, path);
    if (auto t = sidecar_string(*sidecar, "target"); !t.empty()) target_name = t;
    if (auto n = sidecar_string(*sidecar, "name"); !n.empty()) data.provenance.name = n;
    data.provenance.source = sidecar_string(*sidecar, "source");
    data.provenance.origin = sidecar_string(*sidecar, "origin");
    data.provenance.license = sidecar_string(*sidecar, "license");
    const std::string task_text = sidecar_string(*sidecar, "task");
    if (task_text == "classification")
      task = Task::classification;
    else if (task_text == "regression")
      task = Task::regression;
    else if (!task_text.empty())
      throw DataError(
          sidecar->path,
          "\"task\" must be \"classification\" or \"regression\", got \"" + task_text + "\"");
    if (auto it = sidecar->json.find("categorical_features"); it != sidecar->json.end()) {
      if (!it->is_array())
        throw DataError(sidecar->path, "\"categorical_features\" must be an array");
      for (const auto& name : *it) {
        if (!name.is_string())
          throw DataError(sidecar->path, "\"categorical_features\" must hold column names");
        const auto n = name.get<std::string>();
        if (!seen_names.contains(n))
          throw DataError(sidecar->path,
                          "categorical feature '" + n + "' is not a column of " + path);
        categorical_names.push_back(n);
      }
    }
  }
  if (n_columns < 2)
    throw DataError(path, 1, 0,
                    "header has " + std::to_string(n_columns) +
                        " column(s), expected at least one feature and a target");
  if (target_name.empty()) target_name = header.back();
  const auto target_it = std::find(header.begin(), header.end(), target_name);
  if (target_it == header.end())
    throw DataError(sidecar ? sidecar->path : path, sidecar ? 0 : 1, 0,
                    "target column '" + target_name + "' does not exist in " + path);
  const std::size_t target_column = static_cast<std::size_t>(target_it - header.begin());

  // Column kinds: from the sidecar; without one, every column starts numeric and becomes
  // categorical at its first non-empty field that is not a number.
  std::vector<ColumnPlan> plan(n_columns);
  std::size_t feature_index = 0;
  const std::unordered_set<std::string> categorical(categorical_names.begin(),
                                                    categorical_names.end());
  for (std::size_t j = 0; j < n_columns; ++j) {
    plan[j].name = header[j];
    plan[j].is_target = j == target_column;
    if (sidecar && categorical.contains(header[j])) plan[j].kind = ColumnKind::categorical;
    if (!plan[j].is_target) plan[j].feature_index = feature_index++;
  }
  const bool infer = !sidecar;
  // The target is read as text and as a number, so that the task can be decided afterwards.
  const bool target_as_labels = task && *task == Task::classification;
  const bool target_as_numbers = !task || *task == Task::regression;
  if (target_as_labels) plan[target_column].kind = ColumnKind::categorical;

  // The matrix is column-major with room for every line after the header (an upper bound on
  // the records), compacted at the end. Rows are parsed into a small row-major block that is
  // transposed into the matrix when full: writing each value straight to its column would
  // touch one page per feature for every row.
  const std::size_t n_features = n_columns - 1;
  const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) +
                            (!text.empty() && text.back() != '\n' ? 1 : 0);
  const std::size_t capacity = std::max<std::size_t>(lines, 2) - 1;
  std::vector<float> matrix(capacity * n_features);
  constexpr std::size_t kBlockRows = 64;
  std::vector<float> block(kBlockRows * n_features);
  std::size_t block_start = 0;  // first row held in `block`
  const auto flush_block = [&](std::size_t end_row) {
    if (end_row > capacity) throw DataError(path, "internal error: more records than lines");
    const std::size_t count = end_row - block_start;
    for (std::size_t f = 0; f < n_features; ++f) {
      float* dst = matrix.data() + f * capacity + block_start;
      for (std::size_t r = 0; r < count; ++r) dst[r] = block[r * n_features + f];
    }
    block_start = end_row;
  };
  std::vector<LevelCoder> coders(n_columns);
  std::vector<bool> reread(n_columns, false);  // inferred categorical: second pass
  std::vector<std::int32_t> target_codes;
  std::vector<double> target_numbers;
  bool target_numeric = true;
  bool target_integral = true;
  std::vector<double> distinct_targets;

  std::size_t rows = 0;
  while (cursor.next_record()) {
    const std::size_t line = cursor.record_line();
    std::size_t j = 0;
    bool more = true;
    for (; more; ++j) {
      if (j >= n_columns) {
        // Count the remaining fields for the message.
        while (more) {
          cursor.skip_field();
          more = cursor.next_field();
          ++j;
        }
        break;
      }
      const ColumnPlan& c = plan[j];
      if (c.is_target) {
        const std::string_view f = cursor.read_text();
        if (f.empty())
          throw DataError(path, line, cursor.field_column(),
                          "missing target value in column '" + c.name + "'");
        if (!target_as_numbers) {
          target_codes.push_back(coders[j].code(f));
        } else {
          double v = 0.0;
          const NumberStatus status = read_whole_number(f, v);
          const bool number = status == NumberStatus::ok;
          if (!task) target_codes.push_back(coders[j].code(f));
          if (!number) {
            if (task)  // regression
              throw DataError(path, line, cursor.field_column(),
                              "column '" + c.name + "': " +
                                  (status == NumberStatus::out_of_range
                                       ? out_of_range_message<double>(f)
                                       : "expected a number, got '" + std::string(f) + "'") +
                                  (sidecar && !options.task ? " (the sidecar " + sidecar->path +
                                                                  " declares the task regression)"
                                                            : std::string()));
            target_numeric = false;
          } else if (!task && target_integral) {
            if (v != std::floor(v))
              target_integral = false;
            else if (distinct_targets.size() <= kMaxInferredClasses &&
                     std::find(distinct_targets.begin(), distinct_targets.end(), v) ==
                         distinct_targets.end())
              distinct_targets.push_back(v);
          }
          target_numbers.push_back(v);
        }
        more = cursor.next_field();
        continue;
      }
      float* out = block.data() + (rows - block_start) * n_features + c.feature_index;
      if (c.kind == ColumnKind::categorical) {
        const std::string_view f = cursor.read_text();
        *out = f.empty() ? kMissing : static_cast<float>(coders[j].code(f));
      } else if (reread[j]) {
        cursor.skip_field();
      } else {
        float v = 0.0f;
        bool empty = false;
        if (cursor.read_number(v, empty)) {
          *out = empty ? kMissing : v;
        } else if (cursor.out_of_range()) {
          throw DataError(path, line, cursor.field_column(),
                          "column '" + c.name + "': " + out_of_range_message<float>(cursor.text()));
        } else if (infer) {
          reread[j] = true;  // not numeric after all: read as text in a second pass
        } else {
          throw DataError(path, line, cursor.field_column(),
                          "column '" + c.name + "': expected a number, got '" +
                              std::string(cursor.text()) + "' (the sidecar " + sidecar->path +
                              " declares it numeric: it is not in \"categorical_features\")");
        }
      }
      more = cursor.next_field();
    }
    if (j != n_columns)
      throw DataError(
          path, line, 0,
          "row has " + std::to_string(j) + " fields, the header has " + std::to_string(n_columns));
    ++rows;
    if (rows - block_start == kBlockRows) flush_block(rows);
  }
  flush_block(rows);
  if (rows == 0) throw DataError(path, 2, 0, "header without data rows");

  // Columns found not to be numeric are read again, as text.
  if (std::find(reread.begin(), reread.end(), true) != reread.end()) {
    CsvCursor again(text, path, options.delimiter);
    (void)again.next_record();  // the header
    do again.skip_field();
    while (again.next_field());
    std::size_t i = 0;
    while (again.next_record()) {
      std::size_t j = 0;
      do {
        if (reread[j]) {
          plan[j].kind = ColumnKind::categorical;
          const std::string_view f = again.read_text();
          matrix[plan[j].feature_index * capacity + i] =
              f.empty() ? kMissing : static_cast<float>(coders[j].code(f));
        } else {
          again.skip_field();
        }
        ++j;
      } while (again.next_field());
      ++i;
    }
  }

  if (!task) {
    // Without a sidecar or --task: text labels, or a few distinct integers, are classes;
    // any other numeric target is a regression target. `inspect` reports the choice.
    task = !target_numeric || (target_integral && distinct_targets.size() <= kMaxInferredClasses)
               ? Task::classification
               : Task::regression;
  }
  if (*task == Task::classification) plan[target_column].kind = ColumnKind::categorical;

  // Sidecar counts must agree with the file.
  if (sidecar) {
    auto check_count = [&](const char* key, std::size_t actual) {
      auto it = sidecar->json.find(key);
      if (it == sidecar->json.end() || it->is_null()) return;
      if (!it->is_number_integer() || it->get<long long>() != static_cast<long long>(actual))
        throw DataError(sidecar->path, std::string("\"") + key + "\" is " + it->dump() + " but " +
                                           path + " has " + std::to_string(actual));
    };
    check_count("n_rows", rows);
    check_count("n_features", n_features);
    if (*task == Task::classification) check_count("n_classes", coders[target_column].size());
  }

  data.rows = rows;
  data.schema.task = *task;
  data.schema.target_name = target_name;
  data.schema.features.resize(n_features);
  // Compact the columns (capacity -> rows) and renumber levels in sorted order.
  for (std::size_t j = 0; j < n_columns; ++j) {
    if (plan[j].is_target) continue;
    const std::size_t f = plan[j].feature_index;
    FeatureInfo& info = data.schema.features[f];
    info.name = plan[j].name;
    info.categorical = plan[j].kind == ColumnKind::categorical;
    float* dst = matrix.data() + f * rows;
    const float* src = matrix.data() + f * capacity;
    if (dst != src) std::memmove(dst, src, rows * sizeof(float));
    if (info.categorical) {
      info.levels = coders[j].sorted_levels();
      const auto remap = coders[j].sorted_remap();
      for (std::size_t i = 0; i < rows; ++i)
        if (!std::isnan(dst[i]))
          dst[i] = static_cast<float>(remap[static_cast<std::size_t>(dst[i])]);
    }
  }
  matrix.resize(rows * n_features);
  matrix.shrink_to_fit();
  data.features = std::move(matrix);
  if (*task == Task::classification) {
    data.schema.class_names = coders[target_column].sorted_levels();
    const auto remap = coders[target_column].sorted_remap();
    data.labels.resize(rows);
    for (std::size_t i = 0; i < rows; ++i)
      data.labels[i] = remap[static_cast<std::size_t>(target_codes[i])];
  } else {
    data.targets = std::move(target_numbers);
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
        if (info.categorical)
          out += quote(info.levels[static_cast<std::size_t>(v)]);
        else
          append_shortest(out, v);
      }
      out += ',';
    }
    if (data.is_classification())
      out += quote(data.schema.class_names[static_cast<std::size_t>(data.labels[i])]);
    else
      append_shortest(out, data.targets[i]);
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
  side["n_classes"] =
      data.is_classification() ? nlohmann::json(data.n_classes()) : nlohmann::json(nullptr);
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
