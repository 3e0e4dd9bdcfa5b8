#pragma once
/// Reading JSON files with errors that point at file:line:column.

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "prunekit/core/error.hpp"

namespace prunekit {

/// The deepest nesting of arrays and objects any JSON input may have (a deeper one is refused
/// before parsing: nlohmann's destructor and dump recurse, so depth is bounded by the stack).
inline constexpr std::size_t kMaxJsonDepth = 256;

/// Refuses JSON text nested deeper than kMaxJsonDepth or holding a number outside the double
/// range, with a DataError naming `file`, line and column. parse_json_text calls it.
void check_json_limits(std::string_view text, const std::string& file);

/// Parses `text` as JSON (after check_json_limits); a syntax error becomes a DataError naming
/// `file`, line and column.
[[nodiscard]] nlohmann::json parse_json_text(std::string_view text, const std::string& file);

/// Reads and parses a JSON file (DataError if it cannot be read or parsed).
[[nodiscard]] nlohmann::json read_json_file(const std::string& path);

/// Calls `read()` (which interprets parsed JSON read from `file`); a type or range error
/// nlohmann throws on the way (a value of the wrong type in the file) becomes a DataError
/// naming `file`, like every other bad input.
template <typename Read>
auto reading_json_of(const std::string& file, Read&& read) -> decltype(read()) {
  try {
    return read();
  } catch (const nlohmann::json::exception& e) {
    std::string what = e.what();
    // Drop nlohmann's "[json.exception.type_error.302] " prefix.
    if (auto bracket = what.find("] "); bracket != std::string::npos)
      what = what.substr(bracket + 2);
    throw DataError(file, "unexpected JSON content: " + what);
  }
}

/// The 1-based line and column of byte `offset` in `text`.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
[[nodiscard]] TextPosition position_of(std::string_view text, std::size_t offset) noexcept;

}  // namespace prunekit
