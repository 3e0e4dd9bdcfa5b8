#pragma once
// Base64 (RFC 4648, with padding) of float32 arrays as little-endian bytes, and of bit masks
// (one bit per entry, least significant bit first): exact, endian-independent storage of
// weights and masks in JSON model files.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prunekit::nn_detail {

[[nodiscard]] std::string base64_encode(const std::vector<std::uint8_t>& bytes);
/// Empty optional when `text` is not valid padded base64.
[[nodiscard]] std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

[[nodiscard]] std::string encode_floats(const float* values, std::size_t n);
/// The floats, or empty optional when the text is not base64 or does not hold exactly n floats.
[[nodiscard]] std::optional<std::vector<float>> decode_floats(std::string_view text, std::size_t n);

/// Bits: entry i is (values[i] != 0).
[[nodiscard]] std::string encode_mask(const float* values, std::size_t n);
/// 0/1 floats, or empty optional when the text is not base64 or has the wrong length.
[[nodiscard]] std::optional<std::vector<float>> decode_mask(std::string_view text, std::size_t n);

}  // namespace prunekit::nn_detail
