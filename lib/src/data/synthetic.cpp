#include "prunekit/data/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <string>

#include "prunekit/core/error.hpp"

namespace prunekit {
namespace {

/// `samples` distinct vertices of the unit hypercube in `dimensions` dimensions (0/1 values,
/// row-major), as sklearn's _generate_hypercube: beyond 30 dimensions the extra leading ones
/// are random bits and the last 30 are distinct.
std::vector<double> hypercube_vertices(std::size_t samples, std::size_t dimensions, Rng& rng) {
  std::vector<double> out(samples * dimensions, 0.0);
  const std::size_t distinct_dims = std::min<std::size_t>(dimensions, 30);
  const std::size_t extra = dimensions - distinct_dims;
  for (std::size_t s = 0; s < samples; ++s)
    for (std::size_t k = 0; k < extra; ++k)
      out[s * dimensions + k] = static_cast<double>(rng.below(2));
  const std::uint64_t space = std::uint64_t{1} << distinct_dims;
  std::set<std::uint64_t> used;
  for (std::size_t s = 0; s < samples; ++s) {
    std::uint64_t v = rng.below(space);
    while (used.contains(v)) v = rng.below(space);
    used.insert(v);
    for (std::size_t b = 0; b < distinct_dims; ++b)  // most significant bit first
      out[s * dimensions + extra + b] = static_cast<double>((v >> (distinct_dims - 1 - b)) & 1U);
  }
  return out;
}

/// Stores row-major `x` (rows x d) into `data` column-major, columns and rows permuted.
void store(Dataset& data, const std::vector<double>& x, std::size_t d,
           const std::vector<std::size_t>& row_order,
           const std::vector<std::size_t>& column_order) {
  const std::size_t n = data.rows;
  data.features.resize(n * d);
  for (std::size_t j = 0; j < d; ++j) {
    float* column = data.features.data() + j * n;
    const std::size_t source = column_order[j];
    for (std::size_t i = 0; i < n; ++i)
      column[i] = static_cast<float>(x[row_order[i] * d + source]);
  }
}

std::vector<std::size_t> identity(std::size_t n) {
  std::vector<std::size_t> v(n);
  std::iota(v.begin(), v.end(), std::size_t{0});
  return v;
}

/// Row and column permutations: identity, or shuffled (rows first) when `shuffle` is set.
struct Orders {
  std::vector<std::size_t> rows;
  std::vector<std::size_t> columns;
};

Orders draw_orders(std::size_t n, std::size_t d, bool shuffle, Rng& rng) {
  Orders orders{identity(n), identity(d)};
  if (shuffle) {
    rng.shuffle(std::span<std::size_t>(orders.rows));
    rng.shuffle(std::span<std::size_t>(orders.columns));
  }
  return orders;
}

/// A dataset with the synthetic provenance and `rows` rows; features and targets come later.
Dataset synthetic_dataset(std::size_t rows, Task task, const char* generator) {
  Dataset data;
  data.rows = rows;
  data.provenance.name = "synthetic";
  data.provenance.source = std::string(generator) + " (scikit-learn's algorithm, prunekit::Rng)";
  data.schema.task = task;
  data.schema.target_name = task == Task::classification ? "label" : "target";
  return data;
}

// ---- make_classification, step by step (each step draws from `rng` in sklearn's order) ----

void check_classification_params(const ClassificationParams& p) {
  const std::size_t d = p.n_features;
  const std::size_t k = p.n_informative;
  if (p.n_samples == 0) throw InvalidArgument("make_classification: n_samples must be >= 1");
  if (k == 0) throw InvalidArgument("make_classification: n_informative must be >= 1");
  if (k + p.n_redundant + p.n_repeated > d)
    throw InvalidArgument("make_classification: informative (" + std::to_string(k) +
                          ") + redundant (" + std::to_string(p.n_redundant) + ") + repeated (" +
                          std::to_string(p.n_repeated) + ") features exceed n_features (" +
                          std::to_string(d) + ")");
  if (p.n_classes < 2) throw InvalidArgument("make_classification: n_classes must be >= 2");
  if (p.n_clusters_per_class == 0)
    throw InvalidArgument("make_classification: n_clusters_per_class must be >= 1");
  const std::size_t n_clusters = p.n_classes * p.n_clusters_per_class;
  if (std::log2(static_cast<double>(n_clusters)) > static_cast<double>(k))
    throw InvalidArgument("make_classification: n_classes (" + std::to_string(p.n_classes) +
                          ") x n_clusters_per_class (" + std::to_string(p.n_clusters_per_class) +
                          ") must be <= 2^n_informative (" + std::to_string(k) + ")");
  if (!(p.flip_y >= 0.0 && p.flip_y <= 1.0))
    throw InvalidArgument("make_classification: flip_y must be in [0, 1]");
  if (!(p.class_sep >= 0.0)) throw InvalidArgument("make_classification: class_sep must be >= 0");
}

/// The class proportions: p.weights, completed by the last class when one short, or uniform.
std::vector<double> class_proportions(const ClassificationParams& p) {
  std::vector<double> weights = p.weights;
  if (weights.empty()) {
    weights.assign(p.n_classes, 1.0 / static_cast<double>(p.n_classes));
  } else if (weights.size() == p.n_classes - 1) {
    weights.push_back(1.0 - std::accumulate(weights.begin(), weights.end(), 0.0));
  } else if (weights.size() != p.n_classes) {
    throw InvalidArgument("make_classification: " + std::to_string(weights.size()) +
                          " weights for " + std::to_string(p.n_classes) + " classes");
  }
  for (double w : weights)
    if (!(w >= 0.0)) throw InvalidArgument("make_classification: weights must be >= 0");
  return weights;
}

/// Samples per cluster, by class weight; the remainder goes round-robin.
std::vector<std::size_t> cluster_sizes(const ClassificationParams& p,
                                       const std::vector<double>& weights) {
  const std::size_t n = p.n_samples;
  const std::size_t n_clusters = p.n_classes * p.n_clusters_per_class;
  std::vector<std::size_t> per_cluster(n_clusters);
  std::size_t assigned = 0;
  for (std::size_t c = 0; c < n_clusters; ++c) {
    per_cluster[c] = static_cast<std::size_t>(static_cast<double>(n) * weights[c % p.n_classes] /
                                              static_cast<double>(p.n_clusters_per_class));
    assigned += per_cluster[c];
  }
  if (assigned > n) throw InvalidArgument("make_classification: weights sum to more than 1");
  for (std::size_t i = 0; i < n - assigned; ++i) ++per_cluster[i % n_clusters];
  return per_cluster;
}

/// Cluster centroids (n_clusters x k, row-major) on the vertices of a hypercube with side
/// 2 * class_sep, each shrunk by random factors unless p.hypercube.
std::vector<double> cluster_centroids(const ClassificationParams& p, std::size_t n_clusters,
                                      Rng& rng) {
  const std::size_t k = p.n_informative;
  std::vector<double> centroids = hypercube_vertices(n_clusters, k, rng);
  for (double& c : centroids) c = c * 2.0 * p.class_sep - p.class_sep;
  if (!p.hypercube) {
    for (std::size_t c = 0; c < n_clusters; ++c) {
      const double u = rng.uniform();
      for (std::size_t j = 0; j < k; ++j) centroids[c * k + j] *= u;
    }
    for (std::size_t j = 0; j < k; ++j) {
      const double u = rng.uniform();
      for (std::size_t c = 0; c < n_clusters; ++c) centroids[c * k + j] *= u;
    }
  }
  return centroids;
}

/// The informative features (the first k columns of row-major `x`, n x d) and the labels:
/// standard normal draws, then per cluster a random covariance (x <- x A, A uniform in
/// [-1, 1]) and a shift to the cluster's vertex.
void draw_informative(const ClassificationParams& p, const std::vector<std::size_t>& per_cluster,
                      const std::vector<double>& centroids, std::vector<double>& x,
                      std::vector<std::int32_t>& y, Rng& rng) {
  const std::size_t n = p.n_samples;
  const std::size_t d = p.n_features;
  const std::size_t k = p.n_informative;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < k; ++j) x[i * d + j] = rng.normal();
  std::vector<double> a(k * k);
  std::vector<double> row(k);
  std::size_t stop = 0;
  for (std::size_t c = 0; c < per_cluster.size(); ++c) {
    const std::size_t start = stop;
    stop += per_cluster[c];
    for (double& v : a) v = 2.0 * rng.uniform() - 1.0;
    for (std::size_t i = start; i < stop; ++i) {
      y[i] = static_cast<std::int32_t>(c % p.n_classes);
      for (std::size_t j = 0; j < k; ++j) row[j] = x[i * d + j];
      for (std::size_t j = 0; j < k; ++j) {
        double s = 0.0;
        for (std::size_t m = 0; m < k; ++m) s += row[m] * a[m * k + j];
        x[i * d + j] = s + centroids[c * k + j];
      }
    }
  }
}

/// Redundant features x_inf B (B uniform in [-1, 1]), repeated copies of informative or
/// redundant ones, then standard normal noise in the remaining columns.
void draw_derived_and_noise(const ClassificationParams& p, std::vector<double>& x, Rng& rng) {
  const std::size_t n = p.n_samples;
  const std::size_t d = p.n_features;
  const std::size_t k = p.n_informative;
  const std::size_t r = p.n_redundant;
  if (r > 0) {
    std::vector<double> b(k * r);
    for (double& v : b) v = 2.0 * rng.uniform() - 1.0;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < r; ++j) {
        double s = 0.0;
        for (std::size_t m = 0; m < k; ++m) s += x[i * d + m] * b[m * r + j];
        x[i * d + k + j] = s;
      }
  }
  if (p.n_repeated > 0) {
    const std::size_t base = k + r;
    for (std::size_t j = 0; j < p.n_repeated; ++j) {
      const auto source =
          static_cast<std::size_t>(static_cast<double>(base - 1) * rng.uniform() + 0.5);
      for (std::size_t i = 0; i < n; ++i) x[i * d + base + j] = x[i * d + source];
    }
  }
  const std::size_t first_noise = k + r + p.n_repeated;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = first_noise; j < d; ++j) x[i * d + j] = rng.normal();
}

/// Label noise: a fraction flip_y of the rows gets a uniformly random class.
void flip_labels(const ClassificationParams& p, std::vector<std::int32_t>& y, Rng& rng) {
  if (!(p.flip_y > 0.0)) return;
  const std::size_t n = y.size();
  std::vector<bool> flip(n);
  for (std::size_t i = 0; i < n; ++i) flip[i] = rng.uniform() < p.flip_y;
  for (std::size_t i = 0; i < n; ++i)
    if (flip[i]) y[i] = static_cast<std::int32_t>(rng.below(p.n_classes));
}

/// Every feature shifted and scaled, by p.shift / p.scale or by random per-column values.
void shift_and_scale(const ClassificationParams& p, std::vector<double>& x, Rng& rng) {
  const std::size_t d = p.n_features;
  std::vector<double> shift(d, p.shift.value_or(0.0));
  if (!p.shift)
    for (double& s : shift) s = (2.0 * rng.uniform() - 1.0) * p.class_sep;
  std::vector<double> scale(d, p.scale.value_or(1.0));
  if (!p.scale)
    for (double& s : scale) s = 1.0 + 100.0 * rng.uniform();
  for (std::size_t i = 0; i < p.n_samples; ++i)
    for (std::size_t j = 0; j < d; ++j) x[i * d + j] = (x[i * d + j] + shift[j]) * scale[j];
}

/// Column j's name by its role before shuffling: informative_i, redundant_i, repeated_i, noise_i.
std::string classification_feature_name(const ClassificationParams& p, std::size_t j) {
  const std::size_t k = p.n_informative;
  const std::size_t r = p.n_redundant;
  const std::size_t first_noise = k + r + p.n_repeated;
  if (j < k) return "informative_" + std::to_string(j);
  if (j < k + r) return "redundant_" + std::to_string(j - k);
  if (j < first_noise) return "repeated_" + std::to_string(j - k - r);
  return "noise_" + std::to_string(j - first_noise);
}

}  // namespace

Dataset make_classification(const ClassificationParams& p, Rng& rng) {
  check_classification_params(p);
  const std::size_t n = p.n_samples;
  const std::size_t d = p.n_features;
  const std::vector<std::size_t> per_cluster = cluster_sizes(p, class_proportions(p));
  const std::vector<double> centroids = cluster_centroids(p, per_cluster.size(), rng);

  std::vector<double> x(n * d, 0.0);  // row-major while generating
  std::vector<std::int32_t> y(n, 0);
  draw_informative(p, per_cluster, centroids, x, y, rng);
  draw_derived_and_noise(p, x, rng);
  flip_labels(p, y, rng);
  shift_and_scale(p, x, rng);
  const Orders orders = draw_orders(n, d, p.shuffle, rng);

  Dataset data = synthetic_dataset(n, Task::classification, "make_classification");
  for (std::size_t c = 0; c < p.n_classes; ++c)
    data.schema.class_names.push_back(std::to_string(c));
  data.schema.features.resize(d);
  for (std::size_t j = 0; j < d; ++j)
    data.schema.features[j].name = classification_feature_name(p, orders.columns[j]);
  store(data, x, d, orders.rows, orders.columns);
  data.labels.resize(n);
  for (std::size_t i = 0; i < n; ++i) data.labels[i] = y[orders.rows[i]];
  return data;
}

Dataset make_regression(const RegressionParams& p, Rng& rng, std::vector<double>* coefficients) {
  const std::size_t n = p.n_samples;
  const std::size_t d = p.n_features;
  if (n == 0) throw InvalidArgument("make_regression: n_samples must be >= 1");
  if (d == 0) throw InvalidArgument("make_regression: n_features must be >= 1");
  if (!(p.noise >= 0.0)) throw InvalidArgument("make_regression: noise must be >= 0");
  const std::size_t k = std::min(p.n_informative, d);

  std::vector<double> x(n * d);
  for (double& v : x) v = rng.normal();
  std::vector<double> w(d, 0.0);
  for (std::size_t j = 0; j < k; ++j) w[j] = 100.0 * rng.uniform();
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i) {
    double s = p.bias;
    for (std::size_t j = 0; j < k; ++j) s += x[i * d + j] * w[j];
    y[i] = s;
  }
  if (p.noise > 0.0)
    for (double& v : y) v += p.noise * rng.normal();

  const Orders orders = draw_orders(n, d, p.shuffle, rng);
  const std::vector<std::size_t>& row_order = orders.rows;
  const std::vector<std::size_t>& column_order = orders.columns;
  Dataset data = synthetic_dataset(n, Task::regression, "make_regression");
  data.schema.features.resize(d);
  for (std::size_t j = 0; j < d; ++j) {
    const std::size_t s = column_order[j];
    data.schema.features[j].name =
        s < k ? "informative_" + std::to_string(s) : "noise_" + std::to_string(s - k);
  }
  store(data, x, d, row_order, column_order);
  data.targets.resize(n);
  for (std::size_t i = 0; i < n; ++i) data.targets[i] = y[row_order[i]];
  if (coefficients != nullptr) {
    coefficients->resize(d);
    for (std::size_t j = 0; j < d; ++j) (*coefficients)[j] = w[column_order[j]];
  }
  return data;
}

}  // namespace prunekit
