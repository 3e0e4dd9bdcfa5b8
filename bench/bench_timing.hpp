#pragma once
// The benchmark programs' clocks and medians. On a shared machine thread CPU time (the default)
// excludes the time this thread waits while other processes run; `--clock wall` switches to the
// monotonic wall clock.

#include <algorithm>
#include <ctime>
#include <vector>

namespace prunekit::bench {

/// True: thread CPU time; false: the monotonic wall clock.
inline bool& cpu_clock() {
  static bool use_cpu = true;
  return use_cpu;
}

inline double now_us() {
  timespec ts{};
  clock_gettime(cpu_clock() ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) * 1e-3;
}

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n == 0 ? 0.0 : (n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]));
}

/// Median time of `iters` calls of f in microseconds, after max(warm_up, iters / 10) warm-up calls.
template <typename F>
double time_us(F&& f, int iters, int warm_up = 10) {
  for (int i = 0; i < std::max(warm_up, iters / 10); ++i) f();
  std::vector<double> t;
  t.reserve(static_cast<std::size_t>(iters));
  for (int i = 0; i < iters; ++i) {
    const double a = now_us();
    f();
    t.push_back(now_us() - a);
  }
  return median(t);
}

}  // namespace prunekit::bench
