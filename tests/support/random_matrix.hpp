#pragma once
// Random test inputs (images, features) drawn from a seeded Rng, so every test is repeatable.

#include <Eigen/Core>

#include "prunekit/core/rng.hpp"

namespace prunekit::testing {

/// rows x cols, entries uniform in [lo, hi).
inline Eigen::MatrixXf uniform_matrix(Eigen::Index rows, Eigen::Index cols, double lo, double hi,
                                      Rng& rng) {
  Eigen::MatrixXf m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.uniform(lo, hi));
  return m;
}

}  // namespace prunekit::testing
