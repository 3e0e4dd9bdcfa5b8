// The MLP's hyper-parameters: their table (types, ranges, docs), the reader that turns a JSON
// object into MlpParams, the writer back, and the values derived from them.
#include <cmath>
#include <numbers>
#include <type_traits>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/train.hpp"

namespace prunekit {

OptimizerParams TrainParams::optimizer_params() const {
  OptimizerParams p;
  p.kind = optimizer;
  p.momentum = static_cast<float>(momentum);
  p.nesterov = nesterov;
  p.beta1 = static_cast<float>(beta1);
  p.beta2 = static_cast<float>(beta2);
  p.epsilon = static_cast<float>(epsilon);
  p.l2 = static_cast<float>(weight_decay);
  p.l1 = static_cast<float>(l1);
  return p;
}

double TrainParams::lr_at(std::size_t epoch) const {
  switch (schedule) {
    case Schedule::constant:
      return lr;
    case Schedule::step:
      return lr * std::pow(gamma, static_cast<double>(epoch / std::max<std::size_t>(step_size, 1)));
    case Schedule::cosine: {
      const double t =
          static_cast<double>(epoch) / static_cast<double>(std::max<std::size_t>(epochs, 1));
      return lr_min + 0.5 * (lr - lr_min) * (1.0 + std::cos(std::numbers::pi * t));
    }
  }
  return lr;
}

namespace {

using Json = nlohmann::json;

/// One width or a list of widths, stored as a list.
Json read_hidden(const Json& v, const ParamValues& where) {
  const Json widths = v.is_array() ? v : Json::array({v});
  for (std::size_t i = 0; i < widths.size(); ++i)
    if (!widths[i].is_number_integer() || widths[i].get<std::int64_t>() < 1)
      where.fail(v.is_array() ? std::to_string(i) : "",
                 "must be an integer >= 1, got " + widths[i].dump());
  return widths;
}

/// "auto" or one of the enum's names.
template <NamedEnum E>
Param auto_or(std::string name, std::string doc) {
  std::vector<std::string> choices{"auto"};
  for (auto& c : enum_choices<E>()) choices.push_back(std::move(c));
  return choice_param(std::move(name), "auto", std::move(choices), std::move(doc));
}

template <NamedEnum E>
std::optional<E> unless_auto(const std::string& name, const char* what) {
  if (name == "auto") return std::nullopt;
  return parse_enum<E>(name, what);
}

}  // namespace

Param init_param() {
  return auto_or<Init>("init",
                       "initialisation; `auto` = He for ReLU, Glorot otherwise; `fan_in_uniform` = "
                       "weights and biases uniform in ±1/sqrt(fan_in), PyTorch's `nn.Linear` and "
                       "`nn.Conv2d` default (other inits start biases at zero)");
}

std::optional<Init> read_init(const Json& value) {
  return unless_auto<Init>(value.get<std::string>(), "init");
}

namespace {

/// The MLP's architecture keys.
std::vector<Param> architecture_params() {
  return {
      custom_param("hidden", nullptr, "int >= 1 or list of them", read_hidden,
                   "hidden layer widths; `[]` is a linear model"),
      choice_param("activation", "", enum_choices<Activation>(),
                   "activation of every hidden layer"),
      number_param("dropout", 0.0, Range::right_open(0, 1),
                   "drop probability after each hidden layer (training only)"),
      init_param(),
  };
}

}  // namespace

std::vector<Param> train_param_list() {
  return {
      auto_or<Loss>("loss",
                    "`auto` = cross-entropy for classification, squared error for regression"),
      choice_param("optimizer", "", enum_choices<OptimizerKind>(), "the optimizer"),
      number_param("lr", 0.0, Range::left_open(0, 1e6), "learning rate (epoch 0 of the schedule)"),
      number_param("momentum", 0.0, Range::right_open(0, 1), "SGD momentum (0 = plain SGD)"),
      flag_param("nesterov", false, "Nesterov momentum (SGD)"),
      number_param("beta1", 0.0, Range::right_open(0, 1), "Adam: first moment decay rate"),
      number_param("beta2", 0.0, Range::right_open(0, 1), "Adam: second moment decay rate"),
      number_param("epsilon", 0.0, Range::closed(0, 1), "Adam: denominator term"),
      number_param("weight_decay", 0.0, Range::closed(0, 1e6),
                   "L2 coefficient: adds `weight_decay * w` to the gradient of each weight (not "
                   "biases)"),
      number_param("l1", 0.0, Range::closed(0, 1e6),
                   "L1 coefficient: adds `l1 * sign(w)` to the gradient of each weight"),
      integer_param("batch", 0, Range::at_least(1),
                    "minibatch size (the last batch of an epoch may be smaller)"),
      integer_param("epochs", 0, Range::at_least(0), "maximum number of epochs"),
      choice_param("schedule", "", enum_choices<Schedule>(), "learning-rate schedule over epochs"),
      integer_param("step_size", 0, Range::at_least(1),
                    "`step`: epochs between decays, `lr * gamma^floor(epoch / step_size)`"),
      number_param("gamma", 0.0, Range::closed(0, 1), "`step`: decay factor"),
      number_param("lr_min", 0.0, Range::closed(0, 1e6),
                   "`cosine`: final rate, `lr_min + (lr - lr_min)(1 + cos(pi epoch / epochs)) / "
                   "2`"),
      flag_param("early_stopping", false,
                 "hold out a validation split, stop when its loss has not improved for "
                 "`patience` epochs, restore the best epoch's weights"),
      integer_param("patience", 0, Range::at_least(1),
                    "epochs without improvement before stopping"),
      number_param("validation_fraction", 0.0, Range::open(0, 1),
                   "share of the training rows held out for early stopping (stratified by "
                   "class)"),
  };
}

namespace {

/// Every parameter but "train".
std::vector<Param> training_params() {
  auto params = architecture_params();
  for (auto& p : train_param_list()) params.push_back(std::move(p));
  return params;
}

/// The defaults are MlpParams' own, written once in the struct.
ParamTable with_struct_defaults(std::vector<Param> params) {
  return ParamTable::with_defaults(std::move(params), to_json(MlpParams{}));
}

const ParamTable& training_table() {
  static const ParamTable kTable = with_struct_defaults(training_params());
  return kTable;
}

/// The keys a nested "train" object gave, read with the same table.
Json read_train(const Json& v, const ParamValues& where) {
  const ParamValues nested = training_table().read(v, where.file(), where.path());
  Json given = Json::object();
  for (const auto& [key, value] : nested.json().items())
    if (nested.given(key)) given[key] = value;
  return given;
}

/// TrainParams' fields stored as they are (numbers, flags, counts), one list for reading and
/// writing. `Params` is TrainParams or const TrainParams.
template <typename Params, typename Visit>
void visit_plain_fields(Params& p, Visit visit) {
  visit("lr", p.lr);
  visit("momentum", p.momentum);
  visit("nesterov", p.nesterov);
  visit("beta1", p.beta1);
  visit("beta2", p.beta2);
  visit("epsilon", p.epsilon);
  visit("weight_decay", p.weight_decay);
  visit("l1", p.l1);
  visit("batch", p.batch);
  visit("epochs", p.epochs);
  visit("step_size", p.step_size);
  visit("gamma", p.gamma);
  visit("lr_min", p.lr_min);
  visit("early_stopping", p.early_stopping);
  visit("patience", p.patience);
  visit("validation_fraction", p.validation_fraction);
}

}  // namespace

void read_train_params(const Json& v, TrainParams& p) {
  p.loss = unless_auto<Loss>(v["loss"].get<std::string>(), "loss");
  p.optimizer = parse_enum<OptimizerKind>(v["optimizer"].get<std::string>(), "optimizer");
  p.schedule = parse_enum<Schedule>(v["schedule"].get<std::string>(), "schedule");
  visit_plain_fields(p, [&v](const char* key, auto& field) {
    field = v[key].get<std::remove_reference_t<decltype(field)>>();
  });
}

void write_train_params(const TrainParams& p, Json& j) {
  j["loss"] = p.loss ? to_string(*p.loss) : "auto";
  j["optimizer"] = to_string(p.optimizer);
  j["schedule"] = to_string(p.schedule);
  visit_plain_fields(p, [&j](const char* key, const auto& field) { j[key] = field; });
}

const ParamTable& mlp_param_table() {
  static const ParamTable kTable = [] {
    auto params = training_params();
    Param train = custom_param("train", nullptr, "object", read_train,
                               "the training keys above, apart from the architecture; they take "
                               "precedence over the same keys given outside");
    params.push_back(std::move(train));
    return with_struct_defaults(std::move(params));
  }();
  return kTable;
}

MlpParams parse_mlp_params(const Json& json, const std::string& file,
                           const std::string& json_path) {
  MlpParams p;
  if (json.is_null()) return p;
  const ParamValues read = mlp_param_table().read(json, file, json_path, {"kind"});
  Json v = read.json();
  if (v.contains("train")) v.update(v["train"]);
  p.hidden = v["hidden"].get<std::vector<std::size_t>>();
  p.activation = parse_enum<Activation>(v["activation"].get<std::string>(), "activation");
  p.init = read_init(v["init"]);
  p.dropout = v["dropout"].get<double>();
  read_train_params(v, p);
  return p;
}

Json to_json(const MlpParams& p) {
  Json j = Json::object();
  j["hidden"] = p.hidden;
  j["activation"] = to_string(p.activation);
  j["init"] = p.init ? to_string(*p.init) : "auto";
  j["dropout"] = p.dropout;
  write_train_params(p, j);
  return j;
}

}  // namespace prunekit
