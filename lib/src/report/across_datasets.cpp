// The section over all datasets: score against size as a share of the unpruned model's, the
// methods' average ranks with the Friedman and Nemenyi tests (Demšar 2006) drawn as a
// critical-difference diagram, and wins, ties and losses against the unpruned baseline.
#include <algorithm>
#include <cmath>
#include <map>

#include "core/csv_field.hpp"
#include "prunekit/experiment/rank_tests.hpp"
#include "prunekit/experiment/stats.hpp"
#include "prunekit/report/cd_diagram.hpp"
#include "prunekit/report/svg_chart.hpp"
#include "report/html_page.hpp"
#include "report/series_tools.hpp"

namespace prunekit::report_detail {
namespace {

/// A variant's main size after pruning as a share of its model's size before; 1 unpruned.
double size_share(const SummaryRow& s) {
  const std::string key = main_size_key(s);
  const auto after = s.size_after.find(key);
  const auto before = s.size_before.find(key);
  if (after == s.size_after.end() || before == s.size_before.end() || before->second.mean <= 0)
    return kNaN;
  return after->second.mean / before->second.mean;
}

/// Test score minus the baseline's (0 for a baseline itself).
double score_difference(const SummaryRow& s) {
  if (!s.baseline) return 0.0;
  return s.vs_baseline && s.vs_baseline->diff ? s.vs_baseline->diff->mean : kNaN;
}

/// The variants (by label, in order of appearance) and their rows in each dataset.
struct VariantTable {
  std::vector<std::string> labels;
  std::vector<std::string> entries;                       ///< each label's pruner entry
  std::vector<std::vector<const SummaryRow*>> per_label;  ///< [label][dataset], null: absent
};

VariantTable variant_table(const std::vector<DatasetView>& views) {
  VariantTable t;
  for (std::size_t d = 0; d < views.size(); ++d)
    for (const auto* s : views[d].full) {
      auto it = std::find(t.labels.begin(), t.labels.end(), s->label);
      if (it == t.labels.end()) {
        t.labels.push_back(s->label);
        t.entries.push_back(s->entry_label);
        t.per_label.emplace_back(views.size(), nullptr);
        it = t.labels.end() - 1;
      }
      t.per_label[static_cast<std::size_t>(it - t.labels.begin())][d] = s;
    }
  return t;
}

void normalised_tradeoff(Page& page, const VariantTable& t) {
  std::vector<XySeries> series;
  for (std::size_t v = 0; v < t.labels.size(); ++v) {
    std::vector<double> shares, diffs;
    for (const auto* s : t.per_label[v])
      if (s != nullptr && std::isfinite(size_share(*s)) && std::isfinite(score_difference(*s))) {
        shares.push_back(size_share(*s));
        diffs.push_back(score_difference(*s));
      }
    if (shares.empty()) continue;
    auto it = std::find_if(series.begin(), series.end(),
                           [&](const XySeries& s) { return s.key == t.entries[v]; });
    if (it == series.end()) {
      series.push_back(
          {.name = t.entries[v], .key = t.entries[v], .color = page.color(t.entries[v])});
      it = series.end() - 1;
    }
    it->x.push_back(mean(shares));
    it->x_error.push_back(sample_sd(shares));
    it->y.push_back(mean(diffs));
    it->y_error.push_back(sample_sd(diffs));
  }
  if (series.empty()) return;
  for (auto& s : series) {
    s = sorted_by_x(std::move(s));
    s.line = s.x.size() > 1;
  }
  series.push_back(front_series(series));
  page.line({.id = "tradeoff-all",
             .title = "Score against size, all datasets",
             .x_label = "size after pruning / unpruned size (mean ± sd over datasets)",
             .y_label = "test score − unpruned score",
             .x_log = spans_decade(series)},
            series, {{"unpruned", 0.0}});
}

/// The variants with a finite test score on every dataset, and those scores.
struct RankedVariants {
  std::vector<std::size_t> variants;  ///< indices into the VariantTable
  ScoreMatrix scores;                 ///< [dataset][variant]
};

RankedVariants ranked_variants(const VariantTable& t, std::size_t datasets) {
  RankedVariants r;
  for (std::size_t v = 0; v < t.labels.size(); ++v)
    if (std::all_of(t.per_label[v].begin(), t.per_label[v].end(), [](const SummaryRow* s) {
          return s != nullptr && std::isfinite(mean_of(s->test_score));
        }))
      r.variants.push_back(v);
  r.scores.assign(datasets, {});
  for (std::size_t d = 0; d < datasets; ++d)
    for (const auto v : r.variants) r.scores[d].push_back(mean_of(t.per_label[v][d]->test_score));
  return r;
}

/// Average ranks, Friedman's test and Nemenyi's critical difference, drawn as Demšar's diagram.
void rank_comparison(Page& page, const VariantTable& t, std::size_t datasets) {
  const RankedVariants r = ranked_variants(t, datasets);
  if (r.variants.size() < 2) {
    page.html += "<p class=\"note\">Ranks need two methods with a score on every dataset.</p>";
    return;
  }
  const FriedmanTest friedman = friedman_test(r.scores);
  const double cd = nemenyi_critical_difference(r.variants.size(), datasets);
  std::vector<std::string> names, colors;
  std::string csv = "method,average_rank\n";
  for (std::size_t i = 0; i < r.variants.size(); ++i) {
    names.push_back(t.labels[r.variants[i]]);
    colors.push_back(page.color(t.entries[r.variants[i]]));
    csv += csv_field(names.back(), ",\"\n\r") + "," + fmt("%.6g", friedman.average_ranks[i]) + "\n";
  }
  csv += "critical difference (Nemenyi, 0.05)," + fmt("%.6g", cd) + "\n";
  page.html += "<p>Friedman test over " + std::to_string(datasets) +
               " datasets: &chi;&sup2; = " + fmt("%.3f", friedman.chi_square) +
               ", p = " + fmt("%.3g", friedman.p_value) +
               "; Iman-Davenport F = " + fmt("%.3f", friedman.iman_davenport) +
               ", p = " + fmt("%.3g", friedman.iman_davenport_p_value) +
               ". Methods joined by a bar do not differ by the Nemenyi test at 0.05 "
               "(Demšar 2006); rank 1 is the best test score.</p><div class=\"charts\">";
  page.figure("cd-all",
              critical_difference_chart({.id = "cd-all",
                                         .title = "Average rank over datasets (critical "
                                                  "difference diagram)",
                                         .width = 700},
                                        names, friedman.average_ranks, cd, colors),
              csv);
  page.html += "</div>";
}

/// Per variant with a baseline: datasets where it is significantly better (corrected t-test,
/// p < 0.05), not significantly different, or significantly worse.
void win_tie_loss(Page& page, const VariantTable& t) {
  page.html +=
      "<table><tr><th class=\"l\">method</th><th>baseline</th><th>wins</th><th>ties</th>"
      "<th>losses</th><th>untested</th><th>mean difference</th></tr>";
  for (std::size_t v = 0; v < t.labels.size(); ++v) {
    int wins = 0, ties = 0, losses = 0, untested = 0;
    std::vector<double> diffs;
    std::string baseline;
    for (const auto* s : t.per_label[v]) {
      if (s == nullptr || !s->baseline) continue;
      baseline = *s->baseline;
      const auto& vs = s->vs_baseline;
      if (vs && vs->diff) diffs.push_back(vs->diff->mean);
      if (!vs || !vs->tests || !vs->diff)
        ++untested;
      else if (vs->tests->t_p >= 0.05)
        ++ties;
      else
        ++(vs->diff->mean > 0 ? wins : losses);
    }
    if (baseline.empty()) continue;
    page.html += "<tr><td class=\"l\">" + escape_xml(t.labels[v]) + "</td><td class=\"l\">" +
                 escape_xml(baseline) + "</td><td>" + std::to_string(wins) + "</td><td>" +
                 std::to_string(ties) + "</td><td>" + std::to_string(losses) + "</td><td>" +
                 std::to_string(untested) + "</td><td>" +
                 fmt("%+.4f", diffs.empty() ? kNaN : mean(diffs)) + "</td></tr>";
  }
  page.html +=
      "</table><p class=\"note\">A win or a loss: the difference to the baseline is "
      "significant by the corrected resampled t-test (p &lt; 0.05) on that dataset; a tie "
      "otherwise; untested: fewer than two independent units.</p>";
}

}  // namespace

void across_datasets(Page& page, const std::vector<DatasetView>& views) {
  if (views.size() < 2) return;
  const VariantTable table = variant_table(views);
  page.html += "<section><h2 id=\"all\">All datasets</h2>";
  page.html += "<h3>Average ranks</h3>";
  rank_comparison(page, table, views.size());
  page.html += "<h3>Wins, ties and losses against the unpruned model</h3>";
  win_tie_loss(page, table);
  page.html += "<h3>Score against size, all datasets</h3><div class=\"charts\">";
  normalised_tradeoff(page, table);
  page.html += "</div></section>";
}

}  // namespace prunekit::report_detail
