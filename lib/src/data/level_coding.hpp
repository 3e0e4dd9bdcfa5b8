#pragma once
// Numbers the distinct strings of a column (categorical levels or class labels) as they are
// read, then renumbers them in sorted order (numerically when every level is a number), so that
// the codes do not depend on row order.

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/number_format.hpp"

namespace prunekit {

class LevelCoder {
 public:
  /// The first-appearance code of `level`, adding it when new.
  std::int32_t code(std::string_view level) {
    auto it = codes_.find(std::string(level));
    if (it != codes_.end()) return it->second;
    const auto next = static_cast<std::int32_t>(levels_.size());
    levels_.emplace_back(level);
    codes_.emplace(levels_.back(), next);
    return next;
  }
  [[nodiscard]] std::size_t size() const noexcept { return levels_.size(); }

  /// Level names in sorted order.
  [[nodiscard]] std::vector<std::string> sorted_levels() const {
    std::vector<std::string> out;
    for (std::size_t k : order()) out.push_back(levels_[k]);
    return out;
  }
  /// remap[first_appearance_code] = sorted code.
  [[nodiscard]] std::vector<std::int32_t> sorted_remap() const {
    const auto sorted = order();
    std::vector<std::int32_t> remap(levels_.size());
    for (std::size_t rank = 0; rank < sorted.size(); ++rank)
      remap[sorted[rank]] = static_cast<std::int32_t>(rank);
    return remap;
  }
  /// The sorted code of each first-appearance code in `first_codes`.
  [[nodiscard]] std::vector<std::int32_t> sorted_codes(
      std::span<const std::int32_t> first_codes) const {
    const auto remap = sorted_remap();
    std::vector<std::int32_t> out(first_codes.size());
    for (std::size_t i = 0; i < first_codes.size(); ++i)
      out[i] = remap[static_cast<std::size_t>(first_codes[i])];
    return out;
  }

 private:
  [[nodiscard]] std::vector<std::size_t> order() const {
    std::vector<std::size_t> idx(levels_.size());
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    std::vector<double> numbers(levels_.size());
    bool all_numeric = true;
    for (std::size_t k = 0; k < levels_.size() && all_numeric; ++k)
      all_numeric = parse_number(levels_[k], numbers[k]);
    if (all_numeric) {
      std::stable_sort(idx.begin(), idx.end(),
                       [&](std::size_t a, std::size_t b) { return numbers[a] < numbers[b]; });
    } else {
      std::stable_sort(idx.begin(), idx.end(),
                       [&](std::size_t a, std::size_t b) { return levels_[a] < levels_[b]; });
    }
    return idx;
  }

  std::vector<std::string> levels_;
  std::unordered_map<std::string, std::int32_t> codes_;
};

/// Codes numeric labels by their shortest text, so that `+1` and `1` are one level.
[[nodiscard]] inline std::vector<std::int32_t> code_numbers(LevelCoder& coder,
                                                            std::span<const double> values) {
  std::vector<std::int32_t> codes(values.size());
  std::string name;
  for (std::size_t i = 0; i < values.size(); ++i) {
    name.clear();
    append_shortest(name, values[i]);
    codes[i] = coder.code(name);
  }
  return codes;
}

}  // namespace prunekit
