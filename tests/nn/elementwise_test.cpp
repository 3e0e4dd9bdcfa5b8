// The cloned elementwise kernels (one copy per instruction set, chosen at load time) compute
// exactly what the plain scalar definitions do, whichever copy this CPU runs, on lengths that
// exercise the vector body and its tail.
#include "nn/elementwise.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "prunekit/core/rng.hpp"

namespace prunekit {
namespace {

std::vector<float> signed_values(std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<float> v(n);
  for (auto& x : v) x = static_cast<float>(rng.uniform(-2.0, 2.0));
  return v;
}

float reference_activation(Activation a, float z) {
  switch (a) {
    case Activation::relu:
      return z > 0.0f ? z : 0.0f;
    case Activation::identity:
      return z;
    case Activation::tanh:
      return std::tanh(z);
    case Activation::sigmoid:
      return 1.0f / (1.0f + std::exp(-z));
  }
  return z;
}

TEST(Elementwise, BiasActivateMatchesScalarDefinitionBitForBit) {
  for (const Activation a : {Activation::relu, Activation::identity}) {
    for (const std::size_t n : {1u, 7u, 8u, 31u, 64u, 257u}) {
      auto z = signed_values(n, 3 + n);
      const auto original = z;
      elementwise::bias_activate(a, 0.25f, z.data(), static_cast<Eigen::Index>(n));
      for (std::size_t i = 0; i < n; ++i)
        EXPECT_EQ(z[i], reference_activation(a, original[i] + 0.25f)) << i;
    }
  }
}

TEST(Elementwise, SmoothActivationsAreClose) {
  for (const Activation a : {Activation::tanh, Activation::sigmoid}) {
    auto z = signed_values(100, 5);
    const auto original = z;
    elementwise::bias_activate(a, -0.5f, z.data(), 100);
    for (std::size_t i = 0; i < z.size(); ++i)
      EXPECT_NEAR(z[i], reference_activation(a, original[i] - 0.5f), 1e-6f) << i;
  }
}

TEST(Elementwise, BiasVectorActivateAddsOneBiasPerOutput) {
  const std::size_t n = 45;
  auto z = signed_values(n, 11);
  const auto bias = signed_values(n, 12);
  const auto original = z;
  elementwise::bias_vector_activate(Activation::relu, bias.data(), z.data(), n);
  for (std::size_t i = 0; i < n; ++i)
    EXPECT_EQ(z[i], reference_activation(Activation::relu, original[i] + bias[i])) << i;
}

TEST(Elementwise, TimesDerivativeUsesTheActivationsOutput) {
  const std::size_t n = 70;
  const auto a = signed_values(n, 21);
  for (const Activation act :
       {Activation::relu, Activation::tanh, Activation::sigmoid, Activation::identity}) {
    auto d = signed_values(n, 22);
    const auto original = d;
    elementwise::times_derivative(act, d.data(), a.data(), static_cast<Eigen::Index>(n));
    for (std::size_t i = 0; i < n; ++i) {
      float expected = original[i];
      if (act == Activation::relu) expected = a[i] > 0.0f ? original[i] : 0.0f;
      if (act == Activation::tanh) expected = original[i] * (1.0f - a[i] * a[i]);
      if (act == Activation::sigmoid) expected = original[i] * (a[i] * (1.0f - a[i]));
      EXPECT_EQ(d[i], expected) << i;
    }
  }
}

}  // namespace
}  // namespace prunekit
