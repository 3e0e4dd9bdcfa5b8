#include "prunekit/nn/mlp_model.hpp"

#include <cmath>
#include <iomanip>
#include <sstream>

#include "nn/base64.hpp"
#include "prunekit/core/error.hpp"

namespace prunekit {

using Eigen::Index;

MlpModel::MlpModel(MlpParams params) : params_(std::move(params)) {}

std::unique_ptr<Model> MlpModel::make(const nlohmann::json& params, const std::string& config_file,
                                      const std::string& json_path) {
  return std::make_unique<MlpModel>(parse_mlp_params(params, config_file, json_path));
}

std::unique_ptr<Model> MlpModel::clone() const { return std::make_unique<MlpModel>(*this); }

Loss MlpModel::loss() const noexcept {
  if (params_.loss) return *params_.loss;
  return task_ == Task::classification ? Loss::cross_entropy : Loss::squared_error;
}

void MlpModel::check_data(const Dataset& data) const {
  if (data.missing_total() > 0)
    throw InvalidArgument("mlp: the data has missing values; preprocess (impute) it first");
  for (const auto& f : data.schema.features)
    if (f.categorical)
      throw InvalidArgument("mlp: feature '" + f.name + "' is categorical; encode it first");
}

MlpModel::Prepared MlpModel::prepare(const Dataset& data) const {
  Prepared p{data.matrix(), {}, {}};
  if (task_ == Task::classification) {
    p.labels = data.labels;
  } else {
    p.targets.resize(static_cast<Index>(data.rows), 1);
    for (std::size_t i = 0; i < data.rows; ++i)
      p.targets(static_cast<Index>(i), 0) =
          static_cast<float>((data.targets[i] - static_cast<double>(target_mean_)) /
                             static_cast<double>(target_scale_));
  }
  return p;
}

void MlpModel::fit(const Dataset& train, Rng& rng) {
  train.check();
  check_data(train);
  if (train.rows == 0) throw InvalidArgument("mlp: cannot fit on an empty dataset");
  task_ = train.schema.task;
  class_names_ = train.schema.class_names;
  if (task_ == Task::classification && train.n_classes() < 2)
    throw InvalidArgument("mlp: classification needs at least two classes");
  if (task_ == Task::regression) {
    double mean = 0.0;
    for (double t : train.targets) mean += t;
    mean /= static_cast<double>(train.rows);
    double var = 0.0;
    for (double t : train.targets) var += (t - mean) * (t - mean);
    const double sd = std::sqrt(var / static_cast<double>(train.rows));
    target_mean_ = static_cast<float>(mean);
    target_scale_ = sd > 0.0 ? static_cast<float>(sd) : 1.0f;
  } else {
    target_mean_ = 0.0f;
    target_scale_ = 1.0f;
  }
  const Loss l = loss();
  if (l == Loss::cross_entropy && task_ != Task::classification)
    throw InvalidArgument("mlp: cross-entropy loss needs a classification task");
  NetworkShape shape;
  shape.inputs = train.n_features();
  shape.hidden = params_.hidden;
  shape.outputs = task_ == Task::classification ? train.n_classes() : 1;
  shape.activation = params_.activation;
  network_ = Network(shape, params_.init_for_activation(), rng);
  const Prepared p = prepare(train);
  const TrainData data{p.x, p.labels, task_ == Task::regression ? &p.targets : nullptr};
  report_ = train_network(network_, data, params_, l, rng);
  start_history(report_);
}

TrainReport MlpModel::train_more(const Dataset& train, std::size_t epochs, Rng& rng) {
  if (!fitted()) throw InvalidArgument("mlp: train_more before fit");
  check_data(train);
  MlpParams p = params_;
  p.epochs = epochs;
  const Prepared prepared = prepare(train);
  const TrainData data{prepared.x, prepared.labels,
                       task_ == Task::regression ? &prepared.targets : nullptr};
  report_ = train_network(network_, data, p, loss(), rng);
  add_to_history(report_);
  return report_;
}

Eigen::MatrixXf MlpModel::outputs(const Dataset& data, EngineKind engine_kind) const {
  if (!fitted()) throw InvalidArgument("mlp: predict before fit");
  if (static_cast<Index>(data.n_features()) != network_.inputs())
    throw InvalidArgument("mlp: the data has " + std::to_string(data.n_features()) +
                          " features, the model was trained on " +
                          std::to_string(network_.inputs()));
  const auto engine = make_engine(network_, engine_kind);
  const auto x = data.matrix();
  Eigen::MatrixXf out(x.rows(), network_.outputs());
  constexpr Index kChunk = 256;
  for (Index start = 0; start < x.rows(); start += kChunk) {
    const Index b = std::min(kChunk, x.rows() - start);
    out.middleRows(start, b) = engine->run(x.middleRows(start, b));
  }
  if (task_ == Task::regression) out = (out.array() * target_scale_ + target_mean_).matrix();
  return out;
}

std::vector<double> MlpModel::predict(const Dataset& data) const {
  return predict(data, choose_engine(network_, 256));
}

std::vector<double> MlpModel::predict(const Dataset& data, EngineKind engine) const {
  const Eigen::MatrixXf out = outputs(data, engine);
  std::vector<double> result(static_cast<std::size_t>(out.rows()));
  for (Index i = 0; i < out.rows(); ++i) {
    if (task_ == Task::classification) {
      Index best = 0;
      out.row(i).maxCoeff(&best);
      result[static_cast<std::size_t>(i)] = static_cast<double>(best);
    } else {
      result[static_cast<std::size_t>(i)] = static_cast<double>(out(i, 0));
    }
  }
  return result;
}

std::vector<WeightMatrix> MlpModel::weight_matrices() {
  std::vector<WeightMatrix> out;
  for (std::size_t l = 0; l < network_.n_layers(); ++l)
    out.push_back({&network_.layer(l), 1, 1, "dense"});
  return out;
}

void MlpModel::train_masked(const Dataset& train, std::size_t epochs, Rng& rng,
                            std::optional<double> dropout) {
  if (epochs == 0) return;
  MlpParams p = params_;
  p.epochs = epochs;
  if (dropout) p.dropout = *dropout;
  const Prepared prepared = prepare(train);
  const TrainData data{prepared.x, prepared.labels,
                       task_ == Task::regression ? &prepared.targets : nullptr};
  add_to_history(train_network(network_, data, p, loss(), rng));
}

void MlpModel::reinitialise(Rng& rng) {
  NetworkShape shape;
  shape.inputs = static_cast<std::size_t>(network_.inputs());
  for (std::size_t l = 0; l + 1 < network_.n_layers(); ++l)
    shape.hidden.push_back(static_cast<std::size_t>(network_.layer(l).out()));
  shape.outputs = static_cast<std::size_t>(network_.outputs());
  shape.activation = params_.activation;
  network_ = Network(shape, params_.init_for_activation(), rng);
}

double MlpModel::batch_gradients(const Dataset& train, std::span<const std::size_t> rows) {
  const Prepared prepared = prepare(train);
  const auto b = static_cast<Index>(rows.size());
  Eigen::MatrixXf x(b, prepared.x.cols());
  std::vector<std::int32_t> labels;
  Eigen::MatrixXf targets;
  if (task_ == Task::regression) targets.resize(b, prepared.targets.cols());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto r = static_cast<Index>(rows[i]);
    x.row(static_cast<Index>(i)) = prepared.x.row(r);
    if (task_ == Task::classification)
      labels.push_back(prepared.labels[rows[i]]);
    else
      targets.row(static_cast<Index>(i)) = prepared.targets.row(r);
  }
  Workspace ws;
  const BatchRef batch{x, labels, task_ == Task::regression ? &targets : nullptr};
  return network_.compute_gradients(batch, loss(), ws);
}

double MlpModel::mean_loss(const Dataset& train) const {
  const Prepared prepared = prepare(train);
  const TrainData data{prepared.x, prepared.labels,
                       task_ == Task::regression ? &prepared.targets : nullptr};
  return evaluate_loss(network_, data, loss());
}

ModelSize MlpModel::size() const { return network_size(network_).to_json(); }

nlohmann::json MlpModel::body_json() const {
  using nn_detail::encode_floats;
  using nn_detail::encode_mask;
  nlohmann::json j;
  j["params"] = prunekit::to_json(params_);
  j["task"] = prunekit::to_string(task_);
  j["class_names"] = class_names_;
  j["target_mean"] = target_mean_;
  j["target_scale"] = target_scale_;
  j["float_encoding"] = "base64 float32 little-endian; masks base64 bits, LSB first";
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& L : network_.layers()) {
    layers.push_back(
        {{"inputs", L.in()},
         {"outputs", L.out()},
         {"activation", prunekit::to_string(L.activation)},
         {"weight", encode_floats(L.weight.data(), static_cast<std::size_t>(L.weight.size()))},
         {"bias", encode_floats(L.bias.data(), static_cast<std::size_t>(L.bias.size()))},
         {"weight_mask",
          encode_mask(L.weight_mask.data(), static_cast<std::size_t>(L.weight_mask.size()))},
         {"bias_mask",
          encode_mask(L.bias_mask.data(), static_cast<std::size_t>(L.bias_mask.size()))}});
  }
  j["layers"] = std::move(layers);
  return j;
}

namespace {

/// `n` values (float32 or mask bits) decoded from base64 member `key` of a saved layer.
template <typename Decode>
auto decoded(const nlohmann::json& layer, const char* key, std::size_t n, Decode decode,
             const char* what, const std::string& where, const std::string& file) {
  auto values = decode(layer.at(key).get<std::string>(), n);
  if (!values)
    throw DataError(file,
                    where + "\"" + key + "\" is not base64 of " + std::to_string(n) + " " + what);
  return *values;
}

/// Layer `l` of a saved model, its shape, values and masks checked.
DenseLayer read_layer(const nlohmann::json& J, std::size_t l, const std::string& file) {
  auto fail = [&](const std::string& problem) -> DataError { return DataError(file, problem); };
  const std::string where = "mlp model: layers[" + std::to_string(l) + "]: ";
  const auto in = J.at("inputs").get<std::int64_t>();
  const auto out = J.at("outputs").get<std::int64_t>();
  if (in <= 0 || out <= 0 || in > (1 << 24) || out > (1 << 24))
    throw fail(where + "impossible shape " + std::to_string(out) + "x" + std::to_string(in));
  Activation act{};
  try {
    act = parse_enum<Activation>(J.at("activation").get<std::string>(), "activation");
  } catch (const InvalidArgument& e) {
    throw fail(where + e.what());
  }
  DenseLayer layer(in, out, act);
  const auto nw = static_cast<std::size_t>(in * out);
  const auto no = static_cast<std::size_t>(out);
  const auto w = decoded(J, "weight", nw, nn_detail::decode_floats, "float32 values", where, file);
  const auto b = decoded(J, "bias", no, nn_detail::decode_floats, "float32 values", where, file);
  const auto wm = decoded(J, "weight_mask", nw, nn_detail::decode_mask, "mask bits", where, file);
  const auto bm = decoded(J, "bias_mask", no, nn_detail::decode_mask, "mask bits", where, file);
  std::copy(w.begin(), w.end(), layer.weight.data());
  std::copy(b.begin(), b.end(), layer.bias.data());
  std::copy(wm.begin(), wm.end(), layer.weight_mask.data());
  std::copy(bm.begin(), bm.end(), layer.bias_mask.data());
  for (std::size_t k = 0; k < nw; ++k)
    if (wm[k] == 0.0f && w[k] != 0.0f) throw fail(where + "a masked weight is not zero");
  for (std::size_t k = 0; k < no; ++k)
    if (!std::isfinite(b[k])) throw fail(where + "non-finite bias");
  for (std::size_t k = 0; k < nw; ++k)
    if (!std::isfinite(w[k])) throw fail(where + "non-finite weight");
  return layer;
}

}  // namespace

std::unique_ptr<Model> MlpModel::load(const nlohmann::json& saved, const std::string& file) {
  auto fail = [&](const std::string& problem) -> DataError { return DataError(file, problem); };
  MlpParams params;
  try {
    params = parse_mlp_params(saved.value("params", nlohmann::json::object()), file, "/params");
  } catch (const ConfigError& e) {
    throw fail(std::string("corrupt mlp model: ") + e.what());
  } catch (const nlohmann::json::exception& e) {
    throw fail(std::string("corrupt mlp model: ") + e.what());
  }
  auto model = std::make_unique<MlpModel>(params);
  try {
    const std::string task = saved.at("task").get<std::string>();
    if (task == "classification")
      model->task_ = Task::classification;
    else if (task == "regression")
      model->task_ = Task::regression;
    else
      throw fail("mlp model: unknown task '" + task + "'");
    model->class_names_ = saved.value("class_names", std::vector<std::string>{});
    model->target_mean_ = saved.value("target_mean", 0.0f);
    model->target_scale_ = saved.value("target_scale", 1.0f);
    const auto& layers = saved.at("layers");
    if (!layers.is_array() || layers.empty())
      throw fail("mlp model: \"layers\" must be a non-empty array");
    std::vector<DenseLayer> built;
    for (std::size_t l = 0; l < layers.size(); ++l) built.push_back(read_layer(layers[l], l, file));
    try {
      model->network_ = Network(std::move(built));
    } catch (const InvalidArgument& e) {
      throw fail(std::string("mlp model: ") + e.what());
    }
    if (model->task_ == Task::classification &&
        model->network_.outputs() != static_cast<Index>(model->class_names_.size()) &&
        !model->class_names_.empty())
      throw fail("mlp model: " + std::to_string(model->network_.outputs()) + " outputs for " +
                 std::to_string(model->class_names_.size()) + " classes");
  } catch (const nlohmann::json::exception& e) {
    throw fail(std::string("corrupt mlp model: ") + e.what());
  }
  return model;
}

std::string MlpModel::render(const std::string& format) const {
  if (format != "summary")
    throw InvalidArgument("mlp: unknown render format '" + format + "' (valid: summary)");
  std::ostringstream out;
  if (!fitted()) {
    out << "mlp (not fitted): " << prunekit::to_json(params_).dump() << "\n";
    return out.str();
  }
  out << "mlp " << network_.inputs();
  for (const auto& L : network_.layers()) out << "-" << L.out();
  out << ", " << prunekit::to_string(params_.activation) << ", " << prunekit::to_string(task_);
  if (task_ == Task::classification) out << " (" << network_.outputs() << " classes)";
  out << ", loss " << prunekit::to_string(loss()) << "\n";
  out << "layer  shape        activation  weights   kept      sparsity  removed neurons\n";
  for (std::size_t l = 0; l < network_.n_layers(); ++l) {
    const auto& L = network_.layer(l);
    const auto total = static_cast<std::size_t>(L.weight.size());
    const auto kept = static_cast<std::size_t>((L.weight.array() != 0.0f).count());
    std::size_t removed = 0;
    if (l + 1 < network_.n_layers())
      for (Index j = 0; j < L.out(); ++j) removed += network_.neuron_removed(l, j) ? 1 : 0;
    std::ostringstream shape;
    shape << L.out() << "x" << L.in();
    out << std::left << std::setw(7) << l << std::setw(13) << shape.str() << std::setw(12)
        << prunekit::to_string(L.activation) << std::setw(10) << total << std::setw(10) << kept
        << std::setw(10) << std::fixed << std::setprecision(4)
        << (total ? 1.0 - static_cast<double>(kept) / static_cast<double>(total) : 0.0) << removed
        << "\n";
  }
  const NetworkSize s = network_size(network_);
  out << "size: " << s.parameters << " parameters, " << s.nonzeros << " non-zero, " << s.bytes_dense
      << " bytes dense, " << s.bytes_csr << " bytes CSR, " << s.macs_dense
      << " multiply-adds dense, " << s.macs_nonzero << " non-zero\n";
  return out.str();
}

}  // namespace prunekit
