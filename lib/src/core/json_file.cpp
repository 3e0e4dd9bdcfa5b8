#include "prunekit/core/json_file.hpp"

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

nlohmann::json parse_json_text(std::string_view text, const std::string& file) {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann reports the byte after the offending token, 1-based.
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    const TextPosition pos = position_of(text, offset);
    std::string what = e.what();
    // Keep only nlohmann's explanation after "parse error ... : ".
    if (auto colon = what.rfind(": "); colon != std::string::npos) what = what.substr(colon + 2);
    throw DataError(file, pos.line, pos.column, "invalid JSON: " + what);
  }
}

nlohmann::json read_json_file(const std::string& path) {
  return parse_json_text(read_file(path), path);
}

}  // namespace prunekit
