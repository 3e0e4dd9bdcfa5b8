#include "nn/elementwise.hpp"

#include "nn/kernel_dispatch.hpp"

namespace prunekit::elementwise {

using Eigen::Index;

// ReLU and identity are plain loops (vectorised per clone); tanh and the logistic go through
// Eigen's vectorised functions, whose width the build's flags fix.

PRUNEKIT_CLONE_FOR_AVX2 void bias_activate(Activation a, float bias, float* z, Index n) noexcept {
  switch (a) {
    case Activation::relu:
      for (Index i = 0; i < n; ++i) z[i] = z[i] + bias > 0.0f ? z[i] + bias : 0.0f;
      return;
    case Activation::identity:
      for (Index i = 0; i < n; ++i) z[i] += bias;
      return;
    case Activation::tanh:
    case Activation::sigmoid:
      for (Index i = 0; i < n; ++i) z[i] += bias;
      activate_inplace(a, z, n);
      return;
  }
}

PRUNEKIT_CLONE_FOR_AVX2 void bias_vector_activate(Activation a, const float* bias, float* z,
                                                  Index n) noexcept {
  for (Index i = 0; i < n; ++i) z[i] += bias[i];
  if (a == Activation::relu) {
    for (Index i = 0; i < n; ++i) z[i] = z[i] > 0.0f ? z[i] : 0.0f;
  } else {
    activate_inplace(a, z, n);
  }
}

PRUNEKIT_CLONE_FOR_AVX2 void times_derivative(Activation act, float* d, const float* a,
                                              Index n) noexcept {
  switch (act) {
    case Activation::relu:
      for (Index i = 0; i < n; ++i) d[i] = a[i] > 0.0f ? d[i] : 0.0f;
      return;
    case Activation::tanh:
      for (Index i = 0; i < n; ++i) d[i] *= 1.0f - a[i] * a[i];
      return;
    case Activation::sigmoid:
      for (Index i = 0; i < n; ++i) d[i] *= a[i] * (1.0f - a[i]);
      return;
    case Activation::identity:
      return;
  }
}

}  // namespace prunekit::elementwise
