#include "report/pareto.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace prunekit::report_detail {

std::vector<std::size_t> pareto_front(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i])) order.push_back(i);
  // By size, the better score first among equal sizes; stable keeps the first of equals.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return x[a] < x[b] || (x[a] == x[b] && y[a] > y[b]);
  });
  std::vector<std::size_t> front;
  for (const std::size_t i : order)
    if (front.empty() || y[i] > y[front.back()]) front.push_back(i);
  return front;
}

}  // namespace prunekit::report_detail
