#pragma once
// The built-in methods' declarations, one function each, defined in the method's own file.

#include "prunekit/prune/method.hpp"

namespace prunekit {

[[nodiscard]] MethodDeclaration no_pruning_method();
[[nodiscard]] MethodDeclaration cost_complexity_method();
[[nodiscard]] MethodDeclaration reduced_error_method();
[[nodiscard]] MethodDeclaration pessimistic_method();
[[nodiscard]] MethodDeclaration error_based_method();
[[nodiscard]] MethodDeclaration minimum_error_method();
[[nodiscard]] MethodDeclaration critical_value_method();
[[nodiscard]] MethodDeclaration random_method();
[[nodiscard]] MethodDeclaration magnitude_method();
[[nodiscard]] MethodDeclaration obd_method();
[[nodiscard]] MethodDeclaration obs_method();
[[nodiscard]] MethodDeclaration neuron_method();
[[nodiscard]] MethodDeclaration gradual_method();
[[nodiscard]] MethodDeclaration lottery_method();
[[nodiscard]] MethodDeclaration snip_method();
[[nodiscard]] MethodDeclaration nm_method();
[[nodiscard]] MethodDeclaration filter_method();

}  // namespace prunekit
