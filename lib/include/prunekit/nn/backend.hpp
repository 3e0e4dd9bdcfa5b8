#pragma once
/// What computes the network's products on this machine, for `prunekit version` and benchmarks.

#include <string>

namespace prunekit {

/// One line per fact: the BLAS (name, version and the kernel set it chose for this CPU, when it
/// says) or Eigen, and which copy of the cloned kernels this CPU runs. When OpenBLAS falls back
/// to a generic kernel set on a CPU with AVX2 (it does not know CPUs newer than its release),
/// a line says how to choose a faster set (OPENBLAS_CORETYPE).
[[nodiscard]] std::string compute_backend_description();

}  // namespace prunekit
