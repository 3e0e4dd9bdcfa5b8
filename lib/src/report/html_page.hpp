#pragma once
// The HTML report's sections (html_report.cpp puts them together): one function per part of
// a dataset's section, each appending to the page.

#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/experiment/records.hpp"
#include "prunekit/report/html_report.hpp"
#include "prunekit/report/svg_chart.hpp"

namespace prunekit::report_detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The page being written, its figures (each chart's SVG and the numbers behind it) and the
/// colour of each pruner entry, fixed for the whole page.
class Page {
 public:
  /// Colours in order of the entries' first appearance in `summary`.
  explicit Page(const std::vector<SummaryRow>& summary);

  std::string html;

  /// A pruner entry's colour (grey for one the summary does not name).
  [[nodiscard]] std::string color(const std::string& entry_label) const;
  void line(const ChartFrame& frame, const std::vector<XySeries>& series,
            const std::vector<ReferenceLine>& references = {},
            const std::vector<VerticalMarker>& markers = {});
  void bars(const ChartFrame& frame, const std::vector<BarItem>& bars);
  void histogram(const ChartFrame& frame, const std::vector<double>& edges,
                 const std::vector<HistogramSeries>& series);
  /// A chart drawn elsewhere, in a card, with the CSV of its numbers.
  void figure(const std::string& id, const std::string& svg, std::string csv);
  [[nodiscard]] const std::vector<ReportFigure>& figures() const noexcept { return figures_; }

 private:
  std::map<std::string, std::string> colors_;
  std::vector<ReportFigure> figures_;
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
/// Score against model size, one point per variant (mean ± sd on both axes) and a series per
/// pruner entry, a path's line where a run scored its path, and the Pareto front, for each
/// model: its family's main size measure and, when that is another, its non-zero parameters.
void size_charts(Page& page, const DatasetView& view, const std::vector<RunRecord>& runs);
/// Score against each numeric pruner grid key (accuracy against sparsity, Blalock et al. 2020).
void grid_charts(Page& page, const DatasetView& view);
/// Score against the dropout rate, when entries override it; `models` is results' "models".
void dropout_chart(Page& page, const DatasetView& view, const nlohmann::json& models);
void learning_curve_chart(Page& page, const DatasetView& view);
/// Per-method pictures from one representative run: pruning path, selection, weights.
void run_pictures(Page& page, const DatasetView& view, const std::vector<RunRecord>& runs);
/// Loss and accuracy per epoch of a network's training and each fine-tuning after pruning,
/// once per variant, from details["training_curve"].
void training_pictures(Page& page, const DatasetView& view, const std::vector<RunRecord>& runs);
/// The section over all datasets (two or more): normalised trade-off, ranks, wins and losses.
void across_datasets(Page& page, const std::vector<DatasetView>& views);

}  // namespace prunekit::report_detail
