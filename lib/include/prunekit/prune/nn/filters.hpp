#pragma once
/// Structured pruning of convolutional networks: whole filters, with everything coupled to them
/// (Li et al. 2017 "Pruning filters for efficient ConvNets"; Liu et al. 2017 "Learning efficient
/// convolutional networks through network slimming"; Molchanov et al. 2019 "Importance
/// estimation for neural network pruning"; the dependency groups of Torch-Pruning, Fang et al.
/// 2023). A filter of a convolution, its batch-norm channel and the matching input channel of
/// the layer that consumes it form one group and are removed together; compact() then deletes
/// them, giving a smaller dense network with the same outputs.

#include <cstddef>
#include <optional>
#include <vector>

#include <Eigen/Core>

#include "prunekit/core/enum_names.hpp"
#include "prunekit/nn/conv_network.hpp"
#include "prunekit/nn/train.hpp"

namespace prunekit {

/// The coupled units of one convolution's filters.
struct FilterGroup {
  std::size_t conv = 0;             ///< the convolution whose filters (output channels) go
  std::optional<std::size_t> norm;  ///< the batch norm on its channels, if any
  std::size_t consumer = 0;         ///< the next conv, or the dense layer after a flatten
  Eigen::Index consumer_span = 1;   ///< consumer weight columns per channel (k*k, or H*W)
};

/// Every convolution whose channels reach another weighted layer through channel-wise layers
/// (batch norm, activations, pooling, dropout, flatten), in layer order.
[[nodiscard]] std::vector<FilterGroup> filter_groups(const ConvNetwork& network);

/// How a filter's importance is scored (higher = more important).
enum class FilterImportance { l1, l2, bn_scale, taylor, random };
constexpr EnumNames<FilterImportance, 5> enum_names(FilterImportance) {
  return {{{FilterImportance::l1, "l1"},
           {FilterImportance::l2, "l2"},
           {FilterImportance::bn_scale, "bn_scale"},
           {FilterImportance::taylor, "taylor"},
           {FilterImportance::random, "random"}}};
}

/// One score per filter of each group: the L1 or L2 norm of its weights, |gamma| of its batch
/// norm channel (InvalidArgument when a group has none), the first-order Taylor estimate
/// (sum over the filter's parameters of w dL/dw)^2 summed over the minibatches of `data` (batch
/// 64), or a seeded random number. Removed filters score -1.
[[nodiscard]] std::vector<Eigen::VectorXd> filter_scores(ConvNetwork& network,
                                                         const std::vector<FilterGroup>& groups,
                                                         FilterImportance importance,
                                                         const TrainData* data, Rng& rng);

/// Removes filter f of `group`: its weights and bias, its batch-norm scale and shift, the
/// consumer's weights on its channel (the masks; the values become zero).
void remove_filter(ConvNetwork& network, const FilterGroup& group, Eigen::Index f);

/// Whether filter f of `group` is removed.
[[nodiscard]] bool filter_removed(const ConvNetwork& network, const FilterGroup& group,
                                  Eigen::Index f);

/// Removes, in each group, the lowest-scored filters until round(fraction x filters) are
/// removed (at least one filter stays); `global` ranks the scores of all groups together
/// (normalised by each group's largest score) instead. Ties break by group, then index.
void remove_lowest_filters(ConvNetwork& network, const std::vector<FilterGroup>& groups,
                           const std::vector<Eigen::VectorXd>& scores, double fraction,
                           bool global);

/// The network with every removed filter, its batch-norm channel and the consumer's columns
/// physically deleted: the same outputs (to float rounding) from fewer multiply-adds.
[[nodiscard]] ConvNetwork compact(const ConvNetwork& network);

}  // namespace prunekit
