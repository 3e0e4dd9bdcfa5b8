#include "json_convert.hpp"

#include <cstdint>

namespace prunekit::python {

namespace {

/// numpy's scalar types (numpy.float64(1.5), numpy.int32(3)) and arrays through their Python
/// equivalents: item() and tolist().
bool is_numpy(py::handle value, const char* type) {
  const py::module_ numpy = py::module_::import("numpy");
  return py::isinstance(value, numpy.attr(type));
}

template <class Json>
py::object to_python_impl(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      return py::none();
    case Json::value_t::boolean:
      return py::bool_(value.template get<bool>());
    case Json::value_t::number_integer:
      return py::int_(value.template get<std::int64_t>());
    case Json::value_t::number_unsigned:
      return py::int_(value.template get<std::uint64_t>());
    case Json::value_t::number_float:
      return py::float_(value.template get<double>());
    case Json::value_t::string:
      return py::str(value.template get_ref<const std::string&>());
    case Json::value_t::array: {
      py::list out;
      for (const auto& item : value) out.append(to_python_impl(item));
      return out;
    }
    case Json::value_t::object: {
      py::dict out;
      for (const auto& [key, item] : value.items()) out[py::str(key)] = to_python_impl(item);
      return out;
    }
    case Json::value_t::binary:
      break;
  }
  throw py::value_error("cannot convert binary JSON to Python");
}

nlohmann::json sequence_to_json(py::handle value, const std::string& what) {
  nlohmann::json out = nlohmann::json::array();
  for (py::handle item : value) out.push_back(to_json(item, what));
  return out;
}

}  // namespace

nlohmann::json to_json(py::handle value, const std::string& what) {
  if (value.is_none()) return nullptr;
  if (py::isinstance<py::bool_>(value) || is_numpy(value, "bool_")) return value.cast<bool>();
  if (py::isinstance<py::int_>(value) || is_numpy(value, "integer"))
    return value.cast<std::int64_t>();
  if (py::isinstance<py::float_>(value) || is_numpy(value, "floating")) return value.cast<double>();
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();
  if (py::isinstance<py::dict>(value)) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, item] : value.cast<py::dict>())
      out[py::str(key).cast<std::string>()] = to_json(item, what);
    return out;
  }
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value))
    return sequence_to_json(value, what);
  if (is_numpy(value, "ndarray")) return sequence_to_json(value.attr("tolist")(), what);
  throw py::value_error(what + ": cannot pass a value of type " +
                        py::str(py::type::of(value).attr("__name__")).cast<std::string>() +
                        " (expected None, bool, int, float, str, list or dict)");
}

nlohmann::json dict_to_json(const py::dict& values) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, item] : values) {
    const std::string name = py::str(key).cast<std::string>();
    out[name] = to_json(item, name);
  }
  return out;
}

py::object to_python(const nlohmann::json& value) { return to_python_impl(value); }
py::object to_python(const nlohmann::ordered_json& value) { return to_python_impl(value); }

}  // namespace prunekit::python
