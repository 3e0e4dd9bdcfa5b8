// The Gauss-Newton curvature of a convolutional network (curvature.hpp): per-sample weight
// gradients of each output factor on the network's inference form, squared and summed for the
// diagonal, or accumulated as outer products for one layer's block.
#include <algorithm>
#include <string>

#include "prune/nn/curvature_factors.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/nn/layer_types.hpp"
#include "prunekit/prune/nn/curvature.hpp"

namespace prunekit {

using Eigen::Index;

namespace {

/// The inference form of `network` (batch norms folded), refusing a batch norm that cannot be
/// folded: with none left, a training-mode pass (which keeps what backward needs) computes the
/// inference function.
ConvNetwork foldable_inference_form(const ConvNetwork& network) {
  for (std::size_t l = 0; l < network.n_layers(); ++l)
    if (dynamic_cast<const BatchNormLayer*>(&network.layer(l)) != nullptr &&
        (l == 0 || dynamic_cast<const WeightedLayer*>(&network.layer(l - 1)) == nullptr))
      throw InvalidArgument("gauss_newton: layer " + std::to_string(l) +
                            " is a batch norm that follows no conv2d or dense layer; its "
                            "inference-mode curvature is not supported");
  return fold_batch_norms(network);
}

/// Per weighted layer of `network`, in order: the factor its batch norm multiplies each output
/// row by when folded (ones without a norm). dz/dw = a dz/dw' for the folded weight w' = a w.
std::vector<Eigen::VectorXf> fold_factors(const ConvNetwork& network) {
  std::vector<Eigen::VectorXf> factors;
  for (std::size_t l = 0; l < network.n_layers(); ++l) {
    const auto* weighted = dynamic_cast<const WeightedLayer*>(&network.layer(l));
    if (weighted == nullptr) continue;
    Eigen::VectorXf a = Eigen::VectorXf::Ones(weighted->params.out());
    const auto* norm = l + 1 < network.n_layers()
                           ? dynamic_cast<const BatchNormLayer*>(&network.layer(l + 1))
                           : nullptr;
    if (norm != nullptr) {
      Eigen::VectorXf shift;
      norm->inference_affine(a, shift);
    }
    factors.push_back(std::move(a));
  }
  return factors;
}

/// The weighted layers of `network` (nullptr elsewhere).
std::vector<const WeightedLayer*> weighted_layers(const ConvNetwork& network) {
  std::vector<const WeightedLayer*> out(network.n_layers(), nullptr);
  for (std::size_t l = 0; l < network.n_layers(); ++l)
    out[l] = dynamic_cast<const WeightedLayer*>(&network.layer(l));
  return out;
}

/// For each chunk of rows and each output factor v_c: a forward and a backward pass of v_c
/// through `folded`, calling visit(l, layer, ws, b) before weighted layer l's backward.
template <typename Visit>
void for_each_factor_pass(ConvNetwork& folded, const Eigen::Ref<const Eigen::MatrixXf>& x,
                          Loss loss, Visit&& visit) {
  if (x.cols() != folded.inputs())
    throw InvalidArgument("gauss_newton: the data has " + std::to_string(x.cols()) +
                          " columns, the network " + std::to_string(folded.inputs()) + " inputs");
  const std::vector<const WeightedLayer*> weighted = weighted_layers(folded);
  constexpr Index kChunk = 64;
  const Index outputs = folded.outputs();
  ConvWorkspace ws;
  for (Index start = 0; start < x.rows(); start += kChunk) {
    const Index b = std::min(kChunk, x.rows() - start);
    Eigen::MatrixXf p;
    for (Index c = 0; c < outputs; ++c) {
      // Backward passes overwrite forward values (a conv's im2col matrix): one forward each.
      folded.forward(x.middleRows(start, b), ws, Mode::training, nullptr);
      if (c == 0) p = curvature_detail::output_probabilities(ws.act.back().topRows(b), loss);
      curvature_detail::write_factor(loss, p, c, b, outputs, ws.grad.back().topRows(b));
      folded.backward_visiting(ws, b, [&](std::size_t l) {
        if (weighted[l] != nullptr) visit(l, *weighted[l], ws, b);
      });
    }
  }
}

const Eigen::MatrixXf& layer_input(const ConvWorkspace& ws, std::size_t l) {
  return l == 0 ? ws.input : ws.act[l - 1];
}

}  // namespace

std::vector<RowMatrixXf> gauss_newton_diagonal(const ConvNetwork& network,
                                               const Eigen::Ref<const Eigen::MatrixXf>& x,
                                               Loss loss) {
  ConvNetwork folded = foldable_inference_form(network);
  std::vector<RowMatrixXf> diag;
  std::vector<std::size_t> slot(folded.n_layers(), 0);
  for (std::size_t l = 0; l < folded.n_layers(); ++l)
    if (const auto* w = dynamic_cast<const WeightedLayer*>(&folded.layer(l))) {
      slot[l] = diag.size();
      diag.push_back(RowMatrixXf::Zero(w->params.out(), w->params.in()));
    }
  for_each_factor_pass(
      folded, x, loss,
      [&](std::size_t l, const WeightedLayer& layer, const ConvWorkspace& ws, Index b) {
        layer.add_squared_sample_gradients(layer_input(ws, l), ws.grad[l], b, ws.scratch[l],
                                           diag[slot[l]]);
      });
  const std::vector<Eigen::VectorXf> factors = fold_factors(network);
  const float inv_n = x.rows() > 0 ? 1.0f / static_cast<float>(x.rows()) : 0.0f;
  for (std::size_t k = 0; k < diag.size(); ++k)
    diag[k] = (factors[k].array().square() * inv_n).matrix().asDiagonal() * diag[k];
  return diag;
}

Eigen::MatrixXd layer_gauss_newton(const ConvNetwork& network, std::size_t matrix,
                                   const Eigen::Ref<const Eigen::MatrixXf>& x, Loss loss) {
  ConvNetwork folded = foldable_inference_form(network);
  std::size_t target = folded.n_layers();
  for (std::size_t l = 0, k = 0; l < folded.n_layers(); ++l)
    if (dynamic_cast<const WeightedLayer*>(&folded.layer(l)) != nullptr && k++ == matrix)
      target = l;
  if (target == folded.n_layers())
    throw InvalidArgument("layer_gauss_newton: no weight matrix " + std::to_string(matrix));
  const auto& params = dynamic_cast<const WeightedLayer&>(folded.layer(target)).params;
  const Index p = params.weight.size();
  Eigen::MatrixXf h = Eigen::MatrixXf::Zero(p, p);
  Eigen::MatrixXf g;
  for_each_factor_pass(
      folded, x, loss,
      [&](std::size_t l, const WeightedLayer& layer, const ConvWorkspace& ws, Index b) {
        if (l != target) return;
        layer.sample_gradients(layer_input(ws, l), ws.grad[l], b, ws.scratch[l], g);
        h.selfadjointView<Eigen::Lower>().rankUpdate(g);
      });
  // Weight q = i * fan_in + j belongs to output row i: H_qr scales by a_row(q) a_row(r).
  const Eigen::VectorXf a = fold_factors(network)[matrix];
  Eigen::VectorXd scale(p);
  for (Index q = 0; q < p; ++q) scale[q] = a[q / params.in()];
  Eigen::MatrixXd hd = h.selfadjointView<Eigen::Lower>().toDenseMatrix().cast<double>();
  hd = scale.asDiagonal() * hd * scale.asDiagonal();
  if (x.rows() > 0) hd /= static_cast<double>(x.rows());
  return hd;
}

}  // namespace prunekit
