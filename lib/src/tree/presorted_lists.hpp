#pragma once
// The presorted exact splitter's sample lists: every feature's rows sorted by value once, then
// kept so that each node owns one contiguous range of every list (scikit-learn's splitter keeps
// its samples the same way; the presorting is SLIQ's, Mehta et al. 1996).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "prunekit/data/dataset.hpp"

namespace prunekit::tree_detail {

/// One element of a presorted feature list: the value and the row it belongs to.
struct Entry {
  float value;
  std::uint32_t row;
};

/// Sorts `entries` by value, stably (ties keep row order), with an LSD radix sort on 11-bit
/// digits; `buffer` has the same size.
void radix_sort(std::span<Entry> entries, std::span<Entry> buffer);

/// n_features lists of n_rows entries. Memory: n_features x n_rows entries (8 bytes each), one
/// n_rows buffer, one byte per row.
class PresortedLists {
 public:
  /// Fills and sorts one list per feature of `data`; throws InvalidArgument on a missing value.
  void sort(const Dataset& data);

  /// Feature f's list; a node [start, end) reads entries start to end - 1.
  [[nodiscard]] const Entry* list(std::size_t feature) const noexcept {
    return sorted_.data() + feature * n_;
  }

  /// Splits node [start, end) at `mid`, where the first mid - start entries of `feature`'s list
  /// go left: afterwards, in every feature's list, the left rows occupy [start, mid) and the
  /// right rows [mid, end), each still sorted (a stable partition).
  void partition(std::size_t feature, std::size_t start, std::size_t mid, std::size_t end);

  /// Frees the lists (the tree is grown).
  void release();

 private:
  [[nodiscard]] Entry* mutable_list(std::size_t feature) noexcept {
    return sorted_.data() + feature * n_;
  }

  std::size_t n_ = 0;
  std::size_t n_features_ = 0;
  std::vector<Entry> sorted_;
  std::vector<Entry> buffer_;
  std::vector<std::uint8_t> side_;
};

}  // namespace prunekit::tree_detail
