#pragma once
// Checks a reviewer would make of a report page, on its HTML or on the DOM Chromium rendered:
// no chart is empty, each y axis starts where the data does (unless the chart counts from
// zero), and a method (data-key) has one colour on the whole page.

#include <string>
#include <vector>

namespace prunekit::testing {

/// The data-chart ids of the page's charts, in order.
[[nodiscard]] std::vector<std::string> chart_ids(const std::string& html);

/// What is wrong with the page's charts, one message each (empty: nothing).
[[nodiscard]] std::vector<std::string> chart_problems(const std::string& html);

}  // namespace prunekit::testing
