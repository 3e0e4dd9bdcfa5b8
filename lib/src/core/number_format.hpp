#pragma once
// Strict number parsing and shortest round-trip formatting (std::from_chars / std::to_chars:
// locale-independent and fast, which the CSV reader's speed target needs).

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace prunekit {

/// Parses the whole of `text` as a finite number; false if anything is left over.
template <typename T>
[[nodiscard]] inline bool parse_finite(std::string_view text, T& value) noexcept {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec == std::errc::result_out_of_range) {
    // A denormal or tiny value rounds to zero or the nearest float; anything else overflows.
    return false;
  }
  return ec == std::errc() && ptr == end && std::isfinite(value);
}

[[nodiscard]] inline bool parse_number(std::string_view text, double& value) noexcept {
  return parse_finite(text, value);
}
[[nodiscard]] inline bool parse_float(std::string_view text, float& value) noexcept {
  return parse_finite(text, value);
}

/// Appends the shortest text that reads back as exactly `value`.
template <typename T>
inline void append_shortest(std::string& out, T value) {
  char buffer[64];
  auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, ec == std::errc() ? ptr : buffer);
}

}  // namespace prunekit
