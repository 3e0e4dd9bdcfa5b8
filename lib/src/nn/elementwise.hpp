#pragma once
/// Elementwise passes of the network's layers (bias, activation, its derivative), cloned per
/// instruction set (kernel_dispatch.hpp).

#include <Eigen/Core>

#include "prunekit/nn/network.hpp"

namespace prunekit::elementwise {

/// z[0..n) = act(z + bias): one column of a layer's pre-activations, one bias.
void bias_activate(Activation a, float bias, float* z, Eigen::Index n) noexcept;

/// z[0..n) = act(z + bias[0..n)): one sample's layer outputs, a bias per output.
void bias_vector_activate(Activation a, const float* bias, float* z, Eigen::Index n) noexcept;

/// d[0..n) *= act'(pre-activation), expressed through the activation's outputs a[0..n).
void times_derivative(Activation act, float* d, const float* a, Eigen::Index n) noexcept;

}  // namespace prunekit::elementwise
