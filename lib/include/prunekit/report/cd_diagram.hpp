#pragma once
/// Critical-difference diagram (Demšar 2006, "Statistical comparisons of classifiers over
/// multiple data sets", JMLR 7:1-30, figs. 1 and 2): methods placed on an axis of average ranks,
/// a bar of the Nemenyi critical difference, and thick lines joining the methods that do not
/// differ significantly. Drawn in the layout of Orange's graph_ranks (rank 1, the best, on the
/// left; the better half of the methods labelled on the left, the rest on the right).

#include <cstddef>
#include <string>
#include <vector>

#include "prunekit/report/svg_chart.hpp"

namespace prunekit {

/// The groups of methods whose average ranks all lie within less than `critical_difference` of
/// each other, as maximal runs of the methods sorted by rank (Demšar's thick lines): each group
/// lists method indices, best rank first; groups are ordered by their best member; a group
/// inside another is left out and single methods are not groups. Ties in rank keep index
/// order. Throws InvalidArgument when a rank is not finite or the difference is negative or
/// not finite.
[[nodiscard]] std::vector<std::vector<std::size_t>> critical_difference_groups(
    const std::vector<double>& average_ranks, double critical_difference);

/// One `<svg class="chart" data-chart="ID">` element: an axis of ranks 1..k, each method hanging
/// from its average rank by a line in `colors[i]` (palette_color(i) when `colors` is shorter or
/// the entry empty) to its XML-escaped name and rank, a bar "CD = x.xx" above the axis, and one
/// `class="cd-group"` line per critical_difference_groups entry. `frame.width` is widened when
/// the names need it; `frame.height`, `x_label`, `y_label`, `x_log` and `y_from_zero` are unused
/// (the height follows from k). Throws InvalidArgument when fewer than 2 methods are given,
/// names and ranks differ in length, or as critical_difference_groups.
[[nodiscard]] std::string critical_difference_chart(const ChartFrame& frame,
                                                    const std::vector<std::string>& names,
                                                    const std::vector<double>& average_ranks,
                                                    double critical_difference,
                                                    const std::vector<std::string>& colors = {});

}  // namespace prunekit
