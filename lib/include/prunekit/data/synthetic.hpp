#pragma once
/// Seeded synthetic datasets of any size, following scikit-learn's generators
/// (sklearn/datasets/_samples_generator.py: make_classification, make_regression), which adapt
/// the design of Guyon, "Design of experiments for the NIPS 2003 variable selection benchmark"
/// (2003). The algorithm and the meaning of every parameter are scikit-learn's; the random
/// numbers come from prunekit::Rng, so the values differ from scikit-learn's for the same seed.
///
/// Feature names tell each column's role (`informative_<k>`, `redundant_<k>`, `repeated_<k>`,
/// `noise_<k>`), also after the columns are shuffled, so experiments can check which features a
/// pruned model still uses.

#include <cstddef>
#include <optional>
#include <vector>

#include "prunekit/core/rng.hpp"
#include "prunekit/data/dataset.hpp"

namespace prunekit {

/// Parameters of make_classification; defaults are scikit-learn's.
struct ClassificationParams {
  std::size_t n_samples = 100;
  /// Total features = informative + redundant + repeated + noise (the rest).
  std::size_t n_features = 20;
  /// Features drawn from Gaussian clusters centred on hypercube vertices.
  std::size_t n_informative = 2;
  /// Random linear combinations of the informative features.
  std::size_t n_redundant = 2;
  /// Copies of informative or redundant features, drawn at random.
  std::size_t n_repeated = 0;
  std::size_t n_classes = 2;
  /// Gaussian clusters per class; n_classes * n_clusters_per_class <= 2^n_informative.
  std::size_t n_clusters_per_class = 2;
  /// Proportion of samples per class (n_classes or n_classes - 1 values, the last one then
  /// being 1 - their sum); empty means balanced.
  std::vector<double> weights = {};
  /// Fraction of samples whose class is replaced by a uniformly random one (label noise).
  double flip_y = 0.01;
  /// Half the side of the hypercube: larger values separate the classes more.
  double class_sep = 1.0;
  /// Clusters on the vertices of a hypercube (true) or of a random polytope (false).
  bool hypercube = true;
  /// Added to every feature; unset means a random shift per feature in [-class_sep, class_sep].
  std::optional<double> shift = 0.0;
  /// Multiplies every feature after the shift; unset means a random scale per feature in [1, 101].
  std::optional<double> scale = 1.0;
  /// Shuffle the rows and the columns.
  bool shuffle = true;
};

/// A classification dataset (class names `0` .. `n_classes-1`, target `label`): each cluster's
/// informative features are N(0, I) times a random matrix A in [-1, 1]^(k x k), plus the
/// cluster's vertex; redundant = informative x B with B in [-1, 1]^(k x r); noise = N(0, 1).
/// Throws InvalidArgument for impossible parameters.
[[nodiscard]] Dataset make_classification(const ClassificationParams& params, Rng& rng);

/// Parameters of make_regression; defaults are scikit-learn's.
struct RegressionParams {
  std::size_t n_samples = 100;
  std::size_t n_features = 100;
  /// Features with a non-zero coefficient (capped at n_features).
  std::size_t n_informative = 10;
  double bias = 0.0;
  /// Standard deviation of the Gaussian noise added to the target.
  double noise = 0.0;
  bool shuffle = true;
};

/// A regression dataset: X ~ N(0, I), y = X w + bias + N(0, noise^2), with w uniform in
/// [0, 100) on the informative features and 0 elsewhere. If `coefficients` is given it receives
/// w in the dataset's column order. Throws InvalidArgument for impossible parameters.
[[nodiscard]] Dataset make_regression(const RegressionParams& params, Rng& rng,
                                      std::vector<double>* coefficients = nullptr);

}  // namespace prunekit
