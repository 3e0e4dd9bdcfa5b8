// Training curves: a network's loss and accuracy per epoch, through its training and each
// fine-tuning after pruning (details["training_curve"] of a run), once per variant.
#include <algorithm>
#include <cmath>

#include "report/html_page.hpp"

namespace prunekit::report_detail {
namespace {

/// One measure ("loss" or "accuracy") of the training and validation rows, epochs counted
/// across phases, and a marker where each phase after the first starts.
struct Curves {
  XySeries train;
  XySeries validation;
  std::vector<VerticalMarker> markers;
};

double number_or_nan(const nlohmann::json& v) { return v.is_number() ? v.get<double>() : kNaN; }

Curves curves(const nlohmann::json& phases, const std::string& measure, const std::string& key,
              const std::string& color) {
  Curves c{.train = {.name = "train", .key = key, .color = color, .markers = false},
           .validation = {.name = "validation", .key = key, .color = color, .markers = false},
           .markers = {}};
  double epoch = 0;
  for (const auto& phase : phases) {
    if (epoch > 0) c.markers.push_back({"pruned, then fine-tuned", epoch + 0.5});
    const auto& train = phase.value("train_" + measure, nlohmann::json::array());
    const auto& validation = phase.value("validation_" + measure, nlohmann::json::array());
    for (std::size_t e = 0; e < train.size(); ++e) {
      c.train.x.push_back(epoch + static_cast<double>(e) + 1);
      c.train.y.push_back(number_or_nan(train[e]));
      if (e < validation.size()) {
        c.validation.x.push_back(epoch + static_cast<double>(e) + 1);
        c.validation.y.push_back(number_or_nan(validation[e]));
      }
    }
    // Early stopping restored the best epoch's weights: ring it.
    const auto best = phase.value("best_epoch", std::size_t{0});
    if (best > 0 && best <= validation.size() &&
        c.validation.highlight == static_cast<std::size_t>(-1))
      c.validation.highlight = c.validation.x.size() - validation.size() + best - 1;
    epoch += static_cast<double>(train.size());
  }
  // Held-out figures are solid across the report, training figures dashed beside them.
  c.train.dashed = !c.validation.x.empty();
  return c;
}

void curve_card(Page& page, const nlohmann::json& phases, const std::string& measure,
                const std::string& id, const std::string& title, const std::string& key,
                const std::string& color) {
  Curves c = curves(phases, measure, key, color);
  if (c.train.x.empty()) return;
  std::vector<XySeries> series{std::move(c.train)};
  if (!c.validation.x.empty()) series.push_back(std::move(c.validation));
  page.line({.id = id, .title = title, .x_label = "epoch", .y_label = measure, .width = 400},
            series, {}, c.markers);
}

}  // namespace

void training_pictures(Page& page, const DatasetView& view, const std::vector<RunRecord>& runs) {
  std::vector<std::string> seen;
  for (const auto& r : runs) {
    if (r.dataset != view.name || !r.details.is_object()) continue;
    const auto curve = r.details.find("training_curve");
    if (curve == r.details.end() || !curve->contains("phases")) continue;
    if (std::find(seen.begin(), seen.end(), r.label) != seen.end()) continue;
    const auto& phases = (*curve)["phases"];
    if (seen.empty())
      page.html +=
          "<h3>Training curves</h3><p class=\"note\">Per epoch of one run of each variant, its "
          "training and every fine-tuning after pruning (dotted lines). The training figures "
          "are running ones: the mean over the epoch's minibatches as they were met, with "
          "dropout; validation is the early-stopping share, when there is one (ringed: the "
          "epoch whose weights were kept).</p>";
    const std::string id = view.id + "-" + std::to_string(seen.size());
    seen.push_back(r.label);
    const std::string color = page.color(r.entry_label);
    page.html += "<details" + std::string(seen.size() == 1 ? " open" : "") + "><summary>" +
                 escape_xml(r.label) + "</summary><div class=\"charts\">";
    curve_card(page, phases, "loss", "loss-" + id, r.label + ": loss per epoch", r.entry_label,
               color);
    curve_card(page, phases, "accuracy", "accuracy-" + id, r.label + ": accuracy per epoch",
               r.entry_label, color);
    page.html += "</div></details>";
  }
}

}  // namespace prunekit::report_detail
