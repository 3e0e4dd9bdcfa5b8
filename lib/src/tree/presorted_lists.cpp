#include "tree/presorted_lists.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <string>

#include "prunekit/core/error.hpp"

namespace prunekit::tree_detail {
namespace {

/// Maps a float to an unsigned key with the same order (for the radix sort).
inline std::uint32_t order_key(float v) noexcept {
  std::uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
}

}  // namespace

void radix_sort(std::span<Entry> entries, std::span<Entry> buffer) {
  constexpr int kBits = 11;
  constexpr std::size_t kBuckets = std::size_t{1} << kBits;
  std::array<std::size_t, kBuckets> count{};
  Entry* src = entries.data();
  Entry* dst = buffer.data();
  const std::size_t n = entries.size();
  for (int pass = 0; pass < 3; ++pass) {
    const int shift = pass * kBits;
    count.fill(0);
    for (std::size_t i = 0; i < n; ++i)
      ++count[(order_key(src[i].value) >> shift) & (kBuckets - 1)];
    std::size_t sum = 0;
    for (auto& c : count) {
      const std::size_t here = c;
      c = sum;
      sum += here;
    }
    for (std::size_t i = 0; i < n; ++i)
      dst[count[(order_key(src[i].value) >> shift) & (kBuckets - 1)]++] = src[i];
    std::swap(src, dst);
  }
  // Three passes: the result is in `buffer`; copy back.
  std::copy(src, src + n, entries.data());
}

void PresortedLists::sort(const Dataset& data) {
  n_ = data.rows;
  n_features_ = data.n_features();
  sorted_.resize(n_features_ * n_);
  buffer_.resize(n_);
  side_.resize(n_);
  for (std::size_t f = 0; f < n_features_; ++f) {
    const auto column = data.column(f);
    Entry* list = sorted_.data() + f * n_;
    for (std::size_t i = 0; i < n_; ++i) {
      if (std::isnan(column[i]))
        throw InvalidArgument("decision tree: missing value (NaN) in feature '" +
                              data.schema.features[f].name + "'; impute first");
      list[i] = Entry{column[i], static_cast<std::uint32_t>(i)};
    }
    radix_sort({list, n_}, buffer_);
  }
}

void PresortedLists::partition(std::size_t feature, std::size_t start, std::size_t mid,
                               std::size_t end) {
  const Entry* cut = list(feature);
  std::uint8_t* side = side_.data();
  for (std::size_t i = start; i < mid; ++i) side[cut[i].row] = 1;
  for (std::size_t i = mid; i < end; ++i) side[cut[i].row] = 0;
  Entry* tmp = buffer_.data();
  for (std::size_t f = 0; f < n_features_; ++f) {
    if (f == feature) continue;
    Entry* e = mutable_list(f);
    std::size_t l = start;
    std::size_t r = 0;
    for (std::size_t i = start; i < end; ++i) {
      const Entry x = e[i];
      const std::size_t s = side[x.row];
      e[l] = x;
      tmp[r] = x;
      l += s;
      r += 1 - s;
    }
    std::copy(tmp, tmp + r, e + l);
  }
}

void PresortedLists::release() {
  std::vector<Entry>().swap(sorted_);
  std::vector<Entry>().swap(buffer_);
  std::vector<std::uint8_t>().swap(side_);
}

}  // namespace prunekit::tree_detail
