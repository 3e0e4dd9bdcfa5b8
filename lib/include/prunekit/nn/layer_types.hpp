#pragma once
/// The concrete layers of a convolutional network (layers.hpp has the interface and the
/// layout). Pruners reach their parameters through these types: a convolution's filters are the
/// rows of its weight matrix, a batch norm's channels its scale entries.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "prunekit/nn/layers.hpp"

namespace prunekit {

/// A layer whose parameters are one weight matrix (out x fan-in) and a bias: dense and conv2d.
/// `params.weight` row i holds output unit i's incoming weights; for a convolution, filter i
/// with its entries ordered (input channel, kernel row, kernel column), PyTorch's order.
class WeightedLayer : public Layer {
 public:
  DenseLayer params;

  [[nodiscard]] std::vector<ParamView> parameters(std::size_t index) override;
  void apply_masks() override { params.apply_mask(); }
  [[nodiscard]] nlohmann::json state() const override;
  void load_state(const nlohmann::json& state, const std::string& where) override;
  /// sum (out x fan-in) += the square of each sample's weight gradient, given dL/d(out) of
  /// `batch` samples (Gauss-Newton curvature, curvature.hpp). Called after forward(), before
  /// backward() (which may overwrite the scratch).
  virtual void add_squared_sample_gradients(const Eigen::MatrixXf& in,
                                            const Eigen::MatrixXf& out_grad, Eigen::Index batch,
                                            const LayerScratch& scratch,
                                            RowMatrixXf& sum) const = 0;
  /// Each sample's weight gradient as a column of g (out * fan-in x batch, weights row-major),
  /// under the same conditions.
  virtual void sample_gradients(const Eigen::MatrixXf& in, const Eigen::MatrixXf& out_grad,
                                Eigen::Index batch, const LayerScratch& scratch,
                                Eigen::MatrixXf& g) const = 0;

 protected:
  WeightedLayer(TensorShape in, TensorShape out, Eigen::Index fan_in);
  /// Bias gradient (column sums of out_grad) and the mask on both gradients.
  void finish_gradients(const Eigen::MatrixXf& out_grad, Eigen::Index rows);
};

/// A 2-D convolution (cross-correlation, as in every framework) with square kernels, equal
/// stride and zero padding on both axes, computed as im2col + GEMM.
class Conv2dLayer final : public WeightedLayer {
 public:
  struct Geometry {
    Eigen::Index channels = 1;  ///< output channels (filters)
    Eigen::Index kernel = 3;
    Eigen::Index stride = 1;
    Eigen::Index padding = 0;
  };
  Conv2dLayer(TensorShape in, Geometry geometry);

  [[nodiscard]] std::unique_ptr<Layer> clone() const override {
    return std::make_unique<Conv2dLayer>(*this);
  }
  [[nodiscard]] std::string type() const override { return "conv2d"; }
  [[nodiscard]] const Geometry& geometry() const noexcept { return geometry_; }
  void forward(const Eigen::MatrixXf& in, Eigen::MatrixXf& out, Eigen::Index batch, Mode mode,
               LayerScratch& scratch, Rng* rng) const override;
  void backward(const Eigen::MatrixXf& in, const Eigen::MatrixXf& out, Eigen::MatrixXf& out_grad,
                Eigen::MatrixXf* din, Eigen::Index batch, LayerScratch& scratch) override;
  void add_squared_sample_gradients(const Eigen::MatrixXf& in, const Eigen::MatrixXf& out_grad,
                                    Eigen::Index batch, const LayerScratch& scratch,
                                    RowMatrixXf& sum) const override;
  void sample_gradients(const Eigen::MatrixXf& in, const Eigen::MatrixXf& out_grad,
                        Eigen::Index batch, const LayerScratch& scratch,
                        Eigen::MatrixXf& g) const override;
  [[nodiscard]] std::int64_t multiply_adds() const override;
  [[nodiscard]] nlohmann::json spec() const override;

 private:
  Geometry geometry_;
};

/// A fully connected layer on feature vectors (the input must be flat: H = W = 1).
class DenseLinearLayer final : public WeightedLayer {
 public:
  DenseLinearLayer(TensorShape in, Eigen::Index units);

  [[nodiscard]] std::unique_ptr<Layer> clone() const override {
    return std::make_unique<DenseLinearLayer>(*this);
  }
  [[nodiscard]] std::string type() const override { return "dense"; }
  void forward(const Eigen::MatrixXf& in, Eigen::MatrixXf& out, Eigen::Index batch, Mode mode,
               LayerScratch& scratch, Rng* rng) const override;
  void backward(const Eigen::MatrixXf& in, const Eigen::MatrixXf& out, Eigen::MatrixXf& out_grad,
                Eigen::MatrixXf* din, Eigen::Index batch, LayerScratch& scratch) override;
  void add_squared_sample_gradients(const Eigen::MatrixXf& in, const Eigen::MatrixXf& out_grad,
                                    Eigen::Index batch, const LayerScratch& scratch,
                                    RowMatrixXf& sum) const override;
  void sample_gradients(const Eigen::MatrixXf& in, const Eigen::MatrixXf& out_grad,
                        Eigen::Index batch, const LayerScratch& scratch,
                        Eigen::MatrixXf& g) const override;
  [[nodiscard]] std::int64_t multiply_adds() const override;
  [[nodiscard]] nlohmann::json spec() const override;
};

enum class PoolKind { max, average };

/// Max or average pooling over kernel x kernel windows with a stride, no padding (windows that
/// do not fit are dropped, PyTorch's floor mode).
class Pool2dLayer final : public Layer {
 public:
  Pool2dLayer(TensorShape in, PoolKind kind, Eigen::Index kernel, Eigen::Index stride);

  [[nodiscard]] std::unique_ptr<Layer> clone() const override {
    return std::make_unique<Pool2dLayer>(*this);
  }
  [[nodiscard]] std::string type() const override {
    return kind_ == PoolKind::max ? "maxpool2d" : "avgpool2d";
  }
  void forward(const Eigen::MatrixXf& in, Eigen::MatrixXf& out, Eigen::Index batch, Mode mode,
               LayerScratch& scratch, Rng* rng) const override;
  void backward(const Eigen::MatrixXf& in, const Eigen::MatrixXf& out, Eigen::MatrixXf& out_grad,
                Eigen::MatrixXf* din, Eigen::Index batch, LayerScratch& scratch) override;
  [[nodiscard]] nlohmann::json spec() const override;

 private:
  PoolKind kind_;
  Eigen::Index kernel_;
  Eigen::Index stride_;
};

/// Batch normalisation (Ioffe and Szegedy 2015) per channel: over the batch and the plane for
/// images (BatchNorm2d), over the batch for feature vectors (BatchNorm1d). Training uses the
/// batch's mean and biased variance and updates running statistics as PyTorch does (momentum
/// 0.1, unbiased variance); inference uses the running statistics. `scale` (gamma) and `shift`
/// (beta) are parameters, not prunable weights; network slimming scores channels by |scale|.
/// The running statistics move in backward(), which only training calls (forward is const).
class BatchNormLayer final : public Layer {
 public:
  Eigen::VectorXf scale, shift;            ///< gamma, beta
  Eigen::VectorXf scale_mask, shift_mask;  ///< 0 for a removed channel
  Eigen::VectorXf scale_grad, shift_grad;
  Eigen::VectorXf running_mean, running_var;
  float momentum = 0.1f;
  float epsilon = 1e-5f;
  /// Training only, not saved: L1 penalty on the scales (network slimming), added to their
  /// gradient as penalty * sign(scale).
  float scale_penalty = 0.0f;

  explicit BatchNormLayer(TensorShape in);

  [[nodiscard]] std::unique_ptr<Layer> clone() const override {
    return std::make_unique<BatchNormLayer>(*this);
  }
  [[nodiscard]] std::string type() const override { return "batchnorm"; }
  void forward(const Eigen::MatrixXf& in, Eigen::MatrixXf& out, Eigen::Index batch, Mode mode,
               LayerScratch& scratch, Rng* rng) const override;
  void backward(const Eigen::MatrixXf& in, const Eigen::MatrixXf& out, Eigen::MatrixXf& out_grad,
                Eigen::MatrixXf* din, Eigen::Index batch, LayerScratch& scratch) override;
  [[nodiscard]] std::vector<ParamView> parameters(std::size_t index) override;
  void apply_masks() override;
  [[nodiscard]] nlohmann::json spec() const override;
  [[nodiscard]] nlohmann::json state() const override;
  void load_state(const nlohmann::json& state, const std::string& where) override;
  /// Per channel, the affine map of inference: y = a x + b.
  void inference_affine(Eigen::VectorXf& a, Eigen::VectorXf& b) const;
};

/// An elementwise activation (relu, tanh, sigmoid).
class ActivationLayer final : public Layer {
 public:
  ActivationLayer(TensorShape in, Activation activation);

  [[nodiscard]] std::unique_ptr<Layer> clone() const override {
    return std::make_unique<ActivationLayer>(*this);
  }
  [[nodiscard]] std::string type() const override;
  [[nodiscard]] Activation activation() const noexcept { return activation_; }
  void forward(const Eigen::MatrixXf& in, Eigen::MatrixXf& out, Eigen::Index batch, Mode mode,
               LayerScratch& scratch, Rng* rng) const override;
  void backward(const Eigen::MatrixXf& in, const Eigen::MatrixXf& out, Eigen::MatrixXf& out_grad,
                Eigen::MatrixXf* din, Eigen::Index batch, LayerScratch& scratch) override;
  [[nodiscard]] nlohmann::json spec() const override { return {{"type", type()}}; }

 private:
  Activation activation_;
};

/// C x H x W images to flat vectors of C * H * W features, in PyTorch's order (channel, row,
/// column).
class FlattenLayer final : public Layer {
 public:
  explicit FlattenLayer(TensorShape in);

  [[nodiscard]] std::unique_ptr<Layer> clone() const override {
    return std::make_unique<FlattenLayer>(*this);
  }
  [[nodiscard]] std::string type() const override { return "flatten"; }
  void forward(const Eigen::MatrixXf& in, Eigen::MatrixXf& out, Eigen::Index batch, Mode mode,
               LayerScratch& scratch, Rng* rng) const override;
  void backward(const Eigen::MatrixXf& in, const Eigen::MatrixXf& out, Eigen::MatrixXf& out_grad,
                Eigen::MatrixXf* din, Eigen::Index batch, LayerScratch& scratch) override;
  [[nodiscard]] nlohmann::json spec() const override { return {{"type", "flatten"}}; }
};

/// Inverted dropout (training only): each value is zeroed with probability p, the others
/// scaled by 1 / (1 - p).
class DropoutLayer final : public Layer {
 public:
  DropoutLayer(TensorShape in, float p);

  [[nodiscard]] std::unique_ptr<Layer> clone() const override {
    return std::make_unique<DropoutLayer>(*this);
  }
  [[nodiscard]] std::string type() const override { return "dropout"; }
  [[nodiscard]] float probability() const noexcept { return p_; }
  void forward(const Eigen::MatrixXf& in, Eigen::MatrixXf& out, Eigen::Index batch, Mode mode,
               LayerScratch& scratch, Rng* rng) const override;
  void backward(const Eigen::MatrixXf& in, const Eigen::MatrixXf& out, Eigen::MatrixXf& out_grad,
                Eigen::MatrixXf* din, Eigen::Index batch, LayerScratch& scratch) override;
  [[nodiscard]] nlohmann::json spec() const override { return {{"type", "dropout"}, {"p", p_}}; }

 private:
  float p_;
};

}  // namespace prunekit
