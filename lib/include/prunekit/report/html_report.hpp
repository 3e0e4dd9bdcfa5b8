#pragma once
/// The experiment report: one self-contained HTML page (inline CSS and SVG, no script, no font
/// or image from the network) drawn from the content of results.json. docs/report.md lists
/// every chart and the data each needs.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace prunekit {

/// One chart of the report, to be written apart for papers: figures/<id>.svg (a standalone
/// SVG file) and figures/<id>.csv (the numbers it draws).
struct ReportFigure {
  std::string id;
  std::string svg;
  std::string csv;
};

struct HtmlReport {
  std::string html;
  std::vector<ReportFigure> figures;
};

/// The page and its figures for a results document (results.hpp: results_document).
[[nodiscard]] HtmlReport render_report(const nlohmann::json& results);
/// The page alone.
[[nodiscard]] std::string render_html_report(const nlohmann::json& results);

}  // namespace prunekit
