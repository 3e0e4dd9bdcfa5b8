#pragma once
/// One way to name enum values. An enum lists its names once, as an overload
/// `constexpr EnumNames<E, N> enum_names(E)` next to its declaration (found by argument-dependent
/// lookup); to_string, parse_enum and the lists of valid names in messages come from here.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "prunekit/core/error.hpp"

namespace prunekit {

/// Value-name pairs; the first pair of a value names it, later ones are accepted aliases.
template <typename E, std::size_t N>
using EnumNames = std::array<std::pair<E, std::string_view>, N>;

template <typename E>
concept NamedEnum = std::is_enum_v<E> && requires(E e) {
  enum_names(e);
};

template <NamedEnum E>
[[nodiscard]] constexpr std::string_view enum_name(E value) noexcept {
  for (const auto& [e, name] : enum_names(value))
    if (e == value) return name;
  return "?";
}

template <NamedEnum E>
[[nodiscard]] std::string to_string(E value) {
  return std::string(enum_name(value));
}

template <NamedEnum E>
[[nodiscard]] constexpr std::optional<E> enum_from_name(std::string_view name) noexcept {
  for (const auto& [e, n] : enum_names(E{}))
    if (n == name) return e;
  return std::nullopt;
}

/// "a, b, c": the valid names, for messages.
template <NamedEnum E>
[[nodiscard]] std::string enum_name_list() {
  std::string out;
  for (const auto& [e, name] : enum_names(E{}))
    out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

/// Every accepted name, aliases included (a parameter's choices).
template <NamedEnum E>
[[nodiscard]] std::vector<std::string> enum_choices() {
  std::vector<std::string> out;
  for (const auto& [e, name] : enum_names(E{})) out.emplace_back(name);
  return out;
}

/// The value named `name`; InvalidArgument "unknown <what> '<name>' (valid: ...)" otherwise.
template <NamedEnum E>
[[nodiscard]] E parse_enum(const std::string& name, const std::string& what) {
  if (const auto value = enum_from_name<E>(name)) return *value;
  throw InvalidArgument("unknown " + what + " '" + name + "' (valid: " + enum_name_list<E>() + ")");
}

}  // namespace prunekit
