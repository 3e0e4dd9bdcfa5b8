#pragma once
// The HTML report's sections (html_report.cpp puts them together): one function per part of
// a dataset's section, each appending to the page.

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/experiment/records.hpp"

namespace prunekit::report_detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The page being written, and how many charts it has (the footer counts them).
struct Page {
  std::string html;
  int charts = 0;
  void card(const std::string& svg) {
    html += "<div class=\"card\">" + svg + "</div>";
    ++charts;
  }
};

/// What a dataset's section draws from. Borrows the summary rows: valid while they live.
struct DatasetView {
  std::string name{};
  std::string id{};                          ///< "d0", "d1", ...: prefixes the chart ids
  std::vector<const SummaryRow*> entries{};  ///< every training fraction
  std::vector<const SummaryRow*> full{};     ///< the largest training fraction
  std::vector<std::string> model_labels{};   ///< of `full`, in order of appearance
  std::string score_name{};                  ///< "test accuracy" or "test R²"
};

inline double mean_of(const std::optional<MeanSd>& v) { return v ? v->mean : kNaN; }
inline double sd_of(const std::optional<MeanSd>& v) { return v ? v->sd : kNaN; }

/// `v` printed with printf format `f`; a dash for NaN and infinity.
[[nodiscard]] std::string fmt(const char* f, double v);

void summary_table(Page& page, const DatasetView& view);
/// Score, size and gap per method.
void method_charts(Page& page, const DatasetView& view);
/// Score against model size, one point per variant and a series per pruner entry, for each
/// model: its family's main size measure and, when that is another, its non-zero parameters.
void size_charts(Page& page, const DatasetView& view);
/// Score against each numeric pruner grid key (accuracy against sparsity, Blalock et al. 2020).
void grid_charts(Page& page, const DatasetView& view);
/// Score against the dropout rate, when entries override it; `models` is results' "models".
void dropout_chart(Page& page, const DatasetView& view, const nlohmann::json& models);
void learning_curve_chart(Page& page, const DatasetView& view);
/// Per-method pictures from one representative run: pruning path, selection, weights.
void run_pictures(Page& page, const DatasetView& view, const std::vector<RunRecord>& runs);

}  // namespace prunekit::report_detail
