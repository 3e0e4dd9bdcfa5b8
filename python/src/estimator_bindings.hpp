#pragma once
/// What the Python classes of every estimator share, for estimator_bindings.cpp (trees) and
/// network_bindings.cpp (networks): the class name, pickling, a classifier's members.

#include <memory>
#include <string>

#include <pybind11/pybind11.h>

#include "estimator.hpp"

namespace prunekit::python {

/// The Python class name of `self` ("DecisionTreeClassifier").
[[nodiscard]] inline std::string class_name(const py::object& self) {
  return py::type::of(self).attr("__name__").cast<std::string>();
}

/// Pickling: the parameters as given, the fitted model file and the classes.
template <class Concrete>
auto pickling() {
  return py::pickle(
      [](const Concrete& e) -> py::tuple {
        const bool fitted = e.fitted();
        const bool labelled = fitted && e.task() == Task::classification;
        return py::make_tuple(e.get_params(),
                              fitted ? py::object(py::str(e.to_json())) : py::object(py::none()),
                              labelled ? e.classes() : py::object(py::none()));
      },
      [](const py::tuple& state) -> std::unique_ptr<Concrete> {
        if (state.size() != 3) throw py::value_error("pickle: a state of 3 items expected");
        auto e = std::make_unique<Concrete>(state[0].cast<py::dict>());
        if (!state[1].is_none()) e->restore(state[1].cast<std::string>(), state[2]);
        return e;
      });
}

/// A classifier's class: its constructor from keyword arguments, predict_proba, classes_,
/// n_classes_, pickling and scikit-learn's _estimator_type.
template <class Concrete, class Base>
void bind_classifier(py::class_<Concrete, Base>& c) {
  c.def(py::init([](py::kwargs params) { return std::make_unique<Concrete>(params); }))
      .def("predict_proba", &Estimator::predict_proba, py::arg("X"),
           "Class probabilities, rows x len(classes_).")
      .def_property_readonly("classes_", &Estimator::classes)
      .def_property_readonly("n_classes_", [](const Estimator& e) { return py::len(e.classes()); })
      .def(pickling<Concrete>());
  c.attr("_estimator_type") = "classifier";
}

}  // namespace prunekit::python
