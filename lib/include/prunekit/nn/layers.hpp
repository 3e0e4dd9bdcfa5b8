#pragma once
/// The layers of a convolutional network (conv_network.hpp): convolution, pooling, batch norm,
/// flatten, dense, activation and dropout, each with its forward and backward pass.
///
/// Layout. A batch of B tensors of shape C x H x W is a column-major (B * H * W) x C matrix:
/// column c holds channel c of every image, image after image, each image's H x W plane
/// row-major (the value at (b, c, y, x) is at row (b * H + y) * W + x of column c). A
/// convolution is then one GEMM of the im2col matrix with the weights (out = col * W^T, as a
/// dense layer is out = x * W^T), a per-channel operation (bias, batch norm) runs over one
/// contiguous column, and a dense layer's B x features matrix is the same layout with
/// H = W = 1, so dense layers keep the MLP's layout (network.hpp).
///
/// Parameters live in the layers with their masks and gradients and are seen through
/// ParamViews, so optimizers and pruners work on every layer type alike. The mask invariant of
/// network.hpp holds: a masked parameter is exactly zero and its gradient is zero.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "prunekit/core/rng.hpp"
#include "prunekit/nn/network.hpp"

namespace prunekit {

/// The shape of one sample's tensor: channels x height x width (height = width = 1 for
/// feature vectors).
struct TensorShape {
  Eigen::Index channels = 0;
  Eigen::Index height = 1;
  Eigen::Index width = 1;

  [[nodiscard]] Eigen::Index plane() const noexcept { return height * width; }
  [[nodiscard]] Eigen::Index size() const noexcept { return channels * height * width; }
  [[nodiscard]] std::string to_string() const;
  friend bool operator==(const TensorShape&, const TensorShape&) = default;
};

/// Per-layer scratch of one forward/backward pass, kept in the network's workspace (a layer is
/// const during the forward pass, so one network can predict from several threads).
struct LayerScratch {
  Eigen::MatrixXf buffer;             ///< im2col matrix, normalised values, dropout mask
  Eigen::MatrixXf channel;            ///< per-channel values (batch norm: mean, variance, 1 / sd)
  std::vector<std::int32_t> indices;  ///< max pooling: the input row of each output value
};

/// What a forward pass is for: training (dropout active, batch norm on batch statistics) or
/// inference.
enum class Mode { training, inference };

class Layer {
 public:
  Layer(const Layer&) = default;
  Layer& operator=(const Layer&) = delete;
  virtual ~Layer() = default;

  [[nodiscard]] virtual std::unique_ptr<Layer> clone() const = 0;
  /// The layer's type name in architecture JSON ("conv2d", "maxpool2d", ...).
  [[nodiscard]] virtual std::string type() const = 0;
  [[nodiscard]] const TensorShape& input_shape() const noexcept { return in_; }
  [[nodiscard]] const TensorShape& output_shape() const noexcept { return out_; }

  /// out = layer(in) for `batch` samples (in: batch * in.plane() rows, out sized by the caller).
  virtual void forward(const Eigen::MatrixXf& in, Eigen::MatrixXf& out, Eigen::Index batch,
                       Mode mode, LayerScratch& scratch, Rng* rng) const = 0;
  /// From dL/d(out), the parameters' gradients and, when `din` is given, dL/d(in). `out_grad`
  /// may be overwritten. Called after forward(..., Mode::training) with the same scratch.
  virtual void backward(const Eigen::MatrixXf& in, const Eigen::MatrixXf& out,
                        Eigen::MatrixXf& out_grad, Eigen::MatrixXf* din, Eigen::Index batch,
                        LayerScratch& scratch) = 0;

  /// Views of the layer's parameters, named "layer<index>.<name>".
  [[nodiscard]] virtual std::vector<ParamView> parameters(std::size_t index) {
    (void)index;
    return {};
  }
  /// Re-establishes the mask invariant.
  virtual void apply_masks() {}
  /// Multiply-adds per sample of the forward pass (0 for layers without products).
  [[nodiscard]] virtual std::int64_t multiply_adds() const { return 0; }
  /// The layer's architecture keys ({"type": ..., ...}); layer_from_spec reads them back.
  [[nodiscard]] virtual nlohmann::json spec() const = 0;
  /// Learnt values as JSON (parameters, masks, running statistics); null when none.
  [[nodiscard]] virtual nlohmann::json state() const { return nullptr; }
  /// Restores state(); DataError naming `where` when it does not fit the layer.
  virtual void load_state(const nlohmann::json& state, const std::string& where) {
    (void)state;
    (void)where;
  }

 protected:
  Layer(TensorShape in, TensorShape out) : in_(in), out_(out) {}
  TensorShape in_;
  TensorShape out_;
};

/// A layer from its architecture keys and the shape it receives. Throws InvalidArgument
/// naming the problem (an unknown type, a kernel larger than the input, ...); keys are
/// checked by the caller (cnn_params.cpp).
[[nodiscard]] std::unique_ptr<Layer> layer_from_spec(const nlohmann::json& spec, TensorShape in);

/// Parameters of a layer, initialised like a dense layer with fan-in `fan_in`.
void initialise(DenseLayer& params, Init init, Eigen::Index fan_in, Eigen::Index fan_out, Rng& rng);

}  // namespace prunekit
