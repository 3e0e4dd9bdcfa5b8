#pragma once
// The CSV tokenizer: walks the text record by record and field by field, parsing numbers in
// place (the reader's hot loop, so everything here is inline).

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/number_format.hpp"
#include "prunekit/core/error.hpp"

namespace prunekit {

/// Exact powers of ten representable in a double.
inline constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

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

}  // namespace prunekit
