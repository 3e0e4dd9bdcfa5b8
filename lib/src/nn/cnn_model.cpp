#include "prunekit/nn/cnn_model.hpp"

#include <iomanip>
#include <sstream>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/layer_types.hpp"

namespace prunekit {

using Eigen::Index;

CnnModel::CnnModel(CnnParams params) : params_(std::move(params)) {}

std::unique_ptr<Model> CnnModel::make(const nlohmann::json& params, const std::string& config_file,
                                      const std::string& json_path) {
  return std::make_unique<CnnModel>(parse_cnn_params(params, config_file, json_path));
}

std::unique_ptr<Model> CnnModel::clone() const { return std::make_unique<CnnModel>(*this); }

void CnnModel::check_data(const Dataset& data) const {
  if (!data.is_classification()) throw InvalidArgument("cnn: only classification is supported");
  if (data.missing_total() > 0)
    throw InvalidArgument("cnn: the data has missing values; preprocess (impute) it first");
  for (const auto& f : data.schema.features)
    if (f.categorical)
      throw InvalidArgument("cnn: feature '" + f.name + "' is categorical; encode it first");
}

TensorShape CnnModel::input_shape_for(const Dataset& data) const {
  const auto& dims = params_.input_shape.empty() ? data.schema.item_shape : params_.input_shape;
  if (dims.size() != 3)
    throw InvalidArgument("cnn: the data has no image shape (" + std::to_string(data.n_features()) +
                          " features); give the model's \"input_shape\": [channels, height, "
                          "width]");
  const TensorShape shape{static_cast<Index>(dims[0]), static_cast<Index>(dims[1]),
                          static_cast<Index>(dims[2])};
  if (static_cast<std::size_t>(shape.size()) != data.n_features())
    throw InvalidArgument("cnn: input shape " + shape.to_string() + " has " +
                          std::to_string(shape.size()) + " values, the data " +
                          std::to_string(data.n_features()) + " features");
  return shape;
}

void CnnModel::fit(const Dataset& train, Rng& rng) {
  train.check();
  check_data(train);
  if (train.rows == 0) throw InvalidArgument("cnn: cannot fit on an empty dataset");
  if (train.n_classes() < 2)
    throw InvalidArgument("cnn: classification needs at least two classes");
  class_names_ = train.schema.class_names;
  const auto specs = architecture_specs(params_.architecture, train.n_classes());
  try {
    network_ = ConvNetwork(input_shape_for(train), specs, params_.init.value_or(Init::he), rng);
  } catch (const InvalidArgument& e) {
    throw InvalidArgument(std::string("cnn: ") + e.what());
  }
  train_epochs(train, params_.epochs, params_.early_stopping, rng);
  start_history(report_);
}

void CnnModel::train_epochs(const Dataset& train, std::size_t epochs, bool early_stopping,
                            Rng& rng) {
  for (std::size_t l = 0; l < network_.n_layers(); ++l)
    if (auto* norm = dynamic_cast<BatchNormLayer*>(&network_.layer(l)))
      norm->scale_penalty = static_cast<float>(params_.bn_l1);
  CnnParams p = params_;
  p.epochs = epochs;
  p.early_stopping = early_stopping;
  const TrainData data{train.matrix(), train.labels, nullptr};
  report_ = train_network(network_, data, p, loss(), rng);
}

TrainReport CnnModel::train_more(const Dataset& train, std::size_t epochs, Rng& rng) {
  if (!fitted()) throw InvalidArgument("cnn: train_more needs a fitted model");
  check_data(train);
  train_epochs(train, epochs, false, rng);
  add_to_history(report_);
  return report_;
}

void CnnModel::set_network(ConvNetwork network) {
  if (!(network.input_shape() == network_.input_shape()) || network.outputs() != network_.outputs())
    throw InvalidArgument("cnn: a replacement network must keep the inputs and outputs");
  network_ = std::move(network);
}

std::vector<WeightMatrix> CnnModel::weight_matrices() {
  std::vector<WeightMatrix> out;
  for (std::size_t l = 0; l < network_.n_layers(); ++l) {
    Layer& layer = network_.layer(l);
    if (auto* conv = dynamic_cast<Conv2dLayer*>(&layer)) {
      const Index taps = conv->geometry().kernel * conv->geometry().kernel;
      out.push_back({&conv->params, taps, layer.output_shape().plane(), "conv2d"});
    } else if (auto* dense = dynamic_cast<DenseLinearLayer*>(&layer)) {
      out.push_back({&dense->params, 1, 1, "dense"});
    }
  }
  return out;
}

void CnnModel::train_masked(const Dataset& train, std::size_t epochs, Rng& rng,
                            std::optional<double>) {
  if (epochs > 0) (void)train_more(train, epochs, rng);
}

void CnnModel::reinitialise(Rng& rng) {
  network_ =
      ConvNetwork(network_.input_shape(), network_.specs(), params_.init.value_or(Init::he), rng);
}

double CnnModel::batch_gradients(const Dataset& train, std::span<const std::size_t> rows) {
  const auto x_all = train.matrix();
  Eigen::MatrixXf x(static_cast<Index>(rows.size()), x_all.cols());
  std::vector<std::int32_t> labels;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    x.row(static_cast<Index>(i)) = x_all.row(static_cast<Index>(rows[i]));
    labels.push_back(train.labels[rows[i]]);
  }
  ConvWorkspace ws;
  return network_.compute_gradients({x, labels, nullptr}, loss(), ws);
}

double CnnModel::mean_loss(const Dataset& train) const {
  return evaluate_loss(network_, {train.matrix(), train.labels, nullptr}, loss());
}

Eigen::MatrixXf CnnModel::outputs(const Dataset& data) const {
  if (!fitted()) throw InvalidArgument("cnn: the model is not fitted");
  if (static_cast<Index>(data.n_features()) != network_.inputs())
    throw InvalidArgument("cnn: the data has " + std::to_string(data.n_features()) +
                          " features, the network expects " + std::to_string(network_.inputs()));
  const auto x = data.matrix();
  Eigen::MatrixXf out(x.rows(), network_.outputs());
  ConvWorkspace ws;
  constexpr Index kChunk = 256;
  for (Index start = 0; start < x.rows(); start += kChunk) {
    const Index b = std::min(kChunk, x.rows() - start);
    network_.forward(x.middleRows(start, b), ws);
    out.middleRows(start, b) = ws.act.back().topRows(b);
  }
  return out;
}

std::vector<double> CnnModel::predict(const Dataset& data) const {
  const Eigen::MatrixXf out = outputs(data);
  std::vector<double> result(static_cast<std::size_t>(out.rows()));
  for (Index i = 0; i < out.rows(); ++i) {
    Index best = 0;
    out.row(i).maxCoeff(&best);
    result[static_cast<std::size_t>(i)] = static_cast<double>(best);
  }
  return result;
}

namespace {

/// A layer's parameter views for reading only (parameters() hands out mutable spans; copying
/// the network to call it would copy every weight).
std::vector<ParamView> read_views(const Layer& layer, std::size_t index) {
  return const_cast<Layer&>(layer).parameters(index);
}

}  // namespace

ModelSize CnnModel::size() const {
  std::int64_t parameters = 0, nonzeros = 0, weights = 0, nonzero_weights = 0, macs_nonzero = 0;
  for (std::size_t l = 0; l < network_.n_layers(); ++l) {
    const Index plane = network_.layer(l).output_shape().plane();
    for (const auto& view : read_views(network_.layer(l), l)) {
      const auto n = static_cast<std::int64_t>(view.value.size());
      const auto nz = static_cast<std::int64_t>(
          std::count_if(view.value.begin(), view.value.end(), [](float v) { return v != 0.0f; }));
      parameters += n;
      nonzeros += nz;
      if (!view.is_weight) continue;
      weights += n;
      nonzero_weights += nz;
      macs_nonzero += nz * plane;
    }
  }
  ModelSize size;
  size["parameters"] = parameters;
  size["nonzeros"] = nonzeros;
  size["weights"] = weights;
  size["nonzero_weights"] = nonzero_weights;
  size["bytes_dense"] = 4 * parameters;
  size["macs_dense"] = network_.multiply_adds();
  size["macs_nonzero"] = macs_nonzero;
  return size;
}

nlohmann::json CnnModel::body_json() const {
  nlohmann::json j;
  j["params"] = prunekit::to_json(params_);
  j["task"] = "classification";
  j["class_names"] = class_names_;
  j["float_encoding"] = "base64 float32 little-endian; masks base64 bits, LSB first";
  const TensorShape& in = network_.input_shape();
  j["input_shape"] = {in.channels, in.height, in.width};
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t l = 0; l < network_.n_layers(); ++l) {
    nlohmann::json entry = network_.layer(l).spec();
    if (auto state = network_.layer(l).state(); !state.is_null()) entry["state"] = std::move(state);
    layers.push_back(std::move(entry));
  }
  j["layers"] = std::move(layers);
  return j;
}

std::unique_ptr<Model> CnnModel::load(const nlohmann::json& saved, const std::string& file) {
  auto fail = [&](const std::string& problem) { return DataError(file, "cnn model: " + problem); };
  try {
    auto model = std::make_unique<CnnModel>(
        parse_cnn_params(saved.value("params", nlohmann::json::object()), file, "/params"));
    model->class_names_ = saved.at("class_names").get<std::vector<std::string>>();
    const auto dims = saved.at("input_shape").get<std::vector<Index>>();
    constexpr Index kMaxInputs = Index{1} << 26;
    if (dims.size() != 3 || dims[0] < 1 || dims[1] < 1 || dims[2] < 1 ||
        dims[1] > kMaxInputs / dims[0] || dims[2] > kMaxInputs / (dims[0] * dims[1]))
      throw fail("impossible input_shape");
    const TensorShape input{dims[0], dims[1], dims[2]};
    const auto& entries = saved.at("layers");
    if (!entries.is_array() || entries.empty()) throw fail("\"layers\" must be a non-empty list");
    // The architecture passes the same checks as a config's (types, keys, value ranges).
    nlohmann::json specs = nlohmann::json::array();
    for (const auto& entry : entries) {
      if (!entry.is_object()) throw fail("a layer must be an object");
      nlohmann::json spec = entry;
      spec.erase("state");
      specs.push_back(std::move(spec));
    }
    (void)parse_cnn_params({{"architecture", specs}}, file, "/layers");
    std::vector<std::unique_ptr<Layer>> layers;
    TensorShape shape = input;
    for (std::size_t l = 0; l < entries.size(); ++l) {
      nlohmann::json spec = entries[l];
      spec.erase("state");
      layers.push_back(layer_from_spec(spec, shape));
      if (entries[l].contains("state"))
        layers.back()->load_state(entries[l]["state"], "layers[" + std::to_string(l) + "]");
      shape = layers.back()->output_shape();
    }
    model->network_ = ConvNetwork(input, std::move(layers));
    if (model->network_.outputs() != static_cast<Index>(model->class_names_.size()))
      throw fail(std::to_string(model->network_.outputs()) + " outputs for " +
                 std::to_string(model->class_names_.size()) + " classes");
    return model;
  } catch (const InvalidArgument& e) {
    throw fail(e.what());
  } catch (const ConfigError& e) {
    throw fail(e.what());
  } catch (const nlohmann::json::exception& e) {
    throw fail(e.what());
  }
}

std::string CnnModel::render(const std::string& format) const {
  if (format != "summary")
    throw InvalidArgument("cnn: unknown render format '" + format + "' (valid: summary)");
  std::ostringstream out;
  if (!fitted()) {
    out << "cnn (not fitted): " << prunekit::to_json(params_).dump() << "\n";
    return out.str();
  }
  out << "cnn, input " << network_.input_shape().to_string() << ", " << network_.outputs()
      << " classes\n";
  out << "layer  type        output       parameters  multiply-adds  us/batch of 256\n";
  const std::vector<double> latency = network_.layer_latency_us(256, 5);
  for (std::size_t l = 0; l < network_.n_layers(); ++l) {
    const Layer& layer = network_.layer(l);
    std::size_t params = 0;
    for (const auto& v : read_views(layer, l)) params += v.value.size();
    out << std::left << std::setw(7) << l << std::setw(12) << layer.type() << std::setw(13)
        << layer.output_shape().to_string() << std::setw(12) << params << std::setw(15)
        << layer.multiply_adds() << std::fixed << std::setprecision(0) << latency[l] << "\n";
  }
  const ModelSize s = size();
  out << "size: " << s["parameters"] << " parameters, " << s["nonzeros"] << " non-zero, "
      << s["macs_dense"] << " multiply-adds\n";
  return out.str();
}

}  // namespace prunekit
