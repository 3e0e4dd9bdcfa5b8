#pragma once
// Strict number parsing and shortest round-trip formatting (std::from_chars / std::to_chars:
// locale-independent and fast, which the CSV reader's speed target needs).

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>

namespace prunekit {

/// The number policy of every data reader (docs/datasets.md, "Numbers"): a decimal number whose
/// magnitude exceeds the largest value of `T` is an error (never read as infinity); a non-zero
/// value smaller than the smallest normal `T` is rounded to the nearest `T` (a subnormal, or
/// zero), never rejected; `inf`, `nan` and hexadecimal text are not numbers.
enum class NumberStatus { ok, not_a_number, out_of_range };

/// Reads a number at the start of [first, last) under the policy above; `end` is set to the
/// first character after it (only meaningful when the status is not `not_a_number`).
template <typename T>
[[nodiscard]] inline NumberStatus read_number_prefix(const char* first, const char* last, T& value,
                                                     const char*& end) {
  if (first < last && *first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, last, value);
  end = ptr;
  if (ec == std::errc())
    return std::isfinite(value) ? NumberStatus::ok : NumberStatus::not_a_number;
  if (ec != std::errc::result_out_of_range) return NumberStatus::not_a_number;
  // Out of range: strtod tells overflow (HUGE_VAL) from underflow (a tiny value or zero). The
  // text is plain decimal here (from_chars accepted its syntax), so the locale does not matter.
  const std::string copy(first, ptr);
  const double d = std::strtod(copy.c_str(), nullptr);
  if (!std::isfinite(d) || std::abs(d) > static_cast<double>(std::numeric_limits<T>::max()))
    return NumberStatus::out_of_range;
  value = static_cast<T>(d);
  return NumberStatus::ok;
}

/// Reads the whole of `text` under the policy above (`not_a_number` if anything is left over).
template <typename T>
[[nodiscard]] inline NumberStatus read_whole_number(std::string_view text, T& value) {
  if (text.empty()) return NumberStatus::not_a_number;
  const char* end = nullptr;
  const NumberStatus status =
      read_number_prefix(text.data(), text.data() + text.size(), value, end);
  if (status == NumberStatus::not_a_number || end != text.data() + text.size())
    return NumberStatus::not_a_number;
  return status;
}

/// Parses the whole of `text` as a finite number; false if anything is left over or it is out
/// of range.
template <typename T>
[[nodiscard]] inline bool parse_finite(std::string_view text, T& value) {
  return read_whole_number(text, value) == NumberStatus::ok;
}

[[nodiscard]] inline bool parse_number(std::string_view text, double& value) {
  return parse_finite(text, value);
}
[[nodiscard]] inline bool parse_float(std::string_view text, float& value) {
  return parse_finite(text, value);
}

/// The message for a number outside the range of `T`.
template <typename T>
[[nodiscard]] inline std::string out_of_range_message(std::string_view text) {
  return "'" + std::string(text) + "' is outside the range of a " +
         (sizeof(T) == 4 ? "32-bit float (about 3.4e38)" : "double (about 1.8e308)");
}

/// Appends the shortest text that reads back as exactly `value`.
template <typename T>
inline void append_shortest(std::string& out, T value) {
  char buffer[64];
  auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, ec == std::errc() ? ptr : buffer);
}

}  // namespace prunekit
