#pragma once
/// The experiment report: one self-contained HTML page (inline CSS and SVG, no script, no font
/// or image from the network) drawn from the content of results.json. docs/report.md lists
/// every chart and the data each needs.

#include <string>

#include <nlohmann/json.hpp>

namespace prunekit {

/// The page for a results document (results.hpp: results_document).
[[nodiscard]] std::string render_html_report(const nlohmann::json& results);

}  // namespace prunekit
