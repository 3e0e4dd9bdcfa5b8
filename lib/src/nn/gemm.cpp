#include "nn/gemm.hpp"

#include <algorithm>
#include <limits>
#include <mutex>
#include <string>

#include "prunekit/core/error.hpp"

#ifdef PRUNEKIT_HAVE_BLAS
#include <dlfcn.h>

extern "C" void sgemm_(const char* transa, const char* transb, const int* m, const int* n,
                       const int* k, const float* alpha, const float* a, const int* lda,
                       const float* b, const int* ldb, const float* beta, float* c, const int* ldc);
extern "C" void sgemv_(const char* trans, const int* m, const int* n, const float* alpha,
                       const float* a, const int* lda, const float* x, const int* incx,
                       const float* beta, float* y, const int* incy);
#endif

namespace prunekit::gemm {
namespace {

using Eigen::Index;

Index rows_of(Op op, const ConstMatrix& m) { return op == Op::none ? m.rows : m.cols; }
Index cols_of(Op op, const ConstMatrix& m) { return op == Op::none ? m.cols : m.rows; }

#ifdef PRUNEKIT_HAVE_BLAS
/// OpenBLAS starts one thread per core by default; prunekit's products run on one.
void use_one_blas_thread() {
  static std::once_flag once;
  std::call_once(once, [] {
    using SetThreads = void (*)(int);
    if (auto* set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
      set(1);
  });
}

int blas_int(Index v) {
  if (v > static_cast<Index>(std::numeric_limits<int>::max()))
    throw InvalidArgument("matrix dimension " + std::to_string(v) +
                          " exceeds the BLAS's int range");
  return static_cast<int>(v);
}
#endif

}  // namespace

void multiply(Op op_a, const ConstMatrix& a, Op op_b, const ConstMatrix& b, float* c, Index ldc) {
  const Index m = rows_of(op_a, a);
  const Index k = cols_of(op_a, a);
  const Index n = cols_of(op_b, b);
  if (rows_of(op_b, b) != k)
    throw InvalidArgument("gemm: inner dimensions differ (" + std::to_string(k) + " and " +
                          std::to_string(rows_of(op_b, b)) + ")");
  if (m == 0 || n == 0) return;
#ifdef PRUNEKIT_HAVE_BLAS
  use_one_blas_thread();
  const int mi = blas_int(m), ni = blas_int(n), ki = blas_int(k);
  const int lda = blas_int(std::max<Index>(a.ld, 1)), ldb = blas_int(std::max<Index>(b.ld, 1));
  const int ldci = blas_int(ldc);
  const float one = 1.0f, zero = 0.0f;
  sgemm_(op_a == Op::none ? "N" : "T", op_b == Op::none ? "N" : "T", &mi, &ni, &ki, &one, a.data,
         &lda, b.data, &ldb, &zero, c, &ldci);
#else
  using Map = Eigen::Map<const Eigen::MatrixXf, 0, Eigen::OuterStride<> >;
  const Map ma(a.data, a.rows, a.cols, Eigen::OuterStride<>(a.ld));
  const Map mb(b.data, b.rows, b.cols, Eigen::OuterStride<>(b.ld));
  Eigen::Map<Eigen::MatrixXf, 0, Eigen::OuterStride<> > mc(c, m, n, Eigen::OuterStride<>(ldc));
  if (op_a == Op::none && op_b == Op::none)
    mc.noalias() = ma * mb;
  else if (op_a == Op::none)
    mc.noalias() = ma * mb.transpose();
  else if (op_b == Op::none)
    mc.noalias() = ma.transpose() * mb;
  else
    mc.noalias() = ma.transpose() * mb.transpose();
#endif
}

void multiply_vector(const ConstMatrix& a, Op op_a, const float* x, float* y) {
  if (a.rows == 0 || a.cols == 0) {
    std::fill(y, y + rows_of(op_a, a), 0.0f);
    return;
  }
#ifdef PRUNEKIT_HAVE_BLAS
  use_one_blas_thread();
  const int m = blas_int(a.rows), n = blas_int(a.cols), lda = blas_int(std::max<Index>(a.ld, 1));
  const int one_step = 1;
  const float one = 1.0f, zero = 0.0f;
  sgemv_(op_a == Op::none ? "N" : "T", &m, &n, &one, a.data, &lda, x, &one_step, &zero, y,
         &one_step);
#else
  using Map = Eigen::Map<const Eigen::MatrixXf, 0, Eigen::OuterStride<> >;
  const Map ma(a.data, a.rows, a.cols, Eigen::OuterStride<>(a.ld));
  const Index k = cols_of(op_a, a);
  const Eigen::Map<const Eigen::VectorXf> vx(x, k);
  Eigen::Map<Eigen::VectorXf> vy(y, rows_of(op_a, a));
  if (op_a == Op::none)
    vy.noalias() = ma * vx;
  else
    vy.noalias() = ma.transpose() * vx;
#endif
}

}  // namespace prunekit::gemm
