#pragma once
/// The family-independent face of a model: what the CLI, the experiment runner and the pruning
/// registry need from a decision tree or a network, without knowing which one it is.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/core/rng.hpp"
#include "prunekit/data/dataset.hpp"

namespace prunekit {

/// Size of a model, as numbers with stable names: a tree reports `nodes`, `leaves`, `depth`;
/// a network `parameters`, `nonzeros`, `bytes_dense`, `bytes_csr`, `macs_dense`, `macs_nonzero`.
using ModelSize = nlohmann::ordered_json;

/// A trainable, savable predictor. Implementations: DecisionTreeModel (tree/), MlpModel (nn/).
/// Copying goes through clone(), which a model may write with its protected copy constructor;
/// a public copy through a base reference would slice.
class Model {
 public:
  Model& operator=(const Model&) = delete;
  virtual ~Model() = default;

  /// The model's kind as written in configs and model files: "decision_tree", "mlp".
  [[nodiscard]] virtual std::string kind() const = 0;
  [[nodiscard]] virtual std::unique_ptr<Model> clone() const = 0;

  /// Fits on `train` (already preprocessed: numeric, no missing values). Draws only from `rng`.
  virtual void fit(const Dataset& train, Rng& rng) = 0;

  /// One prediction per row: the class id (as a double) for classification, the value for
  /// regression.
  [[nodiscard]] virtual std::vector<double> predict(const Dataset& data) const = 0;

  [[nodiscard]] virtual Task task() const = 0;
  [[nodiscard]] virtual ModelSize size() const = 0;

  /// The model's hyper-parameters as JSON (what make_model accepts).
  [[nodiscard]] virtual nlohmann::json params() const = 0;
  /// The complete fitted model, versioned (what load_model accepts): the model registry's
  /// envelope ("format", "version", "kind") around body_json().
  [[nodiscard]] nlohmann::json to_json() const;
  /// The family's own members of the model file (what its registry loader reads back); the
  /// envelope is the registry's, so that the families need not know the file format.
  [[nodiscard]] virtual nlohmann::json body_json() const = 0;

  /// Human-readable renderings; `format` is one of render_formats(). Throws InvalidArgument for
  /// another format.
  [[nodiscard]] virtual std::vector<std::string> render_formats() const { return {"summary"}; }
  [[nodiscard]] virtual std::string render(const std::string& format) const = 0;

 protected:
  Model() = default;
  Model(const Model&) = default;
};

}  // namespace prunekit
