#pragma once
/// Python values to JSON and back, at the module's boundary: keyword arguments become the JSON
/// the registries read, and the library's JSON answers (sizes, reports, method tables) become
/// Python dicts and lists.

#include <string>

#include <pybind11/pybind11.h>
#include <nlohmann/json.hpp>

namespace prunekit::python {

namespace py = pybind11;

/// None, bool, int, float, str, list, tuple, dict (keys as str), numpy scalars and arrays as
/// JSON. Anything else throws py::value_error naming `what` (the argument).
[[nodiscard]] nlohmann::json to_json(py::handle value, const std::string& what);

/// A dict of keyword arguments as a JSON object.
[[nodiscard]] nlohmann::json dict_to_json(const py::dict& values);

/// JSON as Python: null None, numbers int or float, objects dict (in the JSON's key order).
[[nodiscard]] py::object to_python(const nlohmann::json& value);
[[nodiscard]] py::object to_python(const nlohmann::ordered_json& value);

}  // namespace prunekit::python
