#pragma once
/// Pessimistic error pruning (Quinlan 1987): no pruning set. A leaf's training errors get a
/// continuity correction of 1/2; top-down, node t becomes a leaf when
/// e(t) + 1/2 <= e'(T_t) + SE(e'(T_t)), where e'(T_t) = sum over its leaves of (e + 1/2) and
/// SE = sqrt(e'(T_t) (n(t) - e'(T_t)) / n(t)) (the one-standard-error test). Classification only.

#include "prunekit/tree/tree.hpp"

namespace prunekit {

[[nodiscard]] Tree prune_pessimistic(const Tree& tree);

}  // namespace prunekit
