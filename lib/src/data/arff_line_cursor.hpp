#pragma once
// The ARFF tokenizer: reads the tokens of one line (bare or quoted), tracking the column for
// errors.

#include <cstddef>
#include <string>
#include <string_view>

#include "prunekit/core/error.hpp"

namespace prunekit {

/// Reads tokens from one line, tracking the 1-based column for errors.
class ArffLineCursor {
 public:
  ArffLineCursor(std::string_view line, const std::string& file, std::size_t line_number)
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

}  // namespace prunekit
