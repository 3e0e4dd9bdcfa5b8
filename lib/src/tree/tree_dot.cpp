// Graphviz DOT rendering of a tree, laid out as scikit-learn's export_graphviz.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <span>
#include <sstream>
#include <vector>

#include "prunekit/tree/tree_io.hpp"
#include "tree/tree_names.hpp"

namespace prunekit {

namespace {

/// Python's str(round(v, 3)): the shortest text that reads back as the rounded value, with
/// ".0" for whole numbers (export_graphviz's precision=3).
std::string round3(double v) {
  const double r = std::nearbyint(v * 1000.0) / 1000.0;
  char buf[64];
  const auto end = std::to_chars(buf, buf + sizeof buf, r == 0.0 ? 0.0 : r).ptr;
  std::string s(buf, end);
  if (s.find_first_of(".e") == std::string::npos && s.find("inf") == std::string::npos) s += ".0";
  return s;
}

/// Characters DOT treats specially inside a quoted string.
std::string dot_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

/// Class counts as export_graphviz prints them: integers when all are whole, else rounded.
std::string class_values(std::span<const double> v) {
  const bool whole = std::all_of(v.begin(), v.end(), [](double x) { return x == std::floor(x); });
  std::string s = "[";
  for (std::size_t c = 0; c < v.size(); ++c) {
    s += c ? ", " : "";
    s += whole ? std::to_string(static_cast<long long>(v[c])) : round3(v[c]);
  }
  return s + "]";
}

/// Lines of a node's box; joined with DOT's "\n" escape so Graphviz breaks the line.
std::vector<std::string> node_lines(const Tree& tree, std::size_t t) {
  std::vector<std::string> lines;
  if (!tree.is_leaf(t))
    lines.push_back(feature_name(tree, tree.feature[t]) + " <= " + round3(tree.threshold[t]));
  lines.push_back(std::string(to_string(tree.criterion)) + " = " + round3(tree.impurity[t]));
  lines.push_back("samples = " + std::to_string(tree.n_node_samples[t]));
  if (tree.task == Task::classification) {
    lines.push_back("value = " + class_values(tree.node_value(t)));
    lines.push_back("class = " +
                    class_name(tree, static_cast<std::size_t>(tree.node_prediction(t))));
  } else {
    lines.push_back("value = " + round3(tree.node_prediction(t)));
  }
  return lines;
}

struct Rgb {
  int r, g, b;
};

/// export_graphviz's palette (_color_brew): n hues from 25 degrees, saturation 0.75, value 0.9.
std::vector<Rgb> color_brew(std::size_t n) {
  const double s = 0.75, v = 0.9, c = s * v, m = v - c;
  std::vector<Rgb> colors;
  const double step = 360.0 / static_cast<double>(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double h = std::trunc(25.0 + static_cast<double>(k) * step);
    const double h_bar = h / 60.0;
    const double x = c * (1.0 - std::fabs(std::fmod(h_bar, 2.0) - 1.0));
    const double table[7][3] = {{c, x, 0}, {x, c, 0}, {0, c, x}, {0, x, c},
                                {x, 0, c}, {c, 0, x}, {c, x, 0}};
    const auto* rgb = table[static_cast<int>(h_bar)];
    colors.push_back({static_cast<int>(255 * (rgb[0] + m)), static_cast<int>(255 * (rgb[1] + m)),
                      static_cast<int>(255 * (rgb[2] + m))});
  }
  return colors;
}

/// The fill of node t: the majority class's colour faded by how much it leads the runner-up
/// (classification), or the first colour faded by the node's value between the tree's
/// extremes (regression). Rounded half to even, as Python's round.
std::string fill_color(const Tree& tree, std::size_t t, const std::vector<Rgb>& palette, double low,
                       double high) {
  Rgb base = palette[0];
  double alpha = 0.0;
  if (tree.task == Task::classification) {
    const auto value = tree.node_value(t);
    std::vector<double> p(value.begin(), value.end());
    const double total = tree.weighted_n_node_samples[t];
    for (double& x : p) x = total > 0 ? x / total : 0.0;
    base = palette[static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin())];
    std::sort(p.begin(), p.end(), std::greater<>());
    if (p.size() > 1 && p[1] < 1.0) alpha = (p[0] - p[1]) / (1.0 - p[1]);
  } else if (high > low) {
    alpha = (tree.node_prediction(t) - low) / (high - low);
  }
  auto mix = [alpha](int channel) {
    return static_cast<int>(std::nearbyint(alpha * channel + (1.0 - alpha) * 255.0));
  };
  char buf[16];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", mix(base.r), mix(base.g), mix(base.b));
  return buf;
}

}  // namespace

std::string render_tree_dot(const Tree& tree, const DotOptions& options) {
  std::ostringstream out;
  out << "digraph Tree {\n"
      << "node [shape=box" << (options.filled ? ", style=\"filled\", color=\"black\"" : "")
      << ", fontname=\"helvetica\"] ;\n"
      << "edge [fontname=\"helvetica\"] ;\n";
  const std::size_t n = tree.n_nodes();
  std::vector<std::int64_t> parent(n, -1);
  for (std::size_t t = 0; t < n; ++t)
    if (!tree.is_leaf(t)) {
      parent[static_cast<std::size_t>(tree.children_left[t])] = static_cast<std::int64_t>(t);
      parent[static_cast<std::size_t>(tree.children_right[t])] = static_cast<std::int64_t>(t);
    }
  const auto palette =
      color_brew(tree.task == Task::classification ? std::max<std::size_t>(tree.n_classes, 1) : 1);
  double low = INFINITY, high = -INFINITY;
  for (std::size_t t = 0; t < n; ++t) {
    low = std::min(low, tree.node_prediction(t));
    high = std::max(high, tree.node_prediction(t));
  }
  for (std::size_t t = 0; t < n; ++t) {
    std::string label;
    for (const auto& line : node_lines(tree, t))
      label += (label.empty() ? "" : "\\n") + dot_escape(line);
    out << t << " [label=\"" << label << '"';
    if (options.filled) out << ", fillcolor=\"" << fill_color(tree, t, palette, low, high) << '"';
    out << "] ;\n";
    if (parent[t] < 0) continue;
    out << parent[t] << " -> " << t;
    // The root's edges say which way a test goes, as export_graphviz.
    if (parent[t] == 0)
      out << (tree.children_left[0] == static_cast<std::int32_t>(t)
                  ? " [labeldistance=2.5, labelangle=45, headlabel=\"True\"]"
                  : " [labeldistance=2.5, labelangle=-45, headlabel=\"False\"]");
    out << " ;\n";
  }
  out << "}\n";
  return out.str();
}

}  // namespace prunekit
