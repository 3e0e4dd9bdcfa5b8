#include "prunekit/core/json_file.hpp"

#include <cmath>
#include <cstdlib>

#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"

namespace prunekit {

TextPosition position_of(std::string_view text, std::size_t offset) noexcept {
  TextPosition pos;
  const std::size_t end = offset < text.size() ? offset : text.size();
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

namespace {

bool is_number_char(char c) noexcept {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/// The number token starting at `begin` is finite as a double (a long one or one with an
/// exponent may overflow; nlohmann would report that without a position).
void check_json_number(std::string_view text, std::size_t begin, std::size_t end,
                       const std::string& file) {
  const std::string_view token = text.substr(begin, end - begin);
  if (token.size() < 16 && token.find_first_of("eE") == std::string_view::npos) return;
  const std::string copy(token);
  const double value = std::strtod(copy.c_str(), nullptr);
  if (std::isfinite(value)) return;
  const TextPosition pos = position_of(text, begin);
  throw DataError(file, pos.line, pos.column,
                  "number " + copy + " is outside the range of a double (about 1.8e308)");
}

}  // namespace

void check_json_limits(std::string_view text, const std::string& file) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) {
        const TextPosition pos = position_of(text, i);
        throw DataError(file, pos.line, pos.column,
                        "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
      }
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    } else if ((c >= '0' && c <= '9') || c == '-') {
      std::size_t end = i;
      while (end < text.size() && is_number_char(text[end])) ++end;
      check_json_number(text, i, end, file);
      i = end - 1;
    }
  }
}

nlohmann::json parse_json_text(std::string_view text, const std::string& file) {
  check_json_limits(text, file);
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann reports the byte after the offending token, 1-based.
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    const TextPosition pos = position_of(text, offset);
    std::string what = e.what();
    // Keep only nlohmann's explanation after "parse error ... : ".
    if (auto colon = what.rfind(": "); colon != std::string::npos) what = what.substr(colon + 2);
    // At the very end of the text the real cause is a file cut short, whatever token nlohmann
    // was reading (an unterminated string reads as "expected string literal").
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
      throw DataError(file, "empty file, expected JSON");
    if (e.byte >= text.size()) what = "the text ends early (a truncated file?): " + what;
    throw DataError(file, pos.line, pos.column, "invalid JSON: " + what);
  } catch (const nlohmann::json::exception& e) {
    // Anything check_json_limits did not foresee still names the file.
    throw DataError(file, std::string("invalid JSON: ") + e.what());
  }
}

nlohmann::json read_json_file(const std::string& path) {
  return parse_json_text(read_file(path), path);
}

}  // namespace prunekit
