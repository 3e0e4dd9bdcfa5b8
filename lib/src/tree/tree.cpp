#include "prunekit/tree/tree.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "prunekit/core/error.hpp"

namespace prunekit {

std::size_t Tree::n_leaves() const noexcept {
  return static_cast<std::size_t>(std::count(children_left.begin(), children_left.end(), kNoNode));
}

std::vector<std::size_t> Tree::node_depths() const {
  std::vector<std::size_t> d(n_nodes(), 0);
  // Children come after parents, so one forward pass sees every parent first.
  for (std::size_t t = 0; t < n_nodes(); ++t) {
    if (is_leaf(t)) continue;
    d[static_cast<std::size_t>(children_left[t])] = d[t] + 1;
    d[static_cast<std::size_t>(children_right[t])] = d[t] + 1;
  }
  return d;
}

std::size_t Tree::depth() const {
  if (n_nodes() == 0) return 0;
  const auto d = node_depths();
  return *std::max_element(d.begin(), d.end());
}

double Tree::node_prediction(std::size_t node) const noexcept {
  const auto v = node_value(node);
  if (task == Task::regression) return v[0];
  std::size_t best = 0;
  for (std::size_t c = 1; c < v.size(); ++c)
    if (v[c] > v[best]) best = c;
  return static_cast<double>(best);
}

double Tree::node_risk(std::size_t node) const noexcept {
  if (task == Task::regression) return weighted_n_node_samples[node] * impurity[node];
  const auto v = node_value(node);
  double total = 0.0;
  double top = 0.0;
  for (double x : v) {
    total += x;
    top = std::max(top, x);
  }
  return total - top;
}

namespace {

/// The node arrays packed for traversal. A leaf points to itself through both children, so
/// that a group of rows can descend in lock-step without a branch per level.
struct PackedNode {
  double threshold;
  std::int32_t child[2];  // [0] when x <= threshold, [1] otherwise
  std::int32_t feature;
  std::int32_t leaf;
};

std::vector<PackedNode> pack(const Tree& tree) {
  std::vector<PackedNode> nodes(tree.n_nodes());
  for (std::size_t t = 0; t < nodes.size(); ++t) {
    const auto self = static_cast<std::int32_t>(t);
    if (tree.is_leaf(t))
      nodes[t] = {0.0, {self, self}, 0, 1};
    else
      nodes[t] = {
          tree.threshold[t], {tree.children_left[t], tree.children_right[t]}, tree.feature[t], 0};
  }
  return nodes;
}

void check_input(const Tree& tree, const Dataset& data) {
  if (tree.n_nodes() == 0) throw InvalidArgument("decision tree: the tree is empty (not fitted)");
  if (data.n_features() != tree.n_features)
    throw InvalidArgument("decision tree: the data has " + std::to_string(data.n_features()) +
                          " features, the tree expects " + std::to_string(tree.n_features));
  if (data.features.size() != data.rows * data.n_features())
    throw InvalidArgument("decision tree: feature matrix size does not match rows x features");
}

/// Calls visit(row, leaf) for every row, one row at a time, on the tree's arrays; the same rule
/// as the packed walk: a row goes right when double(x) > threshold.
template <typename Visit>
void walk_unpacked(const Tree& tree, const Dataset& data, Visit& visit) {
  for (std::size_t row = 0; row < data.rows; ++row) {
    std::size_t t = 0;
    while (!tree.is_leaf(t)) {
      const auto f = static_cast<std::size_t>(tree.feature[t]);
      t = static_cast<std::size_t>(static_cast<double>(data.value(row, f)) > tree.threshold[t]
                                       ? tree.children_right[t]
                                       : tree.children_left[t]);
    }
    visit(row, static_cast<std::int32_t>(t));
  }
}

/// Calls visit(row, leaf) for every row. The column-major features are copied, a block of
/// rows at a time, into a small row-major buffer, so that the features one row visits on its
/// way down share a cache line or two instead of touching one line per level.
template <typename Visit>
void traverse(const Tree& tree, const Dataset& data, Visit&& visit) {
  check_input(tree, data);
  // Packing is a pass over every node; it pays once there is a row for every 32 nodes or so.
  // Fewer rows (one row from Python, say) walk the tree's own arrays instead.
  constexpr std::size_t kNodesPerRowWorthPacking = 32;
  if (data.rows * kNodesPerRowWorthPacking < tree.n_nodes()) {
    walk_unpacked(tree, data, visit);
    return;
  }
  const auto nodes = pack(tree);
  const PackedNode* nd = nodes.data();
  const std::size_t rows = data.rows;
  const std::size_t nf = data.n_features();
  constexpr std::size_t kBlock = 256;
  std::vector<float> block(kBlock * std::max<std::size_t>(nf, 1));
  for (std::size_t first = 0; first < rows; first += kBlock) {
    const std::size_t count = std::min(kBlock, rows - first);
    for (std::size_t f = 0; f < nf; ++f) {
      const float* column = data.features.data() + f * rows + first;
      for (std::size_t i = 0; i < count; ++i) block[i * nf + f] = column[i];
    }
    // Groups of kLanes rows descend together: one branch-free step per level for every lane,
    // which keeps several independent loads in flight and avoids mispredicted branches.
    constexpr std::size_t kLanes = 8;
    std::size_t i = 0;
    for (; i + kLanes <= count; i += kLanes) {
      std::int32_t at[kLanes] = {};
      const float* x = block.data() + i * nf;
      for (;;) {
        int leaves = 0;
        for (std::size_t k = 0; k < kLanes; ++k) {
          const PackedNode& n = nd[at[k]];
          leaves += n.leaf;
          const bool right =
              static_cast<double>(x[k * nf + static_cast<std::size_t>(n.feature)]) > n.threshold;
          at[k] = n.child[right];
        }
        if (leaves == static_cast<int>(kLanes)) break;
      }
      for (std::size_t k = 0; k < kLanes; ++k) visit(first + i + k, at[k]);
    }
    for (; i < count; ++i) {
      const float* x = block.data() + i * nf;
      std::int32_t t = 0;
      while (!nd[t].leaf) {
        const PackedNode& n = nd[t];
        t = n.child[static_cast<double>(x[n.feature]) > n.threshold];
      }
      visit(first + i, t);
    }
  }
}

}  // namespace

std::vector<std::int32_t> Tree::apply(const Dataset& data) const {
  std::vector<std::int32_t> leaves(data.rows);
  traverse(*this, data, [&](std::size_t row, std::int32_t leaf) { leaves[row] = leaf; });
  return leaves;
}

std::vector<double> Tree::predict(const Dataset& data) const {
  // Each reached leaf's prediction as it is reached (an argmax over its classes): working
  // them all out first would cost a pass over every node, whatever the number of rows.
  std::vector<double> out(data.rows);
  traverse(*this, data, [&](std::size_t row, std::int32_t leaf) {
    out[row] = node_prediction(static_cast<std::size_t>(leaf));
  });
  return out;
}

std::vector<double> Tree::predict_proba(const Dataset& data) const {
  if (task != Task::classification)
    throw InvalidArgument("decision tree: predict_proba needs a classification tree");
  const std::size_t k = n_classes;
  std::vector<double> out(data.rows * k);
  traverse(*this, data, [&](std::size_t row, std::int32_t leaf) {
    const auto v = node_value(static_cast<std::size_t>(leaf));
    double total = 0.0;
    for (double x : v) total += x;
    for (std::size_t c = 0; c < k; ++c) out[row * k + c] = total > 0.0 ? v[c] / total : 0.0;
  });
  return out;
}

DecisionPaths Tree::decision_path(const Dataset& data) const {
  check_input(*this, data);
  DecisionPaths paths;
  paths.indptr.reserve(data.rows + 1);
  paths.indptr.push_back(0);
  for (std::size_t row = 0; row < data.rows; ++row) {
    std::size_t t = 0;
    paths.nodes.push_back(0);
    while (!is_leaf(t)) {
      const double v = static_cast<double>(data.value(row, static_cast<std::size_t>(feature[t])));
      t = static_cast<std::size_t>(v <= threshold[t] ? children_left[t] : children_right[t]);
      paths.nodes.push_back(static_cast<std::int32_t>(t));
    }
    paths.indptr.push_back(paths.nodes.size());
  }
  return paths;
}

std::vector<double> Tree::feature_importances() const {
  std::vector<double> imp(n_features, 0.0);
  if (n_nodes() == 0) return imp;
  for (std::size_t t = 0; t < n_nodes(); ++t) {
    if (is_leaf(t)) continue;
    const auto l = static_cast<std::size_t>(children_left[t]);
    const auto r = static_cast<std::size_t>(children_right[t]);
    imp[static_cast<std::size_t>(feature[t])] += weighted_n_node_samples[t] * impurity[t] -
                                                 weighted_n_node_samples[l] * impurity[l] -
                                                 weighted_n_node_samples[r] * impurity[r];
  }
  const double root = weighted_n_node_samples[0];
  double total = 0.0;
  for (auto& v : imp) {
    v /= root;
    total += v;
  }
  if (total > 0.0)
    for (auto& v : imp) v /= total;
  return imp;
}

Tree Tree::collapsed(std::span<const bool> make_leaf) const {
  std::vector<std::int32_t> new_id;
  return collapsed(make_leaf, new_id);
}

Tree Tree::collapsed(std::span<const bool> make_leaf, std::vector<std::int32_t>& new_id) const {
  if (make_leaf.size() != n_nodes())
    throw InvalidArgument("Tree::collapsed: make_leaf has " + std::to_string(make_leaf.size()) +
                          " entries for " + std::to_string(n_nodes()) + " nodes");
  Tree out;
  out.task = task;
  out.criterion = criterion;
  out.n_features = n_features;
  out.n_classes = n_classes;
  out.feature_names = feature_names;
  out.class_names = class_names;
  new_id.assign(n_nodes(), kNoNode);
  if (n_nodes() == 0) return out;
  const std::size_t k = n_outputs();
  // Depth-first pre-order over the kept nodes: an explicit stack of (old node, new parent,
  // is-left) so that left subtrees are numbered before right ones.
  struct Item {
    std::size_t old;
    std::int32_t parent;
    bool is_left;
  };
  std::vector<Item> stack{{0, kNoNode, false}};
  while (!stack.empty()) {
    const Item it = stack.back();
    stack.pop_back();
    const auto id = static_cast<std::int32_t>(out.children_left.size());
    new_id[it.old] = id;
    if (it.parent != kNoNode)
      (it.is_left ? out.children_left : out.children_right)[static_cast<std::size_t>(it.parent)] =
          id;
    const bool leaf = is_leaf(it.old) || make_leaf[it.old];
    out.children_left.push_back(kNoNode);
    out.children_right.push_back(kNoNode);
    out.feature.push_back(leaf ? kNoNode : feature[it.old]);
    out.threshold.push_back(leaf ? 0.0 : threshold[it.old]);
    out.impurity.push_back(impurity[it.old]);
    out.n_node_samples.push_back(n_node_samples[it.old]);
    out.weighted_n_node_samples.push_back(weighted_n_node_samples[it.old]);
    const auto v = node_value(it.old);
    out.value.insert(out.value.end(), v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k));
    if (!leaf) {
      stack.push_back({static_cast<std::size_t>(children_right[it.old]), id, false});
      stack.push_back({static_cast<std::size_t>(children_left[it.old]), id, true});
    }
  }
  return out;
}

std::string Tree::validate() const {
  const std::size_t n = n_nodes();
  if (n == 0) return "the tree has no nodes";
  auto bad_len = [&](const char* name, std::size_t size, std::size_t want) {
    return std::string(name) + " has " + std::to_string(size) + " entries, expected " +
           std::to_string(want);
  };
  if (children_right.size() != n) return bad_len("children_right", children_right.size(), n);
  if (feature.size() != n) return bad_len("feature", feature.size(), n);
  if (threshold.size() != n) return bad_len("threshold", threshold.size(), n);
  if (impurity.size() != n) return bad_len("impurity", impurity.size(), n);
  if (n_node_samples.size() != n) return bad_len("n_node_samples", n_node_samples.size(), n);
  if (weighted_n_node_samples.size() != n)
    return bad_len("weighted_n_node_samples", weighted_n_node_samples.size(), n);
  if (task == Task::classification && n_classes == 0) return "a classifier needs n_classes >= 1";
  if (value.size() != n * n_outputs()) return bad_len("value", value.size(), n * n_outputs());
  if (!feature_names.empty() && feature_names.size() != n_features)
    return bad_len("feature_names", feature_names.size(), n_features);
  if (!class_names.empty() && class_names.size() != n_classes)
    return bad_len("class_names", class_names.size(), n_classes);
  std::vector<std::uint8_t> reached(n, 0);
  reached[0] = 1;
  for (std::size_t t = 0; t < n; ++t) {
    const std::string where = "node " + std::to_string(t) + ": ";
    if (!reached[t]) return where + "not reachable from the root";
    const auto l = children_left[t];
    const auto r = children_right[t];
    if ((l == kNoNode) != (r == kNoNode)) return where + "has exactly one child";
    if (l == kNoNode) continue;
    for (auto c : {l, r}) {
      if (c <= static_cast<std::int32_t>(t) || c >= static_cast<std::int32_t>(n))
        return where + "child " + std::to_string(c) + " is out of range or not after its parent";
      if (reached[static_cast<std::size_t>(c)])
        return where + "child " + std::to_string(c) + " has two parents";
      reached[static_cast<std::size_t>(c)] = 1;
    }
    if (l == r) return where + "both children are the same node";
    if (feature[t] < 0 || static_cast<std::size_t>(feature[t]) >= n_features)
      return where + "feature " + std::to_string(feature[t]) + " out of range";
    if (!std::isfinite(threshold[t])) return where + "threshold is not finite";
  }
  return {};
}

}  // namespace prunekit
