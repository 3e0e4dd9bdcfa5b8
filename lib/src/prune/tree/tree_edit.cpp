#include "prune/tree/tree_edit.hpp"

#include <memory>

namespace prunekit {

Tree collapse_nodes(const Tree& tree, const std::vector<bool>& make_leaf) {
  // Tree::collapsed takes a span of bool; vector<bool> is packed, so copy it out.
  const auto flags = std::make_unique<bool[]>(make_leaf.size());
  for (std::size_t i = 0; i < make_leaf.size(); ++i) flags[i] = make_leaf[i];
  return tree.collapsed(std::span<const bool>(flags.get(), make_leaf.size()));
}

std::vector<std::int32_t> parents_of(const Tree& tree) {
  std::vector<std::int32_t> parent(tree.n_nodes(), kNoNode);
  for (std::size_t t = 0; t < tree.n_nodes(); ++t)
    if (!tree.is_leaf(t)) {
      parent[static_cast<std::size_t>(tree.children_left[t])] = static_cast<std::int32_t>(t);
      parent[static_cast<std::size_t>(tree.children_right[t])] = static_cast<std::int32_t>(t);
    }
  return parent;
}

RoutedCounts route(const Tree& tree, const Dataset& data) {
  RoutedCounts routed;
  const std::size_t n = tree.n_nodes();
  const bool classification = tree.task == Task::classification;
  if (classification)
    routed.class_counts.assign(n * tree.n_classes, 0.0);
  else {
    routed.count.assign(n, 0.0);
    routed.sum.assign(n, 0.0);
    routed.sum_squares.assign(n, 0.0);
  }
  const DecisionPaths paths = tree.decision_path(data);
  for (std::size_t row = 0; row < data.rows; ++row) {
    for (std::size_t k = paths.indptr[row]; k < paths.indptr[row + 1]; ++k) {
      const auto t = static_cast<std::size_t>(paths.nodes[k]);
      if (classification) {
        routed.class_counts[t * tree.n_classes + static_cast<std::size_t>(data.labels[row])] += 1.0;
      } else {
        const double y = data.targets[row];
        routed.count[t] += 1.0;
        routed.sum[t] += y;
        routed.sum_squares[t] += y * y;
      }
    }
  }
  return routed;
}

double leaf_error_on(const Tree& tree, const RoutedCounts& routed, std::size_t node) {
  const double prediction = tree.node_prediction(node);
  if (tree.task == Task::classification) {
    double total = 0.0;
    for (std::size_t c = 0; c < tree.n_classes; ++c)
      total += routed.class_counts[node * tree.n_classes + c];
    return total -
           routed.class_counts[node * tree.n_classes + static_cast<std::size_t>(prediction)];
  }
  // sum (y - p)^2 = sum y^2 - 2 p sum y + n p^2
  return routed.sum_squares[node] - 2.0 * prediction * routed.sum[node] +
         routed.count[node] * prediction * prediction;
}

Tree merge_same_class_leaves(const Tree& tree) {
  if (tree.task != Task::classification) return tree;
  const std::size_t n = tree.n_nodes();
  std::vector<bool> leaf_now(n);
  std::vector<double> prediction(n);
  for (std::size_t t = 0; t < n; ++t) {
    leaf_now[t] = tree.is_leaf(t);
    prediction[t] = tree.node_prediction(t);
  }
  std::vector<bool> make_leaf(n, false);
  // Children come after parents: a reverse scan sees children first.
  for (std::size_t t = n; t-- > 0;) {
    if (tree.is_leaf(t)) continue;
    const auto l = static_cast<std::size_t>(tree.children_left[t]);
    const auto r = static_cast<std::size_t>(tree.children_right[t]);
    if (leaf_now[l] && leaf_now[r] && prediction[l] == prediction[r]) {
      make_leaf[t] = true;
      leaf_now[t] = true;
    }
  }
  return collapse_nodes(tree, make_leaf);
}

}  // namespace prunekit
