#include "nn/base64.hpp"

#include <array>
#include <bit>
#include <cstring>

namespace prunekit::nn_detail {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int decode_char(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string base64_encode(const std::vector<std::uint8_t>& bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v =
        (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const std::uint32_t v = std::uint32_t{bytes[i]} << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (rest == 2) {
    const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::array<int, 4> d{};
    int pad = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = text[i + k];
      if (c == '=') {
        if (i + 4 != text.size() || k < 2) return std::nullopt;
        d[k] = 0;
        ++pad;
      } else {
        if (pad > 0) return std::nullopt;
        d[k] = decode_char(c);
        if (d[k] < 0) return std::nullopt;
      }
    }
    const std::uint32_t v =
        (static_cast<std::uint32_t>(d[0]) << 18) | (static_cast<std::uint32_t>(d[1]) << 12) |
        (static_cast<std::uint32_t>(d[2]) << 6) | static_cast<std::uint32_t>(d[3]);
    out.push_back(static_cast<std::uint8_t>(v >> 16));
    if (pad < 2) out.push_back(static_cast<std::uint8_t>(v >> 8));
    if (pad < 1) out.push_back(static_cast<std::uint8_t>(v));
  }
  return out;
}

std::string encode_floats(const float* values, std::size_t n) {
  std::vector<std::uint8_t> bytes(4 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto bits = std::bit_cast<std::uint32_t>(values[i]);
    for (std::size_t b = 0; b < 4; ++b)
      bytes[4 * i + b] = static_cast<std::uint8_t>(bits >> (8 * b));
  }
  return base64_encode(bytes);
}

std::optional<std::vector<float>> decode_floats(std::string_view text, std::size_t n) {
  const auto bytes = base64_decode(text);
  if (!bytes || bytes->size() != 4 * n) return std::nullopt;
  std::vector<float> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t bits = 0;
    for (std::size_t b = 0; b < 4; ++b) bits |= std::uint32_t{(*bytes)[4 * i + b]} << (8 * b);
    out[i] = std::bit_cast<float>(bits);
  }
  return out;
}

std::string encode_mask(const float* values, std::size_t n) {
  std::vector<std::uint8_t> bytes((n + 7) / 8, 0);
  for (std::size_t i = 0; i < n; ++i)
    if (values[i] != 0.0f) bytes[i / 8] = static_cast<std::uint8_t>(bytes[i / 8] | (1u << (i % 8)));
  return base64_encode(bytes);
}

std::optional<std::vector<float>> decode_mask(std::string_view text, std::size_t n) {
  const auto bytes = base64_decode(text);
  if (!bytes || bytes->size() != (n + 7) / 8) return std::nullopt;
  std::vector<float> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = ((*bytes)[i / 8] >> (i % 8)) & 1u ? 1.0f : 0.0f;
  return out;
}

}  // namespace prunekit::nn_detail
