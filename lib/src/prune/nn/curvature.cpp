#include "prunekit/prune/nn/curvature.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "prune/nn/curvature_factors.hpp"
#include "prunekit/core/error.hpp"

namespace prunekit {

using Eigen::Index;

namespace {

/// Multiplies d (B x out) by the derivative of the activation, given its output a.
void times_activation_derivative(Activation act, Eigen::MatrixXf& d,
                                 const Eigen::Ref<const Eigen::MatrixXf>& a) {
  switch (act) {
    case Activation::relu:
      d = (a.array() > 0.0f).select(d, 0.0f);
      break;
    case Activation::tanh:
      d.array() *= 1.0f - a.array().square();
      break;
    case Activation::sigmoid:
      d.array() *= a.array() * (1.0f - a.array());
      break;
    case Activation::identity:
      break;
  }
}

/// Calls visit(delta, x_chunk, ws) for each chunk of rows and each output-Hessian factor v_c:
/// delta[l] (B x out_l) is the derivative of v_c^T z with respect to layer l's
/// pre-activations, per example; layer l's input is x_chunk (l = 0) or ws.act[l - 1].
template <typename Visit>
void for_each_factor(const Network& network, const Eigen::Ref<const Eigen::MatrixXf>& x, Loss loss,
                     Visit&& visit) {
  const std::size_t n_layers = network.n_layers();
  if (n_layers == 0) throw InvalidArgument("curvature: empty network");
  if (x.cols() != network.inputs())
    throw InvalidArgument("curvature: the data has " + std::to_string(x.cols()) +
                          " columns, the network " + std::to_string(network.inputs()) + " inputs");
  constexpr Index kChunk = 256;
  Workspace ws;
  std::vector<Eigen::MatrixXf> delta(n_layers);
  const Index outputs = network.outputs();
  for (Index start = 0; start < x.rows(); start += kChunk) {
    const Index b = std::min(kChunk, x.rows() - start);
    const auto xb = x.middleRows(start, b);
    network.forward(xb, ws);
    const Eigen::MatrixXf z = ws.act.back().topRows(b);
    const Eigen::MatrixXf p = curvature_detail::output_probabilities(z, loss);
    for (Index c = 0; c < outputs; ++c) {
      Eigen::MatrixXf& top = delta[n_layers - 1];
      curvature_detail::write_factor(loss, p, c, b, outputs, top);
      times_activation_derivative(network.layer(n_layers - 1).activation, top,
                                  ws.act[n_layers - 1].topRows(b));
      for (std::size_t l = n_layers - 1; l > 0; --l) {
        delta[l - 1].noalias() = delta[l] * network.layer(l).weight;
        times_activation_derivative(network.layer(l - 1).activation, delta[l - 1],
                                    ws.act[l - 1].topRows(b));
      }
      visit(delta, xb, ws, b);
    }
  }
}

}  // namespace

std::vector<RowMatrixXf> gauss_newton_diagonal(const Network& network,
                                               const Eigen::Ref<const Eigen::MatrixXf>& x,
                                               Loss loss) {
  std::vector<RowMatrixXf> diag(network.n_layers());
  for (std::size_t l = 0; l < network.n_layers(); ++l)
    diag[l] = RowMatrixXf::Zero(network.layer(l).out(), network.layer(l).in());
  Eigen::MatrixXf in_sq;
  for_each_factor(network, x, loss,
                  [&](const std::vector<Eigen::MatrixXf>& delta,
                      const Eigen::Ref<const Eigen::MatrixXf>& xb, const Workspace& ws, Index b) {
                    for (std::size_t l = 0; l < delta.size(); ++l) {
                      if (l == 0)
                        in_sq = xb.array().square();
                      else
                        in_sq = ws.act[l - 1].topRows(b).array().square();
                      diag[l].noalias() += delta[l].array().square().matrix().transpose() * in_sq;
                    }
                  });
  if (x.rows() > 0)
    for (auto& d : diag) d /= static_cast<float>(x.rows());
  return diag;
}

Eigen::MatrixXd layer_gauss_newton(const Network& network, std::size_t l,
                                   const Eigen::Ref<const Eigen::MatrixXf>& x, Loss loss) {
  if (l >= network.n_layers())
    throw InvalidArgument("layer_gauss_newton: no layer " + std::to_string(l));
  const Index in = network.layer(l).in();
  const Index out = network.layer(l).out();
  const Index p = in * out;
  Eigen::MatrixXf h = Eigen::MatrixXf::Zero(p, p);
  Eigen::MatrixXf u;
  for_each_factor(network, x, loss,
                  [&](const std::vector<Eigen::MatrixXf>& delta,
                      const Eigen::Ref<const Eigen::MatrixXf>& xb, const Workspace& ws, Index b) {
                    const auto a =
                        l == 0 ? Eigen::Ref<const Eigen::MatrixXf>(xb)
                               : Eigen::Ref<const Eigen::MatrixXf>(ws.act[l - 1].topRows(b));
                    u.resize(b, p);
                    for (Index i = 0; i < out; ++i)
                      u.middleCols(i * in, in) = a.array().colwise() * delta[l].col(i).array();
                    h.selfadjointView<Eigen::Lower>().rankUpdate(u.transpose());
                  });
  Eigen::MatrixXd hd = h.selfadjointView<Eigen::Lower>().toDenseMatrix().cast<double>();
  if (x.rows() > 0) hd /= static_cast<double>(x.rows());
  return hd;
}

double obs_prune(Eigen::Ref<Eigen::VectorXd> w, std::vector<bool>& kept, Eigen::MatrixXd hinv,
                 std::size_t target_removed) {
  const Index p = w.size();
  if (hinv.rows() != p || hinv.cols() != p || static_cast<Index>(kept.size()) != p)
    throw InvalidArgument("obs_prune: inconsistent sizes");
  const auto downdate = [&](Index q) {
    const double d = hinv(q, q);
    if (d > 0.0) {
      const Eigen::VectorXd col = hinv.col(q);
      hinv.noalias() -= col * (col.transpose() / d);
    }
    hinv.row(q).setZero();
    hinv.col(q).setZero();
  };
  std::size_t removed = 0;
  for (Index q = 0; q < p; ++q)
    if (!kept[static_cast<std::size_t>(q)]) {
      w(q) = 0.0;
      downdate(q);
      ++removed;
    }
  double total = 0.0;
  while (removed < target_removed) {
    Index best = -1;
    double best_saliency = std::numeric_limits<double>::infinity();
    for (Index q = 0; q < p; ++q) {
      if (!kept[static_cast<std::size_t>(q)]) continue;
      const double d = std::max(hinv(q, q), std::numeric_limits<double>::min());
      const double saliency = w(q) * w(q) / (2.0 * d);
      if (best < 0 || saliency < best_saliency) {
        best = q;
        best_saliency = saliency;
      }
    }
    if (best < 0) break;
    const double d = hinv(best, best);
    if (d > 0.0) w.noalias() -= (w(best) / d) * hinv.col(best);
    w(best) = 0.0;
    kept[static_cast<std::size_t>(best)] = false;
    for (Index q = 0; q < p; ++q)
      if (!kept[static_cast<std::size_t>(q)]) w(q) = 0.0;
    downdate(best);
    total += best_saliency;
    ++removed;
  }
  return total;
}

}  // namespace prunekit
