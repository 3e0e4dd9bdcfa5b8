#pragma once
// Writing one CSV field (RFC 4180 quoting), shared by the dataset and results writers.

#include <string>
#include <string_view>

namespace prunekit {

/// `text` as a CSV field: as it is, unless it holds one of `specials`; then in double quotes,
/// with each quote inside doubled.
[[nodiscard]] inline std::string csv_field(std::string_view text, std::string_view specials) {
  if (text.find_first_of(specials) == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace prunekit
