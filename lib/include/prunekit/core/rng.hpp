#pragma once
/// The one random number generator of prunekit: xoshiro256** (Blackman and Vigna 2018), seeded
/// through splitmix64. Every random draw takes an explicit Rng; there is no global state. The
/// distributions are implemented here rather than taken from <random>, whose algorithms differ
/// between standard libraries: the same seed gives the same bits everywhere.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

namespace prunekit {

class Rng {
 public:
  using result_type = std::uint64_t;

  /// Seeds the 256-bit state from one 64-bit seed (splitmix64), as the generator's authors advise.
  explicit Rng(std::uint64_t seed = 0) noexcept;

  /// A generator for an independent stream: same parent seed and same `stream`, same bits.
  /// Used to give each run, fold or tree of an experiment its own generator.
  [[nodiscard]] static Rng for_stream(std::uint64_t seed, std::uint64_t stream) noexcept;

  /// Next 64 raw bits.
  std::uint64_t operator()() noexcept;
  static constexpr std::uint64_t min() noexcept { return 0; }
  static constexpr std::uint64_t max() noexcept { return ~std::uint64_t{0}; }

  /// Uniform double in [0, 1), 53 random bits.
  [[nodiscard]] double uniform() noexcept;
  /// Uniform double in [lo, hi).
  [[nodiscard]] double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in [0, n), without modulo bias (Lemire 2019). n must be > 0.
  [[nodiscard]] std::uint64_t below(std::uint64_t n) noexcept;
  /// Standard normal deviate (Marsaglia polar method; the spare value is kept).
  [[nodiscard]] double normal() noexcept;
  /// Normal deviate with the given mean and standard deviation.
  [[nodiscard]] double normal(double mean, double sd) noexcept { return mean + sd * normal(); }

  /// Fisher-Yates shuffle driven by this generator.
  template <typename T>
  void shuffle(std::span<T> values) noexcept {
    for (std::size_t i = values.size(); i > 1; --i) {
      std::size_t j = static_cast<std::size_t>(below(i));
      std::swap(values[i - 1], values[j]);
    }
  }

 private:
  std::array<std::uint64_t, 4> state_{};
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

/// splitmix64 step: mixes a 64-bit value into a well-distributed one (used for seeding and
/// for deriving stable IDs and stream seeds).
[[nodiscard]] std::uint64_t splitmix64(std::uint64_t& state) noexcept;

}  // namespace prunekit
