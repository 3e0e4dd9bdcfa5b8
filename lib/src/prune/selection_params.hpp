#pragma once
// The keys a path method accepts besides its own: the knob (fixed value), the selection rule
// and its options, and a network method's grid of candidate knobs.

#include <vector>

#include "prunekit/core/params.hpp"
#include "prunekit/prune/method.hpp"
#include "prunekit/prune/selection.hpp"

namespace prunekit {

/// The knob, its alternatives, "select", "folds", "se_factor", "validation_fraction" and the
/// grid (when the knob has one), in that order.
[[nodiscard]] std::vector<Param> selection_params(const KnobDeclaration& knob);

/// The selection the values ask for. Refuses contradictions (a fixed knob with a selecting
/// rule, two ways of giving the knob, "fixed" without a knob) naming the key, and removes from
/// `values` the keys the chosen rule does not use, so that they are not written back.
[[nodiscard]] SelectionParams read_selection(ParamValues& values, const KnobDeclaration& knob);

}  // namespace prunekit
