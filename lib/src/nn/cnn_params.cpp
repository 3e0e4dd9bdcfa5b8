// The cnn's hyper-parameters: the table, the architecture reader and the named architectures.
#include <map>
#include <set>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/cnn_model.hpp"

namespace prunekit {

namespace {

using Json = nlohmann::json;

/// The keys each layer type accepts.
const std::map<std::string, std::set<std::string>>& layer_keys() {
  static const std::map<std::string, std::set<std::string>> kKeys{
      {"conv2d", {"channels", "kernel", "stride", "padding"}},
      {"dense", {"units"}},
      {"maxpool2d", {"kernel", "stride"}},
      {"avgpool2d", {"kernel", "stride"}},
      {"batchnorm", {"momentum", "epsilon"}},
      {"dropout", {"p"}},
      {"flatten", {}},
      {"relu", {}},
      {"tanh", {}},
      {"sigmoid", {}}};
  return kKeys;
}

std::string layer_types() {
  std::string out;
  for (const auto& [type, keys] : layer_keys()) out += (out.empty() ? "" : ", ") + type;
  return out;
}

/// Checks one layer's keys and values; `at` is its index in the list.
void check_layer(const Json& layer, const std::string& at, bool last, const ParamValues& where) {
  if (!layer.is_object() || !layer.contains("type") || !layer["type"].is_string())
    where.fail(at, "a layer is an object with a \"type\" (" + layer_types() + ")");
  const std::string type = layer["type"].get<std::string>();
  const auto found = layer_keys().find(type);
  if (found == layer_keys().end())
    where.fail(at + "/type", "unknown layer type '" + type + "' (valid: " + layer_types() + ")");
  for (const auto& [key, value] : layer.items()) {
    if (key == "type") continue;
    if (!found->second.contains(key))
      where.fail(at + "/" + key, "a " + type + " layer has no key '" + key + "'");
    const bool fraction = key == "p" || key == "momentum" || key == "epsilon";
    if (fraction
            ? !(value.is_number() && value.get<double>() >= 0.0 && value.get<double>() < 1.0)
            : !(value.is_number_integer() && value.get<long long>() >= (key == "padding" ? 0 : 1) &&
                value.get<long long>() <= 4096))
      where.fail(at + "/" + key, fraction ? "must be a number in [0, 1)"
                                          : std::string("must be an integer in [") +
                                                (key == "padding" ? "0" : "1") + ", 4096]");
  }
  if (type == "conv2d" && !layer.contains("channels"))
    where.fail(at, "a conv2d layer needs \"channels\"");
  if (type == "dense" && !layer.contains("units") && !last)
    where.fail(at, "a dense layer needs \"units\" (only the last one takes the number of outputs)");
}

Json read_architecture(const Json& v, const ParamValues& where) {
  if (v.is_string()) {
    const auto names = architecture_names();
    if (std::find(names.begin(), names.end(), v.get<std::string>()) == names.end())
      where.fail("", "unknown architecture '" + v.get<std::string>() +
                         "' (valid: lenet5, vgg_bn_small, or a list of layers)");
    return v;
  }
  if (!v.is_array() || v.empty())
    where.fail("", "must be an architecture name or a non-empty list of layers");
  for (std::size_t i = 0; i < v.size(); ++i)
    check_layer(v[i], std::to_string(i), i + 1 == v.size(), where);
  if (v.back()["type"] != "dense")
    where.fail(std::to_string(v.size() - 1), "the last layer must be dense");
  return v;
}

Json read_input_shape(const Json& v, const ParamValues& where) {
  if (!v.is_array() || v.size() != 3)
    where.fail("", "must be [channels, height, width] or null (the dataset's image shape)");
  for (std::size_t i = 0; i < 3; ++i)
    if (!v[i].is_number_integer() || v[i].get<long long>() < 1 || v[i].get<long long>() > 65536)
      where.fail(std::to_string(i), "must be an integer in [1, 65536]");
  return v;
}

std::vector<Param> cnn_params() {
  std::vector<Param> params{
      custom_param("architecture", "lenet5", "name or list of layers", read_architecture,
                   "`lenet5`, `vgg_bn_small`, or a list of layers (`{\"type\": \"conv2d\", "
                   "\"channels\": 20, \"kernel\": 5}`, ...; docs/networks.md)"),
      or_null(custom_param("input_shape", nullptr, "[channels, height, width]", read_input_shape,
                           "the input's shape; null: the dataset's image shape (IDX images)")),
      init_param(),
      number_param("bn_l1", 0.0, Range::closed(0, 1e6),
                   "L1 penalty on the batch-norm scales during training, `bn_l1 * sign(gamma)` "
                   "added to their gradient (network slimming, Liu et al. 2017; 1e-4 in the "
                   "paper)"),
  };
  for (auto& p : train_param_list()) params.push_back(std::move(p));
  return params;
}

}  // namespace

std::vector<std::string> architecture_names() { return {"lenet5", "vgg_bn_small"}; }

const ParamTable& cnn_param_table() {
  static const ParamTable kTable = ParamTable::with_defaults(cnn_params(), to_json(CnnParams{}));
  return kTable;
}

CnnParams parse_cnn_params(const Json& json, const std::string& file,
                           const std::string& json_path) {
  CnnParams p;
  if (json.is_null()) return p;
  const ParamValues read = cnn_param_table().read(json, file, json_path, {"kind"});
  Json v = read.json();
  p.architecture = v["architecture"];
  if (!v["input_shape"].is_null()) p.input_shape = v["input_shape"].get<std::vector<std::size_t>>();
  p.init = read_init(v["init"]);
  p.bn_l1 = v["bn_l1"].get<double>();
  read_train_params(v, p);
  return p;
}

Json to_json(const CnnParams& p) {
  Json j = Json::object();
  j["architecture"] = p.architecture;
  j["input_shape"] = p.input_shape.empty() ? Json(nullptr) : Json(p.input_shape);
  j["init"] = p.init ? to_string(*p.init) : "auto";
  j["bn_l1"] = p.bn_l1;
  write_train_params(p, j);
  return j;
}

namespace {

Json conv(int channels, int kernel, int padding = 0) {
  return {{"type", "conv2d"}, {"channels", channels}, {"kernel", kernel}, {"padding", padding}};
}
Json simple(const char* type) { return {{"type", type}}; }
Json maxpool() { return {{"type", "maxpool2d"}, {"kernel", 2}, {"stride", 2}}; }
Json dense(std::size_t units) { return {{"type", "dense"}, {"units", units}}; }

Json named_architecture(const std::string& name) {
  if (name == "lenet5")
    return Json::array({conv(20, 5), simple("relu"), maxpool(), conv(50, 5), simple("relu"),
                        maxpool(), simple("flatten"), dense(500), simple("relu"), simple("dense")});
  if (name == "vgg_bn_small") {
    Json layers = Json::array();
    for (int channels : {16, 32, 64, 64})
      for (const Json& l : {conv(channels, 3, 1), simple("batchnorm"), simple("relu"), maxpool()})
        layers.push_back(l);
    for (const Json& l : {simple("flatten"), dense(128), simple("relu"), simple("dense")})
      layers.push_back(l);
    return layers;
  }
  throw InvalidArgument("unknown architecture '" + name + "' (valid: lenet5, vgg_bn_small)");
}

}  // namespace

Json architecture_specs(const Json& architecture, std::size_t outputs) {
  Json layers =
      architecture.is_string() ? named_architecture(architecture.get<std::string>()) : architecture;
  if (!layers.is_array() || layers.empty())
    throw InvalidArgument("the architecture must be a name or a non-empty list of layers");
  Json& last = layers.back();
  if (last.value("type", "") != "dense") throw InvalidArgument("the last layer must be dense");
  if (!last.contains("units")) last["units"] = outputs;
  if (last["units"].get<std::size_t>() != outputs)
    throw InvalidArgument("the last layer has " + last["units"].dump() + " units for " +
                          std::to_string(outputs) + " classes");
  return layers;
}

}  // namespace prunekit
