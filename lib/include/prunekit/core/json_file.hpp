#pragma once
/// Reading JSON files with errors that point at file:line:column.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace prunekit {

/// Parses `text` as JSON; a syntax error becomes a DataError naming `file`, line and column.
[[nodiscard]] nlohmann::json parse_json_text(std::string_view text, const std::string& file);

/// Reads and parses a JSON file (DataError if it cannot be read or parsed).
[[nodiscard]] nlohmann::json read_json_file(const std::string& path);

/// The 1-based line and column of byte `offset` in `text`.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
[[nodiscard]] TextPosition position_of(std::string_view text, std::size_t offset) noexcept;

}  // namespace prunekit
