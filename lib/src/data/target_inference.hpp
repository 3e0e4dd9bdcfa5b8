#pragma once
// The rule the CSV and LibSVM readers use to take a numeric target for class labels when no
// task is given (docs/datasets.md): every value an integer, and few distinct ones.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace prunekit {

/// An integer-valued target with at most this many distinct values is taken as class labels.
inline constexpr std::size_t kMaxInferredClasses = 20;

/// Watches a numeric target value by value and tells whether it looks like class labels.
class ClassLabelGuess {
 public:
  void add(double value) {
    if (!integral_) return;
    if (value != std::floor(value))
      integral_ = false;
    else if (distinct_.size() <= kMaxInferredClasses &&
             std::find(distinct_.begin(), distinct_.end(), value) == distinct_.end())
      distinct_.push_back(value);
  }
  /// Every value so far an integer, and at most kMaxInferredClasses distinct ones.
  [[nodiscard]] bool looks_like_classes() const noexcept {
    return integral_ && distinct_.size() <= kMaxInferredClasses;
  }

 private:
  std::vector<double> distinct_;  // up to kMaxInferredClasses + 1 of them
  bool integral_ = true;
};

}  // namespace prunekit
