#include "prunekit/data/csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <unordered_set>

#include "core/csv_field.hpp"
#include "core/number_format.hpp"
#include "data/csv_cursor.hpp"
#include "data/csv_sidecar.hpp"
#include "data/level_coding.hpp"
#include "data/target_inference.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/data/limits.hpp"

namespace prunekit {
namespace {

enum class ColumnKind { numeric, categorical };

struct ColumnPlan {
  std::string name;
  ColumnKind kind = ColumnKind::numeric;
  bool is_target = false;
  std::size_t feature_index = 0;
};

/// The feature matrix while it fills: column-major with room for `capacity` rows (an upper
/// bound on the records), compacted at the end. Rows are parsed into a small row-major block
/// that is transposed into the matrix when full: writing each value straight to its column
/// would touch one page per feature for every row.
class FeatureColumns {
 public:
  FeatureColumns(std::size_t capacity, std::size_t n_features, const std::string& path)
      : capacity_(capacity),
        n_features_(n_features),
        matrix_(capacity * n_features),
        block_(kBlockRows * n_features),
        path_(path) {}

  /// Where feature `feature` of row `row` (a row after the last flush) is parsed to.
  [[nodiscard]] float* slot(std::size_t row, std::size_t feature) noexcept {
    return block_.data() + (row - block_start_) * n_features_ + feature;
  }
  /// After `rows` rows are complete: transposes the block into the matrix when it is full.
  void rows_done(std::size_t rows) {
    if (rows - block_start_ == kBlockRows) flush(rows);
  }
  /// Transposes the rows from the last flush to `end_row` into the matrix.
  void flush(std::size_t end_row) {
    if (end_row > capacity_) throw DataError(path_, "internal error: more records than lines");
    const std::size_t count = end_row - block_start_;
    for (std::size_t f = 0; f < n_features_; ++f) {
      float* dst = matrix_.data() + f * capacity_ + block_start_;
      for (std::size_t r = 0; r < count; ++r) dst[r] = block_[r * n_features_ + f];
    }
    block_start_ = end_row;
  }
  /// The value of a flushed row.
  [[nodiscard]] float& at(std::size_t row, std::size_t feature) noexcept {
    return matrix_[feature * capacity_ + row];
  }
  /// The matrix of `rows` rows, its columns moved together (capacity -> rows).
  [[nodiscard]] std::vector<float> take_compacted(std::size_t rows) {
    for (std::size_t f = 0; f < n_features_; ++f) {
      float* dst = matrix_.data() + f * rows;
      const float* src = matrix_.data() + f * capacity_;
      if (dst != src) std::memmove(dst, src, rows * sizeof(float));
    }
    matrix_.resize(rows * n_features_);
    matrix_.shrink_to_fit();
    return std::move(matrix_);
  }

 private:
  static constexpr std::size_t kBlockRows = 64;
  std::size_t capacity_;
  std::size_t n_features_;
  std::vector<float> matrix_;
  std::vector<float> block_;
  std::size_t block_start_ = 0;  // first row held in `block_`
  const std::string& path_;
};

/// An upper bound on the records after the header: the lines of `text` but one.
std::size_t record_capacity(const std::string& text) {
  const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) +
                            (!text.empty() && text.back() != '\n' ? 1 : 0);
  return std::max<std::size_t>(lines, 2) - 1;
}

/// Reads one CSV file: the header, the sidecar, the rows (one pass, and a second one for the
/// columns found not to be numeric), then the task and the dataset.
class CsvReader {
 public:
  CsvReader(const std::string& path, const CsvOptions& options)
      : path_(path),
        options_(options),
        text_(read_file(path)),
        cursor_(text_, path, options.delimiter),
        task_(options.task) {}

  Dataset read() {
    read_header();
    read_sidecar();
    plan_columns();
    read_rows();
    reread_text_columns();
    decide_task();
    if (sidecar_) check_sidecar_counts(*sidecar_, path_, {rows_, n_features_, class_count()});
    return make_dataset();
  }

 private:
  void read_header();
  void read_sidecar();
  void plan_columns();
  void read_rows();
  void read_row();
  void read_target_cell(const ColumnPlan& c, std::size_t j, std::size_t line);
  void read_target_number(const ColumnPlan& c, std::size_t j, std::size_t line, std::string_view f);
  void read_feature_cell(const ColumnPlan& c, std::size_t j, std::size_t line);
  void reread_text_columns();
  void decide_task();
  [[nodiscard]] std::optional<std::size_t> class_count() const;
  [[nodiscard]] Dataset make_dataset();
  void fill_features(Dataset& data);
  void fill_target(Dataset& data);

  const std::string& path_;
  const CsvOptions& options_;
  const std::string text_;
  CsvCursor cursor_;
  std::optional<Task> task_;

  std::vector<std::string> header_;
  std::unordered_set<std::string_view> header_names_;  // views into header_
  std::size_t n_columns_ = 0;
  std::size_t n_features_ = 0;
  std::optional<CsvSidecar> sidecar_;
  SidecarDeclarations declared_;
  std::string target_name_;
  std::size_t target_column_ = 0;
  std::vector<ColumnPlan> plan_;
  bool target_as_numbers_ = true;

  std::optional<FeatureColumns> columns_;
  std::size_t rows_ = 0;
  std::vector<LevelCoder> coders_;
  std::vector<bool> reread_;  // inferred categorical: second pass
  std::vector<std::int32_t> target_codes_;
  std::vector<double> target_numbers_;
  bool target_numeric_ = true;
  ClassLabelGuess target_guess_;
};

void CsvReader::read_header() {
  if (!cursor_.next_record()) throw DataError(path_, 1, 0, "empty file, expected a header row");
  std::vector<std::size_t> header_columns;
  do {
    header_.emplace_back(cursor_.read_text());
    header_columns.push_back(cursor_.field_column());
  } while (cursor_.next_field());
  const std::size_t header_line = cursor_.record_line();
  n_columns_ = header_.size();
  if (n_columns_ > kMaxColumns)
    throw DataError(path_, header_line, 1,
                    std::to_string(n_columns_) + " columns, more than the limit of " +
                        std::to_string(kMaxColumns));
  for (std::size_t j = 0; j < n_columns_; ++j) {
    if (header_[j].empty())
      throw DataError(path_, header_line, header_columns[j],
                      "empty column name in header (column " + std::to_string(j + 1) + ")");
    if (!header_names_.insert(header_[j]).second)
      throw DataError(path_, header_line, header_columns[j],
                      "duplicate column name '" + header_[j] + "'");
  }
}

/// Which file describes the columns, and what it declares.
void CsvReader::read_sidecar() {
  target_name_ = options_.target;
  sidecar_ = find_csv_sidecar(path_, options_.sidecar);
  if (!sidecar_) return;
  declared_ = read_sidecar_declarations(*sidecar_, path_, header_names_);
  if (!declared_.target.empty()) target_name_ = declared_.target;
  if (declared_.task) task_ = declared_.task;
}

/// Column kinds: from the sidecar; without one, every column starts numeric and becomes
/// categorical at its first non-empty field that is not a number.
void CsvReader::plan_columns() {
  if (n_columns_ < 2)
    throw DataError(path_, 1, 0,
                    "header has " + std::to_string(n_columns_) +
                        " column(s), expected at least one feature and a target");
  if (target_name_.empty()) target_name_ = header_.back();
  const auto target_it = std::find(header_.begin(), header_.end(), target_name_);
  if (target_it == header_.end())
    throw DataError(sidecar_ ? sidecar_->path : path_, sidecar_ ? 0 : 1, 0,
                    "target column '" + target_name_ + "' does not exist in " + path_);
  target_column_ = static_cast<std::size_t>(target_it - header_.begin());

  plan_.resize(n_columns_);
  std::size_t feature_index = 0;
  const std::unordered_set<std::string> categorical(declared_.categorical_features.begin(),
                                                    declared_.categorical_features.end());
  for (std::size_t j = 0; j < n_columns_; ++j) {
    plan_[j].name = header_[j];
    plan_[j].is_target = j == target_column_;
    if (sidecar_ && categorical.contains(header_[j])) plan_[j].kind = ColumnKind::categorical;
    if (!plan_[j].is_target) plan_[j].feature_index = feature_index++;
  }
  // The target is read as text and as a number, so that the task can be decided afterwards.
  target_as_numbers_ = !task_ || *task_ == Task::regression;
  if (task_ && *task_ == Task::classification) plan_[target_column_].kind = ColumnKind::categorical;
}

void CsvReader::read_rows() {
  n_features_ = n_columns_ - 1;
  columns_.emplace(record_capacity(text_), n_features_, path_);
  coders_.resize(n_columns_);
  reread_.assign(n_columns_, false);
  while (cursor_.next_record()) {
    read_row();
    ++rows_;
    columns_->rows_done(rows_);
  }
  columns_->flush(rows_);
  if (rows_ == 0) throw DataError(path_, 2, 0, "header without data rows");
}

void CsvReader::read_row() {
  const std::size_t line = cursor_.record_line();
  std::size_t j = 0;
  bool more = true;
  for (; more && j < n_columns_; ++j) {
    const ColumnPlan& c = plan_[j];
    if (c.is_target)
      read_target_cell(c, j, line);
    else
      read_feature_cell(c, j, line);
    more = cursor_.next_field();
  }
  for (; more; ++j) {  // count the fields beyond the header's, for the message
    cursor_.skip_field();
    more = cursor_.next_field();
  }
  if (j != n_columns_)
    throw DataError(
        path_, line, 0,
        "row has " + std::to_string(j) + " fields, the header has " + std::to_string(n_columns_));
}

void CsvReader::read_target_cell(const ColumnPlan& c, std::size_t j, std::size_t line) {
  const std::string_view f = cursor_.read_text();
  if (f.empty())
    throw DataError(path_, line, cursor_.field_column(),
                    "missing target value in column '" + c.name + "'");
  if (!target_as_numbers_)
    target_codes_.push_back(coders_[j].code(f));
  else
    read_target_number(c, j, line, f);
}

/// A target read as a number (regression, or a task still to be decided: then also as text).
void CsvReader::read_target_number(const ColumnPlan& c, std::size_t j, std::size_t line,
                                   std::string_view f) {
  double v = 0.0;
  const NumberStatus status = read_whole_number(f, v);
  if (!task_) target_codes_.push_back(coders_[j].code(f));
  if (status != NumberStatus::ok) {
    if (task_)  // regression
      throw DataError(path_, line, cursor_.field_column(),
                      "column '" + c.name + "': " +
                          (status == NumberStatus::out_of_range
                               ? out_of_range_message<double>(f)
                               : "expected a number, got '" + std::string(f) + "'") +
                          (sidecar_ && !options_.task ? " (the sidecar " + sidecar_->path +
                                                            " declares the task regression)"
                                                      : std::string()));
    target_numeric_ = false;
  } else if (!task_) {
    target_guess_.add(v);
  }
  target_numbers_.push_back(v);
}

void CsvReader::read_feature_cell(const ColumnPlan& c, std::size_t j, std::size_t line) {
  float* out = columns_->slot(rows_, c.feature_index);
  if (c.kind == ColumnKind::categorical) {
    const std::string_view f = cursor_.read_text();
    *out = f.empty() ? kMissing : static_cast<float>(coders_[j].code(f));
    return;
  }
  if (reread_[j]) {
    cursor_.skip_field();
    return;
  }
  float v = 0.0f;
  bool empty = false;
  if (cursor_.read_number(v, empty)) {
    *out = empty ? kMissing : v;
  } else if (cursor_.out_of_range()) {
    throw DataError(path_, line, cursor_.field_column(),
                    "column '" + c.name + "': " + out_of_range_message<float>(cursor_.text()));
  } else if (!sidecar_) {
    reread_[j] = true;  // not numeric after all: read as text in a second pass
  } else {
    throw DataError(path_, line, cursor_.field_column(),
                    "column '" + c.name + "': expected a number, got '" +
                        std::string(cursor_.text()) + "' (the sidecar " + sidecar_->path +
                        " declares it numeric: it is not in \"categorical_features\")");
  }
}

/// Columns found not to be numeric are read again, as text.
void CsvReader::reread_text_columns() {
  if (std::find(reread_.begin(), reread_.end(), true) == reread_.end()) return;
  CsvCursor again(text_, path_, options_.delimiter);
  (void)again.next_record();  // the header
  do again.skip_field();
  while (again.next_field());
  std::size_t i = 0;
  while (again.next_record()) {
    std::size_t j = 0;
    do {
      if (reread_[j]) {
        plan_[j].kind = ColumnKind::categorical;
        const std::string_view f = again.read_text();
        columns_->at(i, plan_[j].feature_index) =
            f.empty() ? kMissing : static_cast<float>(coders_[j].code(f));
      } else {
        again.skip_field();
      }
      ++j;
    } while (again.next_field());
    ++i;
  }
}

/// Without a sidecar or --task: text labels, or a few distinct integers, are classes; any other
/// numeric target is a regression target. `inspect` reports the choice.
void CsvReader::decide_task() {
  if (!task_)
    task_ = !target_numeric_ || target_guess_.looks_like_classes() ? Task::classification
                                                                   : Task::regression;
  if (*task_ == Task::classification) plan_[target_column_].kind = ColumnKind::categorical;
}

std::optional<std::size_t> CsvReader::class_count() const {
  if (*task_ != Task::classification) return std::nullopt;
  return coders_[target_column_].size();
}

Dataset CsvReader::make_dataset() {
  Dataset data;
  data.provenance.path = path_;
  data.provenance.name =
      declared_.name.empty() ? std::filesystem::path(path_).stem().string() : declared_.name;
  data.provenance.source = declared_.source;
  data.provenance.origin = declared_.origin;
  data.provenance.license = declared_.license;
  data.rows = rows_;
  data.schema.task = *task_;
  data.schema.target_name = target_name_;
  fill_features(data);
  fill_target(data);
  return data;
}

/// The compacted matrix, with categorical levels renumbered in sorted order.
void CsvReader::fill_features(Dataset& data) {
  data.features = columns_->take_compacted(rows_);
  data.schema.features.resize(n_features_);
  for (std::size_t j = 0; j < n_columns_; ++j) {
    if (plan_[j].is_target) continue;
    const std::size_t f = plan_[j].feature_index;
    FeatureInfo& info = data.schema.features[f];
    info.name = plan_[j].name;
    info.categorical = plan_[j].kind == ColumnKind::categorical;
    if (!info.categorical) continue;
    info.levels = coders_[j].sorted_levels();
    const auto remap = coders_[j].sorted_remap();
    float* column = data.features.data() + f * rows_;
    for (std::size_t i = 0; i < rows_; ++i)
      if (!std::isnan(column[i]))
        column[i] = static_cast<float>(remap[static_cast<std::size_t>(column[i])]);
  }
}

void CsvReader::fill_target(Dataset& data) {
  if (*task_ != Task::classification) {
    data.targets = std::move(target_numbers_);
    return;
  }
  data.schema.class_names = coders_[target_column_].sorted_levels();
  data.labels = coders_[target_column_].sorted_codes(target_codes_);
}

}  // namespace

Dataset read_csv(const std::string& path, const CsvOptions& options) {
  return CsvReader(path, options).read();
}

void write_csv(const Dataset& data, const std::string& path, const std::string& sidecar_path) {
  std::string out;
  out.reserve(data.rows * (data.n_features() + 1) * 8 + 256);
  const auto quote = [](const std::string& s) { return csv_field(s, ",\"\n\r"); };
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
  try {
    write_file_atomically(sidecar_path, sidecar_json(data).dump(2) + "\n");
  } catch (...) {
    // A CSV without its sidecar would be read differently: leave neither.
    std::error_code ec;
    std::filesystem::remove(path, ec);
    throw;
  }
}

}  // namespace prunekit
