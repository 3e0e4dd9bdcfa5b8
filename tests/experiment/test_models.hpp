#pragma once
// A tiny model and pruner for testing the experiment runner without the real families:
// a nearest-centroid classifier ("test_centroid") and a pruner that flattens a fraction of its
// centroid coordinates to the overall mean ("test_flatten"), with a path, a selection trace and
// weights before and after, so that every part of a record and of the report is exercised.

#include <chrono>
#include <cmath>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "prunekit/core/error.hpp"
#include "prunekit/core/params.hpp"
#include "prunekit/experiment/config.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/prune/registry.hpp"

namespace prunekit::testing {

class CentroidModel final : public Model {
 public:
  double shrink = 0.0;     // pulls centroids toward the overall mean (a regularizer)
  double dropout = 0.0;    // accepted, and acts like extra shrinkage (for the dropout chart)
  long long sleep_ms = 0;  // slows fit down (interruption tests)
  std::vector<std::vector<double>> centroids;  // class x feature
  std::vector<double> overall;
  std::string kind_name = "test_centroid";

  [[nodiscard]] std::string kind() const override { return kind_name; }
  [[nodiscard]] std::unique_ptr<Model> clone() const override {
    return std::make_unique<CentroidModel>(*this);
  }
  void fit(const Dataset& train, Rng& rng) override {
    if (sleep_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
    const std::size_t k = train.n_classes();
    const std::size_t f = train.n_features();
    centroids.assign(k, std::vector<double>(f, 0.0));
    overall.assign(f, 0.0);
    std::vector<double> counts(k, 0.0);
    for (std::size_t i = 0; i < train.rows; ++i) {
      counts[static_cast<std::size_t>(train.labels[i])] += 1;
      for (std::size_t j = 0; j < f; ++j) {
        centroids[static_cast<std::size_t>(train.labels[i])][j] += train.value(i, j);
        overall[j] += train.value(i, j);
      }
    }
    // A little seeded noise so that seeds matter.
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t j = 0; j < f; ++j) {
        const double m = counts[c] > 0 ? centroids[c][j] / counts[c] : 0.0;
        const double o = overall[j] / static_cast<double>(train.rows);
        const double s = std::min(1.0, shrink + dropout);
        centroids[c][j] = (1 - s) * m + s * o + 0.02 * rng.normal() * (std::fabs(o) + 1e-3);
      }
    for (auto& o : overall) o /= static_cast<double>(train.rows);
  }
  [[nodiscard]] std::vector<double> predict(const Dataset& data) const override {
    std::vector<double> out(data.rows);
    for (std::size_t i = 0; i < data.rows; ++i) {
      double best = INFINITY;
      for (std::size_t c = 0; c < centroids.size(); ++c) {
        double d = 0;
        for (std::size_t j = 0; j < centroids[c].size(); ++j) {
          const double diff = data.value(i, j) - centroids[c][j];
          d += diff * diff;
        }
        if (d < best) {
          best = d;
          out[i] = static_cast<double>(c);
        }
      }
    }
    return out;
  }
  [[nodiscard]] Task task() const override { return Task::classification; }
  [[nodiscard]] ModelSize size() const override {
    std::size_t nonzeros = 0;
    for (const auto& c : centroids)
      for (double v : c) nonzeros += v != 0.0;
    return {{"parameters", centroids.size() * (centroids.empty() ? 0 : centroids[0].size())},
            {"nonzeros", nonzeros}};
  }
  [[nodiscard]] nlohmann::json params() const override {
    return {{"shrink", shrink}, {"dropout", dropout}, {"sleep_ms", sleep_ms}};
  }
  [[nodiscard]] nlohmann::json body_json() const override { return params(); }
  [[nodiscard]] std::string render(const std::string&) const override { return "centroids"; }
};

class FlattenPruner final : public Pruner {
 public:
  double fraction = 0.5;
  [[nodiscard]] std::string method() const override { return "test_flatten"; }
  [[nodiscard]] nlohmann::json params() const override {
    return {{"method", "test_flatten"}, {"fraction", fraction}};
  }
  [[nodiscard]] bool supports(const Model& model) const override {
    return model.kind() == "test_centroid";
  }
  [[nodiscard]] PruneResult prune(const Model& model, const PruneContext& context,
                                  Rng& rng) const override {
    const auto& m = dynamic_cast<const CentroidModel&>(model);
    auto pruned = std::unique_ptr<CentroidModel>(static_cast<CentroidModel*>(m.clone().release()));
    PruneResult result;
    std::vector<double> before;
    for (const auto& c : m.centroids) before.insert(before.end(), c.begin(), c.end());
    const std::size_t f = m.overall.size();
    const auto drop = static_cast<std::size_t>(std::floor(fraction * static_cast<double>(f)));
    for (auto& c : pruned->centroids)
      for (std::size_t j = f - drop; j < f; ++j) c[j] = 0.0;
    std::vector<double> after;
    for (const auto& c : pruned->centroids) after.insert(after.end(), c.begin(), c.end());
    result.report.method = method();
    result.report.knob_name = "sparsity";
    result.report.knob = fraction + 0.0 * rng.uniform();
    result.report.before = m.size();
    result.report.after = pruned->size();
    result.report.details = {
        {"weights_before", before}, {"weights_after", after}, {"train_rows", context.train.rows}};
    PruningPath path{"sparsity", "nonzeros", {}};
    SelectionTrace trace{"cv_1se", {}, {}, {}, {}, 0.0, 0};
    for (int k = 0; k <= 4; ++k) {
      const double knob = k / 4.0;
      path.points.push_back(
          {knob, 0.1 + 0.2 * knob, static_cast<double>(before.size()) * (1 - knob)});
      trace.knobs.push_back(knob);
      trace.error_mean.push_back(0.2 + 0.1 * (knob - 0.4) * (knob - 0.4));
      trace.error_se.push_back(0.02);
      trace.complexity.push_back(static_cast<double>(before.size()) * (1 - knob));
    }
    trace.threshold = 0.22;
    trace.chosen = 2;
    result.path = path;
    result.selection = trace;
    result.model = std::move(pruned);
    return result;
  }
};

/// The registries plus the two test kinds above.
inline Factories test_factories() {
  Factories f = Factories::registries();
  const auto model = f.model;
  f.model = [model](const std::string& kind, const nlohmann::json& params, const std::string& file,
                    const std::string& path) -> std::unique_ptr<Model> {
    if (kind != "test_centroid" && kind != "test_other") return model(kind, params, file, path);
    static const ParamTable kTable({number_param("shrink", 0.0, Range::closed(0, 1), ""),
                                    number_param("dropout", 0.0, Range::right_open(0, 1), ""),
                                    integer_param("sleep_ms", 0, Range::closed(0, 10000), "")});
    const ParamValues v = kTable.read(params, file, path, {"kind"});
    auto m = std::make_unique<CentroidModel>();
    m->kind_name = kind;
    m->shrink = v.number("shrink");
    m->dropout = v.number("dropout");
    m->sleep_ms = v.integer("sleep_ms");
    return m;
  };
  const auto pruner = f.pruner;
  f.pruner = [pruner](const nlohmann::json& spec, const std::string& file,
                      const std::string& path) -> std::unique_ptr<Pruner> {
    if (!spec.is_object() || spec.value("method", "") != "test_flatten")
      return pruner(spec, file, path);
    static const ParamTable kTable({number_param("fraction", 0.5, Range::right_open(0, 1), "")});
    auto p = std::make_unique<FlattenPruner>();
    p->fraction = kTable.read(spec, file, path, {"method"}).number("fraction");
    return p;
  };
  return f;
}

}  // namespace prunekit::testing
