// Training: strict parameter parsing, determinism, masks that hold through training,
// schedules, early stopping, and learning something real.
#include "prunekit/nn/train.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "prunekit/core/error.hpp"

namespace prunekit {
namespace {

// Two Gaussian blobs per class in 4-D, 3 classes: separable enough to learn in a few epochs.
struct Blobs {
  Eigen::MatrixXf x;
  std::vector<std::int32_t> labels;
};

Blobs make_blobs(std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  Blobs b;
  b.x.resize(static_cast<Eigen::Index>(n), 4);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<std::int32_t>(i % 3);
    b.labels.push_back(c);
    for (Eigen::Index j = 0; j < 4; ++j)
      b.x(static_cast<Eigen::Index>(i), j) =
          static_cast<float>(rng.normal(j == c ? 2.0 : 0.0, 0.7));
  }
  return b;
}

double accuracy(const Network& net, const Blobs& b) {
  const Eigen::MatrixXf out = net.predict(b.x);
  std::size_t ok = 0;
  for (Eigen::Index i = 0; i < out.rows(); ++i) {
    Eigen::Index best = 0;
    out.row(i).maxCoeff(&best);
    ok += best == b.labels[static_cast<std::size_t>(i)] ? 1 : 0;
  }
  return static_cast<double>(ok) / static_cast<double>(out.rows());
}

TEST(MlpParams, ParsesEveryKeyAndRoundTrips) {
  const auto json = nlohmann::json::parse(R"({
    "hidden": [300, 100], "activation": "tanh", "dropout": 0.5, "init": "glorot",
    "loss": "cross_entropy", "optimizer": "adam", "lr": 0.001, "momentum": 0.5, "nesterov": true,
    "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-7, "weight_decay": 1e-4, "l1": 1e-5, "batch": 32,
    "epochs": 7, "schedule": "cosine", "step_size": 3, "gamma": 0.5, "lr_min": 0.0001,
    "early_stopping": true, "patience": 2, "validation_fraction": 0.2})");
  const MlpParams p = parse_mlp_params(json);
  EXPECT_EQ(p.hidden, (std::vector<std::size_t>{300, 100}));
  EXPECT_EQ(p.activation, Activation::tanh);
  EXPECT_EQ(p.optimizer, OptimizerKind::adam);
  EXPECT_EQ(p.schedule, Schedule::cosine);
  EXPECT_TRUE(p.nesterov);
  EXPECT_EQ(p.batch, 32u);
  EXPECT_EQ(to_json(parse_mlp_params(to_json(p))), to_json(p));
  EXPECT_EQ(parse_mlp_params(nlohmann::json{{"train", {{"epochs", 3}}}}).epochs, 3u);
  EXPECT_EQ(parse_mlp_params(nlohmann::json{{"hidden", 10}}).hidden, std::vector<std::size_t>{10});
}

TEST(MlpParams, RejectsUnknownKeysAndBadValuesNamingThePath) {
  try {
    (void)parse_mlp_params(nlohmann::json{{"train", {{"lr", 0.1}, {"epoch", 3}}}}, "c.json",
                           "/model");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.json_path(), "/model/train/epoch");
    EXPECT_EQ(e.file(), "c.json");
  }
  EXPECT_THROW((void)parse_mlp_params(nlohmann::json{{"lr", -1}}), ConfigError);
  EXPECT_THROW((void)parse_mlp_params(nlohmann::json{{"dropout", 1.0}}), ConfigError);
  EXPECT_THROW((void)parse_mlp_params(nlohmann::json{{"activation", "softsign"}}), ConfigError);
  EXPECT_THROW((void)parse_mlp_params(nlohmann::json{{"batch", 0}}), ConfigError);
  EXPECT_THROW((void)parse_mlp_params(nlohmann::json{{"hidden", {10, 0}}}), ConfigError);
  EXPECT_THROW((void)parse_mlp_params(nlohmann::json{{"nesterov", "yes"}}), ConfigError);
  try {
    (void)parse_mlp_params(nlohmann::json{{"hidden", {10, -2}}});
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.json_path(), "/hidden/1");
  }
}

TEST(MlpParams, Schedules) {
  MlpParams p;
  p.lr = 0.1;
  p.epochs = 10;
  EXPECT_DOUBLE_EQ(p.lr_at(9), 0.1);
  p.schedule = Schedule::step;
  p.step_size = 3;
  p.gamma = 0.5;
  EXPECT_DOUBLE_EQ(p.lr_at(2), 0.1);
  EXPECT_DOUBLE_EQ(p.lr_at(3), 0.05);
  EXPECT_DOUBLE_EQ(p.lr_at(7), 0.025);
  p.schedule = Schedule::cosine;
  p.lr_min = 0.0;
  EXPECT_DOUBLE_EQ(p.lr_at(0), 0.1);
  EXPECT_NEAR(p.lr_at(5), 0.05, 1e-12);
}

Network train_once(const Blobs& data, MlpParams params, std::uint64_t seed) {
  Rng rng(seed);
  Network net(NetworkShape{4, params.hidden, 3, params.activation}, params.init_for_activation(),
              rng);
  (void)train_network(net, {data.x, data.labels, nullptr}, params, Loss::cross_entropy, rng);
  return net;
}

bool bitwise_equal(const Network& a, const Network& b) {
  for (std::size_t l = 0; l < a.n_layers(); ++l) {
    const auto& la = a.layer(l);
    const auto& lb = b.layer(l);
    if (std::memcmp(la.weight.data(), lb.weight.data(),
                    sizeof(float) * static_cast<std::size_t>(la.weight.size())) != 0 ||
        std::memcmp(la.bias.data(), lb.bias.data(),
                    sizeof(float) * static_cast<std::size_t>(la.bias.size())) != 0)
      return false;
  }
  return true;
}

TEST(Train, SameSeedSameWeightsBitForBit) {
  const Blobs data = make_blobs(150, 1);
  MlpParams p;
  p.hidden = {16, 8};
  p.epochs = 5;
  p.batch = 16;
  p.dropout = 0.2;
  const Network a = train_once(data, p, 42);
  const Network b = train_once(data, p, 42);
  const Network c = train_once(data, p, 43);
  EXPECT_TRUE(bitwise_equal(a, b));
  EXPECT_FALSE(bitwise_equal(a, c));
}

TEST(Train, LearnsSeparableClassesWithEveryOptimizer) {
  const Blobs data = make_blobs(300, 2);
  for (const char* config :
       {R"({"optimizer": "sgd", "lr": 0.05})",
        R"({"optimizer": "sgd", "lr": 0.05, "nesterov": true})",
        R"({"optimizer": "adam", "lr": 0.01})", R"({"activation": "tanh", "schedule": "cosine"})",
        R"({"activation": "sigmoid", "lr": 0.5, "schedule": "step", "step_size": 5})"}) {
    MlpParams p = parse_mlp_params(nlohmann::json::parse(config));
    p.hidden = {16};
    p.epochs = 15;
    p.batch = 16;
    const Network net = train_once(data, p, 7);
    EXPECT_GT(accuracy(net, data), 0.9) << config;
  }
}

TEST(Train, MaskedWeightsStayExactlyZeroThroughTraining) {
  const Blobs data = make_blobs(120, 3);
  for (
      const char* config :
      {R"({"optimizer": "sgd", "momentum": 0.9, "weight_decay": 0.01, "l1": 0.001})",
       R"({"optimizer": "sgd", "momentum": 0.9, "nesterov": true, "l1": 0.01})",
       R"({"optimizer": "adam", "lr": 0.01, "weight_decay": 0.01, "l1": 0.001, "dropout": 0.3})"}) {
    MlpParams p = parse_mlp_params(nlohmann::json::parse(config));
    p.hidden = {12, 6};
    p.batch = 8;
    Rng rng(9);
    Network net(NetworkShape{4, p.hidden, 3, p.activation}, Init::he, rng);
    // Train first so that the optimizer state of the weights to be masked is non-zero.
    p.epochs = 3;
    (void)train_network(net, {data.x, data.labels, nullptr}, p, Loss::cross_entropy, rng);
    // Mask every third weight and one neuron, then train for many epochs.
    for (std::size_t l = 0; l < net.n_layers(); ++l)
      for (Eigen::Index k = 0; k < net.layer(l).weight.size(); k += 3)
        net.layer(l).weight_mask.data()[k] = 0.0f;
    net.remove_neuron(0, 5);
    net.apply_masks();
    p.epochs = 40;
    (void)train_network(net, {data.x, data.labels, nullptr}, p, Loss::cross_entropy, rng);
    std::size_t kept_nonzero = 0;
    for (std::size_t l = 0; l < net.n_layers(); ++l) {
      const auto& L = net.layer(l);
      for (Eigen::Index k = 0; k < L.weight.size(); ++k) {
        if (L.weight_mask.data()[k] == 0.0f) {
          EXPECT_EQ(L.weight.data()[k], 0.0f) << config;
        } else {
          kept_nonzero += L.weight.data()[k] != 0.0f ? 1 : 0;
        }
      }
      for (Eigen::Index k = 0; k < L.bias.size(); ++k)
        if (L.bias_mask[k] == 0.0f) {
          EXPECT_EQ(L.bias[k], 0.0f);
        }
    }
    EXPECT_GT(kept_nonzero, 50u);
    EXPECT_TRUE(net.neuron_removed(0, 5));
    EXPECT_GT(accuracy(net, data), 0.8) << config;
  }
}

TEST(Optimizer, MaskedStateIsClearedAndSgdMatchesHandComputation) {
  DenseLayer layer(2, 1, Activation::identity);
  layer.weight << 1.0f, 2.0f;
  Network net({layer});
  OptimizerParams op;
  op.momentum = 0.5f;
  Optimizer opt(op);
  // One step with the two weights' gradients, after applying the masks.
  auto step = [&](float g0, float g1) {
    net.apply_masks();
    auto views = net.parameters();
    views[0].grad[0] = g0;
    views[0].grad[1] = g1;
    opt.step(views, 0.1f);
  };
  step(1.0f, 2.0f);  // v = g; w -= 0.1 g
  EXPECT_FLOAT_EQ(net.layer(0).weight(0, 0), 0.9f);
  EXPECT_FLOAT_EQ(net.layer(0).weight(0, 1), 1.8f);
  net.layer(0).weight_mask(0, 1) = 0.0f;
  step(1.0f, 2.0f);  // v = 0.5 + 1 = 1.5; w = 0.9 - 0.15; the masked weight stays 0
  EXPECT_FLOAT_EQ(net.layer(0).weight(0, 0), 0.75f);
  EXPECT_EQ(net.layer(0).weight(0, 1), 0.0f);
  // Unmasking later: the cleared momentum must not move the weight.
  net.layer(0).weight_mask(0, 1) = 1.0f;
  step(0.0f, 0.0f);
  EXPECT_EQ(net.layer(0).weight(0, 1), 0.0f);
}

TEST(Train, EarlyStoppingStopsAndKeepsTheBestEpoch) {
  const Blobs data = make_blobs(150, 4);
  MlpParams p;
  p.hidden = {32};
  p.epochs = 200;
  p.lr = 0.3;
  p.early_stopping = true;
  p.patience = 3;
  p.validation_fraction = 0.2;
  Rng rng(5);
  Network net(NetworkShape{4, p.hidden, 3, p.activation}, Init::he, rng);
  const TrainReport r =
      train_network(net, {data.x, data.labels, nullptr}, p, Loss::cross_entropy, rng);
  EXPECT_LT(r.epochs_run, 200u);
  EXPECT_EQ(r.validation_loss.size(), r.epochs_run);
  EXPECT_EQ(r.epochs_run, r.best_epoch + p.patience);
  double best = r.validation_loss[r.best_epoch - 1];
  for (double v : r.validation_loss) EXPECT_GE(v, best);
}

TEST(Train, ReportsAccuracyPerEpochForTrainingAndValidation) {
  const Blobs data = make_blobs(150, 8);
  MlpParams p;
  p.hidden = {16};
  p.epochs = 12;
  p.batch = 150;  // one minibatch an epoch: its running accuracy is that of the weights it met
  p.lr = 0.2;
  Rng rng(9);
  Network net(NetworkShape{4, p.hidden, 3, p.activation}, Init::he, rng);
  const double untrained = accuracy(net, data);
  const TrainReport r =
      train_network(net, {data.x, data.labels, nullptr}, p, Loss::cross_entropy, rng);
  ASSERT_EQ(r.train_accuracy.size(), 12u);
  EXPECT_DOUBLE_EQ(r.train_accuracy.front(), untrained);
  EXPECT_GT(r.train_accuracy.back(), r.train_accuracy.front());
  EXPECT_TRUE(r.validation_accuracy.empty());

  p.early_stopping = true;
  p.patience = 100;
  p.validation_fraction = 0.2;
  p.batch = 16;
  Network again(NetworkShape{4, p.hidden, 3, p.activation}, Init::he, rng);
  const TrainReport v =
      train_network(again, {data.x, data.labels, nullptr}, p, Loss::cross_entropy, rng);
  ASSERT_EQ(v.validation_accuracy.size(), v.epochs_run);
  for (double a : v.validation_accuracy) {
    EXPECT_TRUE(a >= 0.0 && a <= 1.0) << a;
    // 30 validation rows (a fifth of each class): the accuracy counts whole rows.
    EXPECT_NEAR(a * 30.0, std::round(a * 30.0), 1e-9);
  }
  EXPECT_GT(v.validation_accuracy.back(), 0.8);
}

TEST(Train, RegressionWithSquaredError) {
  Rng rng(6);
  Eigen::MatrixXf x(200, 2);
  Eigen::MatrixXf t(200, 1);
  for (Eigen::Index i = 0; i < 200; ++i) {
    x(i, 0) = static_cast<float>(rng.uniform(-1, 1));
    x(i, 1) = static_cast<float>(rng.uniform(-1, 1));
    t(i, 0) = x(i, 0) * x(i, 0) - 0.5f * x(i, 1);
  }
  MlpParams p;
  p.hidden = {16};
  p.activation = Activation::tanh;
  p.epochs = 100;
  p.batch = 16;
  p.lr = 0.05;
  Network net(NetworkShape{2, p.hidden, 1, p.activation}, Init::glorot, rng);
  const double before = evaluate_loss(net, {x, {}, &t}, Loss::squared_error);
  const TrainReport r = train_network(net, {x, {}, &t}, p, Loss::squared_error, rng);
  const double after = evaluate_loss(net, {x, {}, &t}, Loss::squared_error);
  EXPECT_LT(after, 0.1 * before);
  EXPECT_TRUE(r.train_accuracy.empty());  // no classes, no accuracy
}

}  // namespace
}  // namespace prunekit
