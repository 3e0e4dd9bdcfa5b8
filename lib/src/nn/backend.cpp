#include "prunekit/nn/backend.hpp"

#include <string_view>

#ifdef PRUNEKIT_HAVE_BLAS
#include <dlfcn.h>
#endif

namespace prunekit {
namespace {

#ifdef PRUNEKIT_HAVE_BLAS
/// An OpenBLAS query by name (absent from other BLAS libraries: then null).
const char* openblas_query(const char* symbol) {
  using Query = char* (*)();
  auto* query = reinterpret_cast<Query>(dlsym(RTLD_DEFAULT, symbol));
  return query != nullptr ? query() : nullptr;
}

/// OpenBLAS's kernel sets for CPUs it does not recognise, slower than what AVX2 allows.
bool is_generic_kernel_set(std::string_view core) {
  for (std::string_view generic : {"Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom",
                                   "Katmai", "Coppermine", "Northwood", "Banias"})
    if (core == generic) return true;
  return false;
}
#endif

bool cpu_has_avx2() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

}  // namespace

std::string compute_backend_description() {
  std::string out;
#ifdef PRUNEKIT_HAVE_BLAS
  const char* config = openblas_query("openblas_get_config");
  const char* core = openblas_query("openblas_get_corename");
  out += "matrix products: ";
  out += config != nullptr ? config : "a BLAS (sgemm, sgemv)";
  if (core != nullptr) out += std::string(", kernels for ") + core;
  out += "\n";
  if (core != nullptr && is_generic_kernel_set(core) && cpu_has_avx2())
    out +=
        "  OpenBLAS does not recognise this CPU and runs its generic kernels: set "
        "OPENBLAS_CORETYPE=Haswell (AVX2) or SkylakeX (AVX-512) for faster ones\n";
#else
  out += "matrix products: Eigen (built without a BLAS)\n";
#endif
#ifdef __AVX2__
  out += "hot loops: compiled for AVX2 by this build's flags\n";
#else
  out += std::string("hot loops: x86-64 baseline with AVX2 copies; this CPU runs the ") +
         (cpu_has_avx2() ? "AVX2" : "baseline") + " copies\n";
#endif
  return out;
}

}  // namespace prunekit
