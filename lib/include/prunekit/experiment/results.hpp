#pragma once
/// Aggregating run records: mean and standard deviation per dataset and variant over splits
/// and seeds, and a paired comparison of each variant with its unpruned baseline on the same
/// splits and seeds (paired t-test and Wilcoxon signed-rank, stats.hpp). Renders the summary as
/// `summary.csv` and as the terminal table.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/experiment/plan.hpp"
#include "prunekit/experiment/records.hpp"

namespace prunekit {

/// One summary entry per dataset x variant x training fraction (learning curves; 1 otherwise),
/// in plan order. `records` are the run records in plan order (one per plan run).
[[nodiscard]] std::vector<SummaryRow> summarize(const ExperimentPlan& plan,
                                                const std::vector<RunRecord>& records);

/// The content of results.json: config, variants, runs and summary.
[[nodiscard]] nlohmann::json results_document(const ExperimentPlan& plan,
                                              const std::vector<RunRecord>& records,
                                              const std::vector<SummaryRow>& summary);

/// summary.csv: one row per summary entry; timing columns (suffix "_seconds") come last.
[[nodiscard]] std::string summary_csv(const std::vector<SummaryRow>& summary);

/// A fixed-width table for the terminal: test score, gap, size, difference to the baseline
/// and the two p-values.
[[nodiscard]] std::string summary_table(const std::vector<SummaryRow>& summary);

}  // namespace prunekit
