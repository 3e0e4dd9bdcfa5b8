#include "prunekit/nn/train.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numbers>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/conv_network.hpp"

namespace prunekit {

using Eigen::Index;

namespace {

/// Copies rows `idx` of the sample-major matrix `xs` (inputs x rows) into `out` (B x inputs),
/// eight samples at a time so that every written cache line is filled by one pass.
void gather(const Eigen::MatrixXf& xs, std::span<const std::size_t> idx, Eigen::MatrixXf& out) {
  const Index b = static_cast<Index>(idx.size());
  const Index d = xs.rows();
  float* dst = out.data();
  const Index ld = out.rows();
  constexpr Index kStep = 8;
  Index k0 = 0;
  for (; k0 + kStep <= b; k0 += kStep) {
    const float* src[kStep];
    for (Index kk = 0; kk < kStep; ++kk)
      src[kk] = xs.data() + static_cast<Index>(idx[static_cast<std::size_t>(k0 + kk)]) * d;
    for (Index j = 0; j < d; ++j) {
      float* row = dst + j * ld + k0;
      for (Index kk = 0; kk < kStep; ++kk) row[kk] = src[kk][j];
    }
  }
  for (Index k = k0; k < b; ++k) {
    const float* src = xs.data() + static_cast<Index>(idx[static_cast<std::size_t>(k)]) * d;
    for (Index j = 0; j < d; ++j) dst[j * ld + k] = src[j];
  }
}

struct Subset {
  Eigen::MatrixXf x;
  std::vector<std::int32_t> labels;
  Eigen::MatrixXf targets;
};

Subset take(const TrainData& data, std::span<const std::size_t> idx) {
  Subset s;
  s.x.resize(static_cast<Index>(idx.size()), data.x.cols());
  for (std::size_t k = 0; k < idx.size(); ++k)
    s.x.row(static_cast<Index>(k)) = data.x.row(static_cast<Index>(idx[k]));
  if (!data.labels.empty())
    for (std::size_t i : idx) s.labels.push_back(data.labels[i]);
  if (data.targets != nullptr) {
    s.targets.resize(static_cast<Index>(idx.size()), data.targets->cols());
    for (std::size_t k = 0; k < idx.size(); ++k)
      s.targets.row(static_cast<Index>(k)) = data.targets->row(static_cast<Index>(idx[k]));
  }
  return s;
}

/// Rows of the outputs z (B x classes) whose largest value is at their label (the first of
/// equal largest values, as predict() picks).
std::size_t correct_rows(const Eigen::Ref<const Eigen::MatrixXf>& z,
                         std::span<const std::int32_t> labels) {
  std::size_t correct = 0;
  for (Index i = 0; i < z.rows(); ++i) {
    Index best = 0;
    z.row(i).maxCoeff(&best);
    if (best == labels[static_cast<std::size_t>(i)]) ++correct;
  }
  return correct;
}

/// Mean loss of `network` over `data` and, with labels, its accuracy (NaN without).
struct Evaluation {
  double loss = 0.0;
  double accuracy = std::numeric_limits<double>::quiet_NaN();
};

template <typename Net>
Evaluation evaluate(const Net& network, const TrainData& data, Loss loss, std::size_t batch) {
  const Index n = data.x.rows();
  if (n == 0) return {};
  typename Net::WorkspaceType ws;
  const Index step = static_cast<Index>(std::max<std::size_t>(batch, 1));
  double total = 0.0;
  std::size_t correct = 0;
  Eigen::MatrixXf targets;
  for (Index start = 0; start < n; start += step) {
    const Index b = std::min(step, n - start);
    const auto x = data.x.middleRows(start, b);
    network.forward(x, ws);
    std::span<const std::int32_t> labels;
    if (!data.labels.empty())
      labels = data.labels.subspan(static_cast<std::size_t>(start), static_cast<std::size_t>(b));
    if (data.targets != nullptr) targets = data.targets->middleRows(start, b);
    const BatchRef ref{x, labels, data.targets != nullptr ? &targets : nullptr};
    if (!labels.empty()) correct += correct_rows(ws.act.back().topRows(b), labels);
    total += network.loss_and_output_delta(ref, loss, ws) * static_cast<double>(b);
  }
  Evaluation e{total / static_cast<double>(n)};
  if (!data.labels.empty()) e.accuracy = static_cast<double>(correct) / static_cast<double>(n);
  return e;
}

template <typename Net>
void check_train_data(const Net& network, const TrainData& data, Loss loss) {
  const Index n_all = data.x.rows();
  if (data.x.cols() != network.inputs())
    throw InvalidArgument("train_network: data has " + std::to_string(data.x.cols()) +
                          " features, the network expects " + std::to_string(network.inputs()));
  if (loss == Loss::cross_entropy && static_cast<Index>(data.labels.size()) != n_all)
    throw InvalidArgument("train_network: cross-entropy needs one label per row");
  if (loss == Loss::squared_error && (data.targets == nullptr || data.targets->rows() != n_all ||
                                      data.targets->cols() != network.outputs()))
    throw InvalidArgument("train_network: squared error needs a rows x outputs target matrix");
}

/// The rows that train and the rows that validate, each in increasing order.
struct RowSplit {
  std::vector<std::size_t> train;
  std::vector<std::size_t> validation;
};

/// With early stopping, a validation share of every class (of all rows for regression), drawn
/// first from rng; without, every row trains.
template <typename Net>
RowSplit split_validation(const Net& network, const TrainData& data, const TrainParams& params,
                          Loss loss, Rng& rng) {
  const Index n_all = data.x.rows();
  RowSplit split;
  if (!(params.early_stopping && n_all >= 2)) {
    for (Index i = 0; i < n_all; ++i) split.train.push_back(static_cast<std::size_t>(i));
    return split;
  }
  std::vector<std::vector<std::size_t>> groups(1);
  if (loss == Loss::cross_entropy) {
    groups.assign(static_cast<std::size_t>(network.outputs()), {});
    for (Index i = 0; i < n_all; ++i)
      groups[static_cast<std::size_t>(data.labels[static_cast<std::size_t>(i)])].push_back(
          static_cast<std::size_t>(i));
  } else {
    for (Index i = 0; i < n_all; ++i) groups[0].push_back(static_cast<std::size_t>(i));
  }
  for (auto& g : groups) {
    rng.shuffle(std::span(g));
    auto n_val = static_cast<std::size_t>(
        std::llround(params.validation_fraction * static_cast<double>(g.size())));
    if (g.size() >= 2)
      n_val = std::clamp<std::size_t>(n_val, 1, g.size() - 1);
    else
      n_val = 0;
    const auto cut = g.begin() + static_cast<std::ptrdiff_t>(n_val);
    split.validation.insert(split.validation.end(), g.begin(), cut);
    split.train.insert(split.train.end(), cut, g.end());
  }
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.validation.begin(), split.validation.end());
  return split;
}

/// The minibatch steps of one training run: buffers allocated once for the largest batch, the
/// workspace and the optimizer's state.
template <typename Net>
class MinibatchTrainer {
 public:
  MinibatchTrainer(Net& network, const TrainData& data, const TrainParams& params, float dropout,
                   Loss loss, Rng& rng, std::size_t n_train)
      : network_(network),
        data_(data),
        loss_(loss),
        rng_(rng),
        xs_(data.x.transpose()),
        batch_(static_cast<Index>(
            std::min<std::size_t>(params.batch, std::max<std::size_t>(n_train, 1)))),
        xb_(batch_, network.inputs()),
        yb_(static_cast<std::size_t>(batch_)),
        tb_(batch_, network.outputs()),
        optimizer_(params.optimizer_params()),
        dropout_(dropout) {
    network.reserve(ws_, batch_);
  }

  /// One pass over `order` in minibatches at learning rate lr: the mean minibatch loss and the
  /// running accuracy (classification).
  Evaluation epoch(std::span<const std::size_t> order, float lr) {
    // Views stay valid: the network's layers are not reshaped during training; their mask
    // flags are refreshed each epoch (a callback may have pruned).
    auto current = network_.parameters();
    double loss_sum = 0.0;
    std::size_t steps = 0;
    std::size_t correct = 0;
    const auto batch = static_cast<std::size_t>(batch_);
    for (std::size_t s = 0; s < order.size(); s += batch) {
      const BatchRef ref = load(order.subspan(s, std::min(batch, order.size() - s)));
      network_.forward_training(ref.x, ws_, dropout_, rng_);
      if (!ref.labels.empty())
        correct += correct_rows(ws_.act.back().topRows(ref.x.rows()), ref.labels);
      loss_sum += network_.loss_and_output_delta(ref, loss_, ws_);
      network_.backward(ref.x, dropout_, ws_);
      optimizer_.step(current, lr);
      ++steps;
    }
    Evaluation e{steps > 0 ? loss_sum / static_cast<double>(steps) : 0.0};
    if (loss_ == Loss::cross_entropy && !order.empty())
      e.accuracy = static_cast<double>(correct) / static_cast<double>(order.size());
    return e;
  }

 private:
  /// Gathers rows `idx` into the buffers; the batch is valid until the next load.
  BatchRef load(std::span<const std::size_t> idx) {
    const std::size_t b = idx.size();
    const auto bi = static_cast<Index>(b);
    gather(xs_, idx, xb_);
    BatchRef ref{xb_.topRows(bi), {}, nullptr};
    if (loss_ == Loss::cross_entropy) {
      for (std::size_t k = 0; k < b; ++k) yb_[k] = data_.labels[idx[k]];
      ref.labels = std::span<const std::int32_t>(yb_.data(), b);
      return ref;
    }
    for (std::size_t k = 0; k < b; ++k)
      tb_.row(static_cast<Index>(k)) = data_.targets->row(static_cast<Index>(idx[k]));
    if (bi == batch_) {
      ref.targets = &tb_;
    } else {
      tb_part_ = tb_.topRows(bi);
      ref.targets = &tb_part_;
    }
    return ref;
  }

  Net& network_;
  const TrainData& data_;
  Loss loss_;
  Rng& rng_;
  const Eigen::MatrixXf xs_;  // sample-major copy: a minibatch gathers contiguous rows
  const Index batch_;
  typename Net::WorkspaceType ws_;
  Eigen::MatrixXf xb_;
  std::vector<std::int32_t> yb_;
  Eigen::MatrixXf tb_;
  Eigen::MatrixXf tb_part_;
  Optimizer optimizer_;
  const float dropout_;
};

/// Early stopping: the best validation loss so far and the network that reached it.
template <typename Net>
class BestSnapshot {
 public:
  /// Records epoch's validation loss; true when `patience` epochs have passed without a new best.
  bool should_stop(double loss, std::size_t epoch, const Net& network, std::size_t patience,
                   TrainReport& report) {
    if (loss < best_) {
      best_ = loss;
      network_ = network;
      report.best_epoch = epoch + 1;
      since_best_ = 0;
      return false;
    }
    return ++since_best_ >= patience;
  }

  /// Puts the best values back (keeping the current masks) when training went on past them.
  void restore(Net& network, const TrainReport& report) const {
    if (report.best_epoch == 0 || report.best_epoch == report.epochs_run) return;
    network.copy_values_from(network_);
  }

 private:
  double best_ = std::numeric_limits<double>::infinity();
  Net network_;
  std::size_t since_best_ = 0;
};

template <typename Net, typename Callback>
TrainReport train_loop(Net& network, const TrainData& data, const TrainParams& params,
                       float dropout, Loss loss, Rng& rng, Callback callback, void* user) {
  check_train_data(network, data, loss);
  const RowSplit rows = split_validation(network, data, params, loss, rng);
  const Subset val = take(data, rows.validation);
  const TrainData val_data{val.x, val.labels, data.targets != nullptr ? &val.targets : nullptr};
  MinibatchTrainer<Net> trainer(network, data, params, dropout, loss, rng, rows.train.size());

  TrainReport report;
  BestSnapshot<Net> best;
  std::vector<std::size_t> order = rows.train;
  for (std::size_t epoch = 0; epoch < params.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    rng.shuffle(std::span(order));
    const Evaluation trained = trainer.epoch(order, static_cast<float>(params.lr_at(epoch)));
    report.epoch_seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    report.train_loss.push_back(trained.loss);
    if (loss == Loss::cross_entropy) report.train_accuracy.push_back(trained.accuracy);
    report.epochs_run = epoch + 1;
    bool stop = callback != nullptr && !callback(epoch, network, user);
    if (params.early_stopping && !rows.validation.empty()) {
      const Evaluation v = evaluate(network, val_data, loss, 256);
      report.validation_loss.push_back(v.loss);
      if (loss == Loss::cross_entropy) report.validation_accuracy.push_back(v.accuracy);
      if (best.should_stop(v.loss, epoch, network, params.patience, report)) stop = true;
    }
    if (stop) break;
  }
  best.restore(network, report);
  return report;
}

}  // namespace

double evaluate_loss(const Network& network, const TrainData& data, Loss loss, std::size_t batch) {
  return evaluate(network, data, loss, batch).loss;
}

double evaluate_loss(const ConvNetwork& network, const TrainData& data, Loss loss,
                     std::size_t batch) {
  return evaluate(network, data, loss, batch).loss;
}

TrainReport train_network(Network& network, const TrainData& data, const MlpParams& params,
                          Loss loss, Rng& rng, EpochCallback callback, void* user) {
  return train_loop(network, data, params, static_cast<float>(params.dropout), loss, rng, callback,
                    user);
}

TrainReport train_network(ConvNetwork& network, const TrainData& data, const TrainParams& params,
                          Loss loss, Rng& rng, ConvEpochCallback callback, void* user) {
  return train_loop(network, data, params, 0.0f, loss, rng, callback, user);
}

}  // namespace prunekit
