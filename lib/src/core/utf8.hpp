#pragma once
// UTF-8 validation: every name and label a prunekit file carries must be valid UTF-8, since
// model files, results and reports are JSON and HTML.

#include <cstddef>
#include <string_view>

namespace prunekit {

/// The byte offset of the first invalid UTF-8 sequence in `text`, or text.size() if it is all
/// valid (overlong forms, surrogates and code points above U+10FFFF are invalid).
[[nodiscard]] inline std::size_t invalid_utf8_offset(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    unsigned lo = 0x80;
    unsigned hi = 0xBF;
    if (c < 0x80)
      len = 1;
    else if (c >= 0xC2 && c <= 0xDF)
      len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > text.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return i;
    }
    i += len;
  }
  return text.size();
}

[[nodiscard]] inline bool is_valid_utf8(std::string_view text) noexcept {
  return invalid_utf8_offset(text) == text.size();
}

}  // namespace prunekit
