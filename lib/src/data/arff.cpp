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

/// Reads tokens from one line, tracking the 1-based column for errors.
class LineCursor {
 public:
  LineCursor(std::string_view line, const std::string& file, std::size_t line_number)
      : line_(line), file_(file), line_number_(line_number) {}

  void skip_space() {
    while (pos_ < line_.size() && (line_[pos_] == ' ' || line_[pos_] == '\t')) ++pos_;
  }
  /// True at the end of the line or at a `%` comment (after skipping blanks).
  bool at_end() {
    skip_space();
    return pos_ >= line_.size() || line_[pos_] == '%';
  }
  [[nodiscard]] char peek() const { return pos_ < line_.size() ? line_[pos_] : '\0'; }
  [[nodiscard]] std::size_t column() const noexcept { return pos_ + 1; }
  void advance() { ++pos_; }
  bool accept(char c) {
    skip_space();
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  /// A quoted or bare token. A bare token ends at a blank when `stop_at_space`, and always at
  /// one of `stops` or a comment; it is trimmed. `quoted` tells whether it was quoted.
  std::string token(std::string_view stops, bool stop_at_space, bool& quoted) {
    skip_space();
    quoted = false;
    if (peek() == '\'' || peek() == '"') {
      quoted = true;
      const char quote = line_[pos_];
      const std::size_t open = column();
      ++pos_;
      std::string value;
      while (true) {
        if (pos_ >= line_.size())
          throw error(open, std::string("unterminated quoted string (missing ") + quote + ")");
        char c = line_[pos_++];
        if (c == quote) break;
        if (c == '\\' && pos_ < line_.size()) {
          c = line_[pos_++];
          if (c == 'n')
            c = '\n';
          else if (c == 't')
            c = '\t';
          else if (c == 'r')
            c = '\r';
        }
        value.push_back(c);
      }
      return value;
    }
    const std::size_t start = pos_;
    while (pos_ < line_.size()) {
      const char c = line_[pos_];
      if (c == '%' || stops.find(c) != std::string_view::npos) break;
      if (stop_at_space && (c == ' ' || c == '\t')) break;
      ++pos_;
    }
    std::string_view t = line_.substr(start, pos_ - start);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
    return std::string(t);
  }

  [[nodiscard]] DataError error(std::size_t column, const std::string& problem) const {
    return DataError(file_, line_number_, column, problem);
  }

 private:
  std::string_view line_;
  const std::string& file_;
  std::size_t line_number_;
  std::size_t pos_ = 0;
};

}  // namespace

Dataset read_arff(const std::string& path, const ArffOptions& options) {
  const std::string text = read_file(path);
  std::vector<Attribute> attributes;
  std::unordered_map<std::string, std::size_t> attribute_lines;  // name -> line, for duplicates
  std::string relation;
  bool in_data = false;

  // Values per attribute while reading: declared index for nominal, the number for numeric.
  std::vector<std::vector<double>> values;
  std::size_t target = 0;
  std::size_t rows = 0;
  std::size_t line_number = 0;
  std::size_t data_line = 0;

  auto store = [&](LineCursor& cur, std::size_t a, const std::string& token, bool quoted,
                   std::size_t column) {
    const Attribute& attr = attributes[a];
    if (!quoted && token == "?") {
      if (a == target)
        throw cur.error(column, "missing value for the class attribute '" + attr.name + "'");
      values[a].push_back(std::numeric_limits<double>::quiet_NaN());
      return;
    }
    if (attr.nominal) {
      const auto it = attr.index.find(token);
      if (it == attr.index.end())
        throw cur.error(column, std::string(a == target ? "class attribute '" : "attribute '") +
                                    attr.name + "': value '" + token +
                                    "' is not declared in its nominal type {" + join(attr.values) +
                                    "} (line " + std::to_string(attr.line) + ")");
      values[a].push_back(it->second);
      return;
    }
    double v = 0.0;
    NumberStatus status = read_whole_number(token, v);
    // Features are 32-bit floats (a regression target stays a double).
    const bool feature = a != target;
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
    values[a].push_back(v);
  };

  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + begin, end - begin);
    begin = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    LineCursor cur(line, path, line_number);
    if (cur.at_end()) continue;
    bool quoted = false;

    if (!in_data) {
      if (cur.peek() != '@')
        throw cur.error(cur.column(), "expected @relation, @attribute or @data before the data");
      const std::size_t keyword_column = cur.column();
      const std::string keyword = lower(cur.token("{", true, quoted));
      if (keyword == "@relation") {
        relation = cur.token("", false, quoted);
      } else if (keyword == "@attribute") {
        Attribute attr;
        attr.line = line_number;
        const std::size_t name_column = cur.column() + 1;
        attr.name = cur.token("{", true, quoted);
        if (attr.name.empty()) throw cur.error(name_column, "@attribute without a name");
        if (const auto other = attribute_lines.find(attr.name); other != attribute_lines.end())
          throw cur.error(name_column, "duplicate attribute '" + attr.name + "' (first on line " +
                                           std::to_string(other->second) + ")");
        if (attributes.size() >= kMaxColumns)
          throw cur.error(name_column, "more than " + std::to_string(kMaxColumns) +
                                           " attributes (the limit, docs/datasets.md)");
        cur.skip_space();
        const std::size_t type_column = cur.column();
        if (cur.accept('{')) {
          attr.nominal = true;
          if (!cur.accept('}')) {
            while (true) {
              const std::size_t value_column = cur.column() + 1;
              std::string v = cur.token(",}", false, quoted);
              if (v.empty() && !quoted)
                throw cur.error(value_column, "attribute '" + attr.name + "': empty nominal value");
              if (attr.index.contains(v))
                throw cur.error(value_column, "attribute '" + attr.name + "': nominal value '" + v +
                                                  "' declared twice");
              if (attr.values.size() >= kMaxLevels)
                throw cur.error(value_column, "attribute '" + attr.name + "': more than " +
                                                  std::to_string(kMaxLevels) +
                                                  " nominal values (the limit, docs/datasets.md)");
              attr.index.emplace(v, static_cast<std::int32_t>(attr.values.size()));
              attr.values.push_back(std::move(v));
              if (cur.accept(',')) continue;
              if (cur.accept('}')) break;
              throw cur.error(cur.column(), "attribute '" + attr.name +
                                                "': expected ',' or '}' in the nominal type");
            }
          }
        } else {
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
        if (!cur.at_end())
          throw cur.error(cur.column(),
                          "unexpected text after the type of attribute '" + attr.name + "'");
        attribute_lines.emplace(attr.name, attr.line);
        attributes.push_back(std::move(attr));
      } else if (keyword == "@data") {
        if (attributes.size() < 2)
          throw cur.error(keyword_column,
                          "@data after " + std::to_string(attributes.size()) +
                              " attribute(s); at least one feature and a class are needed");
        in_data = true;
        data_line = line_number;
        values.resize(attributes.size());
        if (options.target.empty()) {
          target = attributes.size() - 1;
        } else {
          const auto it =
              std::find_if(attributes.begin(), attributes.end(),
                           [&](const Attribute& a) { return a.name == options.target; });
          if (it == attributes.end()) {
            std::vector<std::string> names;
            for (const auto& a : attributes) names.push_back(a.name);
            throw DataError(path, "class attribute '" + options.target +
                                      "' is not declared (attributes: " + join(names) + ")");
          }
          target = static_cast<std::size_t>(it - attributes.begin());
        }
      } else {
        throw cur.error(keyword_column, "unknown declaration '" + keyword +
                                            "' (expected @relation, @attribute or @data)");
      }
      continue;
    }

    // A data row.
    const std::size_t n = attributes.size();
    if (cur.accept('{')) {
      // Sparse: {index value, ...}; omitted values are 0 (the first level of a nominal).
      std::vector<bool> seen(n, false);
      std::size_t last = 0;
      bool any = false;
      if (!cur.accept('}')) {
        while (true) {
          cur.skip_space();
          const std::size_t index_column = cur.column();
          const std::string index_text = cur.token(",}", true, quoted);
          std::size_t index = 0;
          const auto [ptr, ec] =
              std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
          if (ec != std::errc() || ptr != index_text.data() + index_text.size() ||
              index_text.empty())
            throw cur.error(index_column,
                            "sparse row: expected an attribute index, got '" + index_text + "'");
          if (index >= n)
            throw cur.error(index_column, "sparse row: attribute index " + std::to_string(index) +
                                              " out of range (0.." + std::to_string(n - 1) + ")");
          if (any && index <= last)
            throw cur.error(index_column, "sparse row: attribute indices must increase");
          cur.skip_space();
          const std::size_t value_column = cur.column();
          const std::string v = cur.token(",}", false, quoted);
          // Fill the omitted attributes before this one.
          for (std::size_t a = any ? last + 1 : 0; a < index; ++a) values[a].push_back(0.0);
          store(cur, index, v, quoted, value_column);
          seen[index] = true;
          last = index;
          any = true;
          if (cur.accept(',')) continue;
          if (cur.accept('}')) break;
          throw cur.error(cur.column(), "sparse row: expected ',' or '}'");
        }
      }
      for (std::size_t a = any ? last + 1 : 0; a < n; ++a) values[a].push_back(0.0);
    } else {
      for (std::size_t a = 0; a < n; ++a) {
        cur.skip_space();
        const std::size_t column = cur.column();
        if (cur.at_end())
          throw cur.error(column, "row has " + std::to_string(a) + " values, expected " +
                                      std::to_string(n) + " (one per attribute)");
        const std::string v = cur.token(",", false, quoted);
        store(cur, a, v, quoted, column);
        if (a + 1 < n && !cur.accept(',')) {
          if (cur.at_end())
            throw cur.error(cur.column(), "row has " + std::to_string(a + 1) +
                                              " values, expected " + std::to_string(n) +
                                              " (one per attribute)");
          throw cur.error(cur.column(),
                          "expected ',' after the value of attribute '" + attributes[a].name + "'");
        }
      }
      if (cur.accept(',') || !cur.at_end())
        throw cur.error(cur.column(), "row has more than " + std::to_string(n) + " values");
    }
    ++rows;
  }
  if (!in_data && attributes.empty() && relation.empty())
    throw DataError(path, text.empty()
                              ? "empty file, expected an ARFF header (@relation)"
                              : "no ARFF header: expected @relation, @attribute and @data");
  if (!in_data) throw DataError(path, line_number, 0, "no @data section (the file ends early?)");
  if (rows == 0) throw DataError(path, data_line, 0, "@data section without rows");

  Dataset data;
  data.rows = rows;
  data.provenance.path = path;
  data.provenance.name = relation.empty() ? std::filesystem::path(path).stem().string() : relation;
  data.provenance.source = "ARFF file " + path;
  const Attribute& cls = attributes[target];
  data.schema.target_name = cls.name;
  Task task = cls.nominal ? Task::classification : Task::regression;
  if (options.task) {
    if (cls.nominal && *options.task == Task::regression)
      throw DataError(
          path, cls.line, 0,
          "class attribute '" + cls.name + "' is nominal; it cannot be a regression target");
    task = *options.task;
  }
  data.schema.task = task;

  const std::size_t d = attributes.size() - 1;
  data.schema.features.reserve(d);
  data.features.resize(rows * d);
  std::size_t f = 0;
  for (std::size_t a = 0; a < attributes.size(); ++a) {
    if (a == target) continue;
    const Attribute& attr = attributes[a];
    FeatureInfo info;
    info.name = attr.name;
    info.categorical = attr.nominal;
    float* column = data.features.data() + f * rows;
    if (attr.nominal) {
      LevelCoder coder;
      for (const auto& v : attr.values) (void)coder.code(v);
      info.levels = coder.sorted_levels();
      const auto remap = coder.sorted_remap();
      for (std::size_t i = 0; i < rows; ++i) {
        const double v = values[a][i];
        column[i] =
            std::isnan(v) ? kMissing : static_cast<float>(remap[static_cast<std::size_t>(v)]);
      }
    } else {
      for (std::size_t i = 0; i < rows; ++i) column[i] = static_cast<float>(values[a][i]);
    }
    data.schema.features.push_back(std::move(info));
    ++f;
  }

  const std::vector<double>& y = values[target];
  if (task == Task::regression) {
    data.targets = y;
    return data;
  }
  LevelCoder coder;
  std::vector<std::int32_t> first_codes(rows);
  if (cls.nominal) {
    for (const auto& v : cls.values) (void)coder.code(v);
    for (std::size_t i = 0; i < rows; ++i) first_codes[i] = static_cast<std::int32_t>(y[i]);
  } else {
    std::string name;
    for (std::size_t i = 0; i < rows; ++i) {
      name.clear();
      append_shortest(name, y[i]);
      first_codes[i] = coder.code(name);
    }
  }
  data.schema.class_names = coder.sorted_levels();
  const auto remap = coder.sorted_remap();
  data.labels.resize(rows);
  for (std::size_t i = 0; i < rows; ++i)
    data.labels[i] = remap[static_cast<std::size_t>(first_codes[i])];
  return data;
}

}  // namespace prunekit
