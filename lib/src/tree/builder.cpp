#include "prunekit/tree/builder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

#include "prunekit/core/error.hpp"
#include "tree/criterion.hpp"
#include "tree/presorted_lists.hpp"
#include "tree/training_targets.hpp"

namespace prunekit {

namespace {

using tree_detail::entropy;
using tree_detail::Entry;
using tree_detail::gini;
using tree_detail::PresortedLists;
using tree_detail::variance;
using tree_detail::xlogx;

constexpr double kEpsilon = std::numeric_limits<double>::epsilon();

/// The best split found for one node.
struct Split {
  bool found = false;
  std::size_t feature = 0;
  std::size_t n_left = 0;  // the first n_left entries of the feature's node range go left
  double threshold = 0.0;
  double improvement = 0.0;  // weighted impurity decrease (scikit-learn's definition)
};

/// A node waiting to be created (depth-first stack).
struct Pending {
  std::size_t start;
  std::size_t end;
  std::size_t depth;
  std::int32_t parent;
  bool is_left;
};

/// A created leaf with a split that best-first growth may still carry out.
struct Frontier {
  double improvement;
  std::int32_t node;
  std::size_t start;
  std::size_t end;
  std::size_t depth;
  Split split;
  bool operator<(const Frontier& o) const noexcept {
    // Larger improvement first; among equals the older node (smaller id).
    if (improvement != o.improvement) return improvement < o.improvement;
    return node > o.node;
  }
};

/// The presorted exact splitter and the growth loops (memory: PresortedLists).
class Builder {
 public:
  Builder(const Dataset& data, const TreeParams& params, Rng& rng,
          std::span<const double> sample_weight)
      : data_(data), params_(params), rng_(rng) {
    n_ = data.rows;
    n_features_ = data.n_features();
    classification_ = data.is_classification();
    criterion_ =
        params.criterion.value_or(classification_ ? Criterion::gini : Criterion::squared_error);
    if (classification_ == (criterion_ == Criterion::squared_error))
      throw InvalidArgument(std::string("decision tree: criterion ") + to_string(criterion_) +
                            " does not fit a " + to_string(data.schema.task) + " task");
    if (n_ == 0) throw InvalidArgument("decision tree: no training rows");
    if (n_ > std::numeric_limits<std::uint32_t>::max())
      throw InvalidArgument("decision tree: more than 2^32 - 1 rows");
    if (data.features.size() != n_ * n_features_)
      throw InvalidArgument("decision tree: feature matrix size does not match rows x features");
    n_classes_ = classification_ ? std::max<std::size_t>(data.n_classes(), 1) : 0;
    tree_detail::TrainingTargets targets =
        tree_detail::training_targets(data, params, n_classes_, sample_weight);
    labels_ = std::move(targets.labels);
    weights_ = std::move(targets.weights);
    total_weight_ = targets.total_weight;
    weighted_ = targets.weighted;
    min_samples_split_ = std::max<std::size_t>(params.min_samples_split.resolve(n_), 2);
    min_samples_leaf_ = std::max<std::size_t>(params.min_samples_leaf.resolve(n_), 1);
    min_samples_split_ = std::max(min_samples_split_, 2 * min_samples_leaf_);
    min_weight_leaf_ = params.min_weight_fraction_leaf * total_weight_;
    // Without weights a weight bound is a count bound (the unweighted scans check counts only).
    if (!weighted_)
      min_samples_leaf_ =
          std::max(min_samples_leaf_, static_cast<std::size_t>(std::ceil(min_weight_leaf_)));
    max_features_ = params.max_features.resolve(n_features_);
    random_order_ = params.feature_order == FeatureOrder::random;
    max_depth_ = params.max_depth.value_or(std::numeric_limits<std::size_t>::max());
    feature_order_.resize(n_features_);
    for (std::size_t f = 0; f < n_features_; ++f) feature_order_[f] = f;
    counts_.assign(3 * std::max<std::size_t>(n_classes_, 1), 0.0);
  }

  Tree build() {
    lists_.sort(data_);
    tree_.task = data_.schema.task;
    tree_.criterion = criterion_;
    tree_.n_features = n_features_;
    tree_.n_classes = classification_ ? n_classes_ : 0;
    for (const auto& f : data_.schema.features) tree_.feature_names.push_back(f.name);
    if (classification_) tree_.class_names = data_.schema.class_names;
    if (params_.max_leaf_nodes)
      grow_best_first(*params_.max_leaf_nodes);
    else
      grow_depth_first();
    lists_.release();
    return std::move(tree_);
  }

 private:
  // ---- node statistics ------------------------------------------------------------------

  /// Appends node [start, end) to the tree with its statistics (totals in node_totals_).
  std::int32_t add_node(std::size_t start, std::size_t end, std::int32_t parent, bool is_left) {
    const auto id = static_cast<std::int32_t>(tree_.children_left.size());
    if (parent != kNoNode) {
      auto& link = is_left ? tree_.children_left : tree_.children_right;
      link[static_cast<std::size_t>(parent)] = id;
    }
    const Entry* e = lists_.list(0);
    double weight = 0.0;
    double impurity = 0.0;
    if (classification_) {
      double* counts = node_counts();
      std::fill(counts, counts + n_classes_, 0.0);
      if (weighted_) {
        for (std::size_t i = start; i < end; ++i) counts[labels_[e[i].row]] += weights_[e[i].row];
      } else {
        for (std::size_t i = start; i < end; ++i) counts[labels_[e[i].row]] += 1.0;
      }
      for (std::size_t c = 0; c < n_classes_; ++c) weight += counts[c];
      impurity = criterion_ == Criterion::gini ? gini(counts, n_classes_, weight)
                                               : entropy(counts, n_classes_, weight);
      tree_.value.insert(tree_.value.end(), counts, counts + n_classes_);
    } else {
      double sy = 0.0;
      double syy = 0.0;
      const double* y = data_.targets.data();
      for (std::size_t i = start; i < end; ++i) {
        const std::uint32_t r = e[i].row;
        const double w = weighted_ ? weights_[r] : 1.0;
        weight += w;
        sy += w * y[r];
        syy += w * y[r] * y[r];
      }
      node_sum_y_ = sy;
      impurity = variance(weight, sy, syy);
      tree_.value.push_back(weight > 0.0 ? sy / weight : 0.0);
    }
    node_weight_ = weight;
    tree_.children_left.push_back(kNoNode);
    tree_.children_right.push_back(kNoNode);
    tree_.feature.push_back(kNoNode);
    tree_.threshold.push_back(0.0);
    tree_.impurity.push_back(impurity);
    tree_.n_node_samples.push_back(static_cast<std::int64_t>(end - start));
    tree_.weighted_n_node_samples.push_back(weight);
    return id;
  }

  double* node_counts() noexcept { return counts_.data(); }
  double* left_counts() noexcept { return counts_.data() + n_classes_; }

  // ---- the splitter ---------------------------------------------------------------------

  /// The best split of the node just added (its totals are in node_*), or found = false.
  Split find_split(std::size_t node, std::size_t start, std::size_t end, std::size_t depth) {
    Split best;
    const std::size_t n = end - start;
    const double impurity = tree_.impurity[node];
    if (depth >= max_depth_ || n < min_samples_split_ || n < 2 * min_samples_leaf_ ||
        node_weight_ < 2.0 * min_weight_leaf_ || impurity <= kEpsilon)
      return best;

    double best_proxy = -std::numeric_limits<double>::infinity();
    // Features in a fresh random order (feature_order = random, or sampling), scikit-learn's
    // rule: draw until max_features non-constant features have been evaluated (constant ones
    // do not count). The first strictly best split wins, so the order breaks ties.
    const bool sample = max_features_ < n_features_ || random_order_;
    std::size_t visited = 0;
    for (std::size_t k = 0; k < n_features_ && visited < max_features_; ++k) {
      if (sample) {
        const std::size_t j = k + static_cast<std::size_t>(rng_.below(n_features_ - k));
        std::swap(feature_order_[k], feature_order_[j]);
      }
      const std::size_t f = feature_order_[k];
      const Entry* e = lists_.list(f) + start;
      if (!(e[n - 1].value > e[0].value)) continue;  // constant in this node
      ++visited;
      std::size_t pos = 0;
      const double proxy = scan(e, n, pos);
      if (pos != 0 && proxy > best_proxy) {
        best_proxy = proxy;
        best.found = true;
        best.feature = f;
        best.n_left = pos;
      }
    }
    if (!best.found) return best;

    // Threshold: midpoint of the two values around the cut, in double (scikit-learn).
    const Entry* e = lists_.list(best.feature) + start;
    const float lo = e[best.n_left - 1].value;
    const float hi = e[best.n_left].value;
    double threshold = static_cast<double>(lo) / 2.0 + static_cast<double>(hi) / 2.0;
    if (threshold == static_cast<double>(hi) || std::isinf(threshold))
      threshold = static_cast<double>(lo);
    best.threshold = threshold;

    // The exact impurity decrease, weighted by the node's share of the total weight.
    const auto [w_left, imp_left, imp_right] = child_impurities(e, best.n_left, n);
    const double w_right = node_weight_ - w_left;
    best.improvement =
        node_weight_ / total_weight_ *
        (impurity - w_left / node_weight_ * imp_left - w_right / node_weight_ * imp_right);
    if (best.improvement + kEpsilon < params_.min_impurity_decrease) best.found = false;
    return best;
  }

  struct ChildStats {
    double w_left;
    double imp_left;
    double imp_right;
  };

  ChildStats child_impurities(const Entry* e, std::size_t n_left, std::size_t n) {
    if (classification_) {
      double* total = node_counts();
      double* left = left_counts();
      double* right = counts_.data() + 2 * n_classes_;
      std::fill(left, left + n_classes_, 0.0);
      for (std::size_t i = 0; i < n_left; ++i)
        left[labels_[e[i].row]] += weighted_ ? weights_[e[i].row] : 1.0;
      double wl = 0.0;
      double wr = 0.0;
      for (std::size_t c = 0; c < n_classes_; ++c) {
        right[c] = total[c] - left[c];
        wl += left[c];
        wr += right[c];
      }
      const bool g = criterion_ == Criterion::gini;
      return {wl, g ? gini(left, n_classes_, wl) : entropy(left, n_classes_, wl),
              g ? gini(right, n_classes_, wr) : entropy(right, n_classes_, wr)};
    }
    const double* y = data_.targets.data();
    double sw[2] = {0.0, 0.0};
    double sy[2] = {0.0, 0.0};
    double syy[2] = {0.0, 0.0};
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t r = e[i].row;
      const double w = weighted_ ? weights_[r] : 1.0;
      const int s = i < n_left ? 0 : 1;
      sw[s] += w;
      sy[s] += w * y[r];
      syy[s] += w * y[r] * y[r];
    }
    return {sw[0], variance(sw[0], sy[0], syy[0]), variance(sw[1], sy[1], syy[1])};
  }

  /// Scans one feature's sorted node list; returns the best proxy and sets pos to the number
  /// of entries going left (0 when no valid cut exists).
  double scan(const Entry* e, std::size_t n, std::size_t& pos) {
    if (!classification_) {
      return weighted_ ? scan_regression<true>(e, n, pos) : scan_regression<false>(e, n, pos);
    }
    if (criterion_ == Criterion::gini) {
      if (!weighted_ && n_classes_ == 2) return scan_gini_binary(e, n, pos);
      return weighted_ ? scan_classes<true, true>(e, n, pos) : scan_classes<true, false>(e, n, pos);
    }
    return weighted_ ? scan_classes<false, true>(e, n, pos) : scan_classes<false, false>(e, n, pos);
  }

  /// Unweighted Gini with two classes: counts are integers, proxy = (l0^2 + l1^2) / nl +
  /// (r0^2 + r1^2) / nr (scikit-learn's proxy up to constants).
  double scan_gini_binary(const Entry* e, std::size_t n, std::size_t& pos) {
    const double t1 = node_counts()[1];
    const double total = static_cast<double>(n);
    const std::size_t lo = min_samples_leaf_;
    const std::size_t hi = n - min_samples_leaf_;  // last allowed n_left
    const std::uint32_t* labels = labels_.data();
    std::uint32_t l1 = 0;
    for (std::size_t i = 0; i + 1 < lo; ++i) l1 += labels[e[i].row];
    double best = -std::numeric_limits<double>::infinity();
    std::size_t best_pos = 0;
    for (std::size_t i = lo - 1; i < hi; ++i) {
      l1 += labels[e[i].row];
      if (!(e[i + 1].value > e[i].value)) continue;
      const double nl = static_cast<double>(i + 1);
      const double nr = total - nl;
      const double a1 = static_cast<double>(l1);
      const double a0 = nl - a1;
      const double b1 = t1 - a1;
      const double b0 = nr - b1;
      const double proxy = (a0 * a0 + a1 * a1) / nl + (b0 * b0 + b1 * b1) / nr;
      if (proxy > best) {
        best = proxy;
        best_pos = i + 1;
      }
    }
    pos = best_pos;
    return best;
  }

  template <bool kGini, bool kWeighted>
  double scan_classes(const Entry* e, std::size_t n, std::size_t& pos) {
    const std::size_t k = n_classes_;
    const double* total = node_counts();
    double* left = left_counts();
    std::fill(left, left + k, 0.0);
    const std::size_t lo = min_samples_leaf_;
    const std::size_t hi = n - min_samples_leaf_;
    double wl = 0.0;
    for (std::size_t i = 0; i + 1 < lo; ++i) {
      const std::uint32_t r = e[i].row;
      const double w = kWeighted ? weights_[r] : 1.0;
      left[labels_[r]] += w;
      wl += w;
    }
    double best = -std::numeric_limits<double>::infinity();
    std::size_t best_pos = 0;
    for (std::size_t i = lo - 1; i < hi; ++i) {
      const std::uint32_t r = e[i].row;
      const double w = kWeighted ? weights_[r] : 1.0;
      left[labels_[r]] += w;
      wl += w;
      if (!(e[i + 1].value > e[i].value)) continue;
      const double wr = node_weight_ - wl;
      if constexpr (kWeighted) {
        if (wl < min_weight_leaf_ || wr < min_weight_leaf_ || wl <= 0.0 || wr <= 0.0) continue;
      }
      double proxy;
      if constexpr (kGini) {
        double sl = 0.0;
        double sr = 0.0;
        for (std::size_t c = 0; c < k; ++c) {
          const double b = total[c] - left[c];
          sl += left[c] * left[c];
          sr += b * b;
        }
        proxy = sl / wl + sr / wr;
      } else {
        // -(wl * H_left + wr * H_right) in nats.
        double s = -xlogx(wl) - xlogx(wr);
        for (std::size_t c = 0; c < k; ++c) s += xlogx(left[c]) + xlogx(total[c] - left[c]);
        proxy = s;
      }
      if (proxy > best) {
        best = proxy;
        best_pos = i + 1;
      }
    }
    pos = best_pos;
    return best;
  }

  template <bool kWeighted>
  double scan_regression(const Entry* e, std::size_t n, std::size_t& pos) {
    const double* y = data_.targets.data();
    const double sum = node_sum_y_;
    const std::size_t lo = min_samples_leaf_;
    const std::size_t hi = n - min_samples_leaf_;
    double wl = 0.0;
    double sl = 0.0;
    for (std::size_t i = 0; i + 1 < lo; ++i) {
      const std::uint32_t r = e[i].row;
      const double w = kWeighted ? weights_[r] : 1.0;
      wl += w;
      sl += w * y[r];
    }
    double best = -std::numeric_limits<double>::infinity();
    std::size_t best_pos = 0;
    for (std::size_t i = lo - 1; i < hi; ++i) {
      const std::uint32_t r = e[i].row;
      const double w = kWeighted ? weights_[r] : 1.0;
      wl += w;
      sl += w * y[r];
      if (!(e[i + 1].value > e[i].value)) continue;
      const double wr = node_weight_ - wl;
      if constexpr (kWeighted) {
        if (wl < min_weight_leaf_ || wr < min_weight_leaf_ || wl <= 0.0 || wr <= 0.0) continue;
      }
      const double sr = sum - sl;
      const double proxy = sl * sl / wl + sr * sr / wr;
      if (proxy > best) {
        best = proxy;
        best_pos = i + 1;
      }
    }
    pos = best_pos;
    return best;
  }

  void apply_split(std::int32_t node, const Split& split) {
    const auto t = static_cast<std::size_t>(node);
    tree_.feature[t] = static_cast<std::int32_t>(split.feature);
    tree_.threshold[t] = split.threshold;
  }

  // ---- growth ---------------------------------------------------------------------------

  void grow_depth_first() {
    std::vector<Pending> stack;
    stack.reserve(64);
    stack.push_back({0, n_, 0, kNoNode, false});
    while (!stack.empty()) {
      const Pending p = stack.back();
      stack.pop_back();
      const std::int32_t node = add_node(p.start, p.end, p.parent, p.is_left);
      const Split split = find_split(static_cast<std::size_t>(node), p.start, p.end, p.depth);
      if (!split.found) continue;
      apply_split(node, split);
      const std::size_t mid = p.start + split.n_left;
      lists_.partition(split.feature, p.start, mid, p.end);
      // Right first so that the left child is created next (depth-first pre-order ids).
      stack.push_back({mid, p.end, p.depth + 1, node, false});
      stack.push_back({p.start, mid, p.depth + 1, node, true});
    }
  }

  void grow_best_first(std::size_t max_leaves) {
    std::priority_queue<Frontier> frontier;
    auto create = [&](std::size_t start, std::size_t end, std::size_t depth, std::int32_t parent,
                      bool is_left) {
      const std::int32_t node = add_node(start, end, parent, is_left);
      const Split split = find_split(static_cast<std::size_t>(node), start, end, depth);
      if (split.found) frontier.push({split.improvement, node, start, end, depth, split});
    };
    create(0, n_, 0, kNoNode, false);
    std::size_t leaves = 1;
    while (!frontier.empty() && leaves < max_leaves) {
      const Frontier f = frontier.top();
      frontier.pop();
      apply_split(f.node, f.split);
      const std::size_t mid = f.start + f.split.n_left;
      lists_.partition(f.split.feature, f.start, mid, f.end);
      create(f.start, mid, f.depth + 1, f.node, true);
      create(mid, f.end, f.depth + 1, f.node, false);
      ++leaves;
    }
  }

  const Dataset& data_;
  const TreeParams& params_;
  Rng& rng_;
  std::size_t n_ = 0;
  std::size_t n_features_ = 0;
  std::size_t n_classes_ = 0;
  bool classification_ = true;
  bool weighted_ = false;
  Criterion criterion_ = Criterion::gini;
  std::size_t min_samples_split_ = 2;
  std::size_t min_samples_leaf_ = 1;
  double min_weight_leaf_ = 0.0;
  std::size_t max_features_ = 0;
  bool random_order_ = true;
  std::size_t max_depth_ = 0;
  double total_weight_ = 0.0;

  std::vector<std::uint32_t> labels_;
  std::vector<double> weights_;
  PresortedLists lists_;
  std::vector<std::size_t> feature_order_;
  std::vector<double> counts_;  // node totals | left | right, n_classes each
  double node_weight_ = 0.0;
  double node_sum_y_ = 0.0;
  Tree tree_;
};

}  // namespace

Tree build_tree(const Dataset& data, const TreeParams& params, Rng& rng,
                std::span<const double> sample_weight) {
  check_params(params);
  Builder builder(data, params, rng, sample_weight);
  return builder.build();
}

}  // namespace prunekit
