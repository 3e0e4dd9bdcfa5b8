#pragma once
// Small trees written out by hand, with statistics chosen so that every pruning decision can
// be worked out on paper (see the comments at each use).

#include <vector>

#include "prunekit/tree/tree.hpp"

namespace prunekit::testing {

/// A classification tree from per-node class counts; children[t] = {left, right} or {-1, -1}.
/// Node impurity is the Gini index of its counts; features split on x0 at 0.5 per level.
inline Tree classification_tree(const std::vector<std::vector<double>>& counts,
                                const std::vector<std::pair<int, int>>& children) {
  Tree t;
  t.task = Task::classification;
  t.criterion = Criterion::gini;
  t.n_features = 1;
  t.n_classes = counts.front().size();
  t.feature_names = {"x0"};
  for (std::size_t c = 0; c < t.n_classes; ++c) t.class_names.push_back("c" + std::to_string(c));
  for (std::size_t i = 0; i < counts.size(); ++i) {
    double total = 0.0;
    for (double v : counts[i]) total += v;
    double gini = 1.0;
    for (double v : counts[i]) gini -= (v / total) * (v / total);
    t.children_left.push_back(children[i].first);
    t.children_right.push_back(children[i].second);
    const bool leaf = children[i].first < 0;
    t.feature.push_back(leaf ? kNoNode : 0);
    t.threshold.push_back(leaf ? -2.0 : 0.5 * static_cast<double>(i + 1));
    t.impurity.push_back(gini);
    t.n_node_samples.push_back(static_cast<std::int64_t>(total));
    t.weighted_n_node_samples.push_back(total);
    t.value.insert(t.value.end(), counts[i].begin(), counts[i].end());
  }
  return t;
}

/// root [6,4] -> leaf [5,0] | node [1,4] -> leaf [1,0] | leaf [0,4]
inline Tree small_tree() {
  return classification_tree({{6, 4}, {5, 0}, {1, 4}, {1, 0}, {0, 4}},
                             {{1, 2}, {-1, -1}, {3, 4}, {-1, -1}, {-1, -1}});
}

}  // namespace prunekit::testing
