#include "prunekit/data/arff.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <unordered_map>
#include <vector>

#include "core/number_format.hpp"
#include "data/arff_line_cursor.hpp"
#include "data/level_coding.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/data/limits.hpp"

namespace prunekit {
namespace {

struct Attribute {
  std::string name;
  bool nominal = false;
  std::vector<std::string> values;                      // declared order
  std::unordered_map<std::string, std::int32_t> index;  // value -> declared index
  std::size_t line = 0;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

/// Reads one ARFF file line by line: the header's declarations, then the data rows (dense or
/// sparse), then makes the dataset.
class ArffReader {
 public:
  ArffReader(const std::string& path, const ArffOptions& options)
      : path_(path), options_(options), text_(read_file(path)) {}

  Dataset read() {
    read_lines();
    check_complete();
    return make_dataset();
  }

 private:
  void read_lines();
  void read_declaration(ArffLineCursor& cur);
  void read_attribute(ArffLineCursor& cur);
  void read_nominal_values(ArffLineCursor& cur, Attribute& attr);
  void read_type_name(ArffLineCursor& cur, Attribute& attr, std::size_t type_column);
  void start_data(ArffLineCursor& cur, std::size_t keyword_column);
  [[nodiscard]] std::size_t find_target() const;
  void read_sparse_row(ArffLineCursor& cur);
  [[nodiscard]] std::size_t read_sparse_index(ArffLineCursor& cur, bool any,
                                              std::size_t last) const;
  void read_dense_row(ArffLineCursor& cur);
  void store(ArffLineCursor& cur, std::size_t a, const std::string& token, bool quoted,
             std::size_t column);
  [[nodiscard]] double read_numeric_value(ArffLineCursor& cur, std::size_t a,
                                          const std::string& token, std::size_t column) const;
  void check_complete() const;
  [[nodiscard]] Dataset make_dataset();
  void fill_features(Dataset& data) const;
  void fill_target(Dataset& data);

  const std::string& path_;
  const ArffOptions& options_;
  const std::string text_;
  std::vector<Attribute> attributes_;
  std::unordered_map<std::string, std::size_t> attribute_lines_;  // name -> line, for duplicates
  std::string relation_;
  bool in_data_ = false;
  // Values per attribute while reading: declared index for nominal, the number for numeric.
  std::vector<std::vector<double>> values_;
  std::size_t target_ = 0;
  std::size_t rows_ = 0;
  std::size_t line_number_ = 0;
  std::size_t data_line_ = 0;
};

void ArffReader::read_lines() {
  std::size_t begin = 0;
  while (begin < text_.size()) {
    std::size_t end = text_.find('\n', begin);
    if (end == std::string::npos) end = text_.size();
    std::string_view line(text_.data() + begin, end - begin);
    begin = end + 1;
    ++line_number_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ArffLineCursor cur(line, path_, line_number_);
    if (cur.at_end()) continue;
    if (!in_data_) {
      read_declaration(cur);
    } else {
      if (cur.accept('{'))
        read_sparse_row(cur);
      else
        read_dense_row(cur);
      ++rows_;
    }
  }
}

void ArffReader::read_declaration(ArffLineCursor& cur) {
  if (cur.peek() != '@')
    throw cur.error(cur.column(), "expected @relation, @attribute or @data before the data");
  const std::size_t keyword_column = cur.column();
  bool quoted = false;
  const std::string keyword = lower(cur.token("{", true, quoted));
  if (keyword == "@relation")
    relation_ = cur.token("", false, quoted);
  else if (keyword == "@attribute")
    read_attribute(cur);
  else if (keyword == "@data")
    start_data(cur, keyword_column);
  else
    throw cur.error(keyword_column, "unknown declaration '" + keyword +
                                        "' (expected @relation, @attribute or @data)");
}

void ArffReader::read_attribute(ArffLineCursor& cur) {
  Attribute attr;
  attr.line = line_number_;
  const std::size_t name_column = cur.column() + 1;
  bool quoted = false;
  attr.name = cur.token("{", true, quoted);
  if (attr.name.empty()) throw cur.error(name_column, "@attribute without a name");
  if (const auto other = attribute_lines_.find(attr.name); other != attribute_lines_.end())
    throw cur.error(name_column, "duplicate attribute '" + attr.name + "' (first on line " +
                                     std::to_string(other->second) + ")");
  if (attributes_.size() >= kMaxColumns)
    throw cur.error(name_column, "more than " + std::to_string(kMaxColumns) +
                                     " attributes (the limit, docs/datasets.md)");
  cur.skip_space();
  const std::size_t type_column = cur.column();
  if (cur.accept('{'))
    read_nominal_values(cur, attr);
  else
    read_type_name(cur, attr, type_column);
  if (!cur.at_end())
    throw cur.error(cur.column(),
                    "unexpected text after the type of attribute '" + attr.name + "'");
  attribute_lines_.emplace(attr.name, attr.line);
  attributes_.push_back(std::move(attr));
}

/// A nominal type `{a, b, ...}` after its opening brace.
void ArffReader::read_nominal_values(ArffLineCursor& cur, Attribute& attr) {
  attr.nominal = true;
  if (cur.accept('}')) return;
  while (true) {
    const std::size_t value_column = cur.column() + 1;
    bool quoted = false;
    std::string v = cur.token(",}", false, quoted);
    if (v.empty() && !quoted)
      throw cur.error(value_column, "attribute '" + attr.name + "': empty nominal value");
    if (attr.index.contains(v))
      throw cur.error(value_column,
                      "attribute '" + attr.name + "': nominal value '" + v + "' declared twice");
    if (attr.values.size() >= kMaxLevels)
      throw cur.error(value_column, "attribute '" + attr.name + "': more than " +
                                        std::to_string(kMaxLevels) +
                                        " nominal values (the limit, docs/datasets.md)");
    attr.index.emplace(v, static_cast<std::int32_t>(attr.values.size()));
    attr.values.push_back(std::move(v));
    if (cur.accept(',')) continue;
    if (cur.accept('}')) return;
    throw cur.error(cur.column(),
                    "attribute '" + attr.name + "': expected ',' or '}' in the nominal type");
  }
}

/// A named type: numeric, real or integer (the others are refused).
void ArffReader::read_type_name(ArffLineCursor& cur, Attribute& attr, std::size_t type_column) {
  bool quoted = false;
  const std::string type = lower(cur.token("", true, quoted));
  if (type == "numeric" || type == "real" || type == "integer") {
    attr.nominal = false;
  } else if (type == "string" || type == "date" || type == "relational") {
    throw cur.error(type_column, "attribute '" + attr.name + "': type '" + type +
                                     "' is not supported (numeric, real, integer and "
                                     "nominal {...} are)");
  } else {
    throw cur.error(type_column, "attribute '" + attr.name + "': unknown type '" + type +
                                     "' (expected numeric, real, integer or {...})");
  }
}

void ArffReader::start_data(ArffLineCursor& cur, std::size_t keyword_column) {
  if (attributes_.size() < 2)
    throw cur.error(keyword_column,
                    "@data after " + std::to_string(attributes_.size()) +
                        " attribute(s); at least one feature and a class are needed");
  in_data_ = true;
  data_line_ = line_number_;
  values_.resize(attributes_.size());
  target_ = find_target();
}

/// The class attribute: the one named in the options, else the last.
std::size_t ArffReader::find_target() const {
  if (options_.target.empty()) return attributes_.size() - 1;
  const auto it = std::find_if(attributes_.begin(), attributes_.end(),
                               [&](const Attribute& a) { return a.name == options_.target; });
  if (it == attributes_.end()) {
    std::vector<std::string> names;
    for (const auto& a : attributes_) names.push_back(a.name);
    throw DataError(path_, "class attribute '" + options_.target +
                               "' is not declared (attributes: " + join(names) + ")");
  }
  return static_cast<std::size_t>(it - attributes_.begin());
}

/// Sparse: {index value, ...} after the opening brace; omitted values are 0 (the first level
/// of a nominal).
void ArffReader::read_sparse_row(ArffLineCursor& cur) {
  const std::size_t n = attributes_.size();
  std::size_t last = 0;
  bool any = false;
  if (!cur.accept('}')) {
    while (true) {
      const std::size_t index = read_sparse_index(cur, any, last);
      cur.skip_space();
      const std::size_t value_column = cur.column();
      bool quoted = false;
      const std::string v = cur.token(",}", false, quoted);
      // Fill the omitted attributes before this one.
      for (std::size_t a = any ? last + 1 : 0; a < index; ++a) values_[a].push_back(0.0);
      store(cur, index, v, quoted, value_column);
      last = index;
      any = true;
      if (cur.accept(',')) continue;
      if (cur.accept('}')) break;
      throw cur.error(cur.column(), "sparse row: expected ',' or '}'");
    }
  }
  for (std::size_t a = any ? last + 1 : 0; a < n; ++a) values_[a].push_back(0.0);
}

/// The attribute index of a sparse row's next pair; above `last` when `any` came before.
std::size_t ArffReader::read_sparse_index(ArffLineCursor& cur, bool any, std::size_t last) const {
  const std::size_t n = attributes_.size();
  cur.skip_space();
  const std::size_t index_column = cur.column();
  bool quoted = false;
  const std::string index_text = cur.token(",}", true, quoted);
  std::size_t index = 0;
  const auto [ptr, ec] =
      std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
  if (ec != std::errc() || ptr != index_text.data() + index_text.size() || index_text.empty())
    throw cur.error(index_column,
                    "sparse row: expected an attribute index, got '" + index_text + "'");
  if (index >= n)
    throw cur.error(index_column, "sparse row: attribute index " + std::to_string(index) +
                                      " out of range (0.." + std::to_string(n - 1) + ")");
  if (any && index <= last)
    throw cur.error(index_column, "sparse row: attribute indices must increase");
  return index;
}

void ArffReader::read_dense_row(ArffLineCursor& cur) {
  const std::size_t n = attributes_.size();
  for (std::size_t a = 0; a < n; ++a) {
    cur.skip_space();
    const std::size_t column = cur.column();
    if (cur.at_end())
      throw cur.error(column, "row has " + std::to_string(a) + " values, expected " +
                                  std::to_string(n) + " (one per attribute)");
    bool quoted = false;
    const std::string v = cur.token(",", false, quoted);
    store(cur, a, v, quoted, column);
    if (a + 1 < n && !cur.accept(',')) {
      if (cur.at_end())
        throw cur.error(cur.column(), "row has " + std::to_string(a + 1) + " values, expected " +
                                          std::to_string(n) + " (one per attribute)");
      throw cur.error(cur.column(),
                      "expected ',' after the value of attribute '" + attributes_[a].name + "'");
    }
  }
  if (cur.accept(',') || !cur.at_end())
    throw cur.error(cur.column(), "row has more than " + std::to_string(n) + " values");
}

/// Stores the value `token` of attribute `a`: `?` (unquoted) is missing, a nominal value its
/// declared index.
void ArffReader::store(ArffLineCursor& cur, std::size_t a, const std::string& token, bool quoted,
                       std::size_t column) {
  const Attribute& attr = attributes_[a];
  if (!quoted && token == "?") {
    if (a == target_)
      throw cur.error(column, "missing value for the class attribute '" + attr.name + "'");
    values_[a].push_back(std::numeric_limits<double>::quiet_NaN());
    return;
  }
  if (!attr.nominal) {
    values_[a].push_back(read_numeric_value(cur, a, token, column));
    return;
  }
  const auto it = attr.index.find(token);
  if (it == attr.index.end())
    throw cur.error(column, std::string(a == target_ ? "class attribute '" : "attribute '") +
                                attr.name + "': value '" + token +
                                "' is not declared in its nominal type {" + join(attr.values) +
                                "} (line " + std::to_string(attr.line) + ")");
  values_[a].push_back(it->second);
}

double ArffReader::read_numeric_value(ArffLineCursor& cur, std::size_t a, const std::string& token,
                                      std::size_t column) const {
  const Attribute& attr = attributes_[a];
  double v = 0.0;
  NumberStatus status = read_whole_number(token, v);
  // Features are 32-bit floats (a regression target stays a double).
  const bool feature = a != target_;
  if (status == NumberStatus::ok && feature &&
      std::abs(v) > static_cast<double>(std::numeric_limits<float>::max()))
    status = NumberStatus::out_of_range;
  if (status == NumberStatus::out_of_range)
    throw cur.error(column, "attribute '" + attr.name + "': " +
                                (feature ? out_of_range_message<float>(token)
                                         : out_of_range_message<double>(token)));
  if (status != NumberStatus::ok)
    throw cur.error(column,
                    "attribute '" + attr.name + "': expected a number, got '" + token + "'");
  return v;
}

void ArffReader::check_complete() const {
  if (!in_data_ && attributes_.empty() && relation_.empty())
    throw DataError(path_, text_.empty()
                               ? "empty file, expected an ARFF header (@relation)"
                               : "no ARFF header: expected @relation, @attribute and @data");
  if (!in_data_) throw DataError(path_, line_number_, 0, "no @data section (the file ends early?)");
  if (rows_ == 0) throw DataError(path_, data_line_, 0, "@data section without rows");
}

Dataset ArffReader::make_dataset() {
  Dataset data;
  data.rows = rows_;
  data.provenance.path = path_;
  data.provenance.name =
      relation_.empty() ? std::filesystem::path(path_).stem().string() : relation_;
  data.provenance.source = "ARFF file " + path_;
  const Attribute& cls = attributes_[target_];
  data.schema.target_name = cls.name;
  Task task = cls.nominal ? Task::classification : Task::regression;
  if (options_.task) {
    if (cls.nominal && *options_.task == Task::regression)
      throw DataError(
          path_, cls.line, 0,
          "class attribute '" + cls.name + "' is nominal; it cannot be a regression target");
    task = *options_.task;
  }
  data.schema.task = task;
  fill_features(data);
  fill_target(data);
  return data;
}

/// Every attribute but the class, as a column; nominal values renumbered in sorted order.
void ArffReader::fill_features(Dataset& data) const {
  const std::size_t d = attributes_.size() - 1;
  data.schema.features.reserve(d);
  data.features.resize(rows_ * d);
  std::size_t f = 0;
  for (std::size_t a = 0; a < attributes_.size(); ++a) {
    if (a == target_) continue;
    const Attribute& attr = attributes_[a];
    FeatureInfo info;
    info.name = attr.name;
    info.categorical = attr.nominal;
    float* column = data.features.data() + f * rows_;
    if (attr.nominal) {
      LevelCoder coder;
      for (const auto& v : attr.values) (void)coder.code(v);
      info.levels = coder.sorted_levels();
      const auto remap = coder.sorted_remap();
      for (std::size_t i = 0; i < rows_; ++i) {
        const double v = values_[a][i];
        column[i] =
            std::isnan(v) ? kMissing : static_cast<float>(remap[static_cast<std::size_t>(v)]);
      }
    } else {
      for (std::size_t i = 0; i < rows_; ++i) column[i] = static_cast<float>(values_[a][i]);
    }
    data.schema.features.push_back(std::move(info));
    ++f;
  }
}

/// The class: the targets of a regression; labels in sorted order of the class names (the
/// declared values of a nominal class, the numbers of a numeric one) for a classification.
void ArffReader::fill_target(Dataset& data) {
  std::vector<double>& y = values_[target_];
  if (data.schema.task == Task::regression) {
    data.targets = std::move(y);
    return;
  }
  const Attribute& cls = attributes_[target_];
  LevelCoder coder;
  std::vector<std::int32_t> first_codes;
  if (cls.nominal) {
    for (const auto& v : cls.values) (void)coder.code(v);
    first_codes.resize(rows_);
    for (std::size_t i = 0; i < rows_; ++i) first_codes[i] = static_cast<std::int32_t>(y[i]);
  } else {
    first_codes = code_numbers(coder, y);
  }
  data.schema.class_names = coder.sorted_levels();
  data.labels = coder.sorted_codes(first_codes);
}

}  // namespace

Dataset read_arff(const std::string& path, const ArffOptions& options) {
  return ArffReader(path, options).read();
}

}  // namespace prunekit
