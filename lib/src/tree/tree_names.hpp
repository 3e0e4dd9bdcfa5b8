#pragma once
// Display names of a tree's features and classes, shared by the text and DOT renderings.

#include <cstdint>
#include <string>

#include "prunekit/tree/tree.hpp"

namespace prunekit {

/// The feature's name, or "x<f>" when the tree has none.
inline std::string feature_name(const Tree& tree, std::int32_t f) {
  const auto i = static_cast<std::size_t>(f);
  if (i < tree.feature_names.size() && !tree.feature_names[i].empty()) return tree.feature_names[i];
  return "x" + std::to_string(f);
}

/// The class's name, or its id when the tree has none.
inline std::string class_name(const Tree& tree, std::size_t c) {
  if (c < tree.class_names.size()) return tree.class_names[c];
  return std::to_string(c);
}

}  // namespace prunekit
