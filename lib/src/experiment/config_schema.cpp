// The experiment config schema, embedded in the library. It must equal docs/config.schema.json
// (tests/experiment/config_test.cpp checks that they parse to the same JSON); regenerate it from
// that file when the schema changes.
#include "experiment/config_schema.hpp"

namespace prunekit {

const char* config_schema_text() noexcept {
  return R"schema(
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://prunekit.example/config.schema.json",
  "title": "prunekit experiment config",
  "description": "Structure of a `prunekit run` config; the value checks that need the model, the pruning methods or the data are made by the config parser (docs/config.md).",
  "type": "object",
  "required": ["datasets", "model", "pruners"],
  "additionalProperties": false,
  "properties": {
    "name": {"type": "string", "minLength": 1, "description": "experiment name; the default output folder is out/<name>"},
    "description": {"type": "string"},
    "datasets": {
      "type": "array",
      "minItems": 1,
      "items": {
        "oneOf": [
          {"type": "string", "minLength": 1, "description": "a bundled dataset name or a data file path"},
          {
            "type": "object",
            "required": ["path"],
            "additionalProperties": false,
            "properties": {
              "path": {"type": "string", "minLength": 1},
              "name": {"type": "string", "minLength": 1},
              "target": {"type": "string", "minLength": 1},
              "task": {"enum": ["classification", "regression"]}
            }
          }
        ]
      }
    },
    "protocol": {
      "type": "object",
      "required": ["kind"],
      "additionalProperties": false,
      "properties": {
        "kind": {"enum": ["holdout", "kfold", "repeated_kfold", "learning_curve", "folds_file"]},
        "folds": {"type": "integer", "minimum": 2},
        "repeats": {"type": "integer", "minimum": 1},
        "test_fraction": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        "fractions": {
          "type": "array",
          "minItems": 1,
          "items": {"type": "number", "exclusiveMinimum": 0, "maximum": 1}
        },
        "file": {"type": "string", "minLength": 1},
        "stratified": {"type": "boolean"},
        "seed": {"type": "integer", "minimum": 0}
      }
    },
    "seeds": {"type": "array", "minItems": 1, "items": {"type": "integer", "minimum": 0}},
    "model": {
      "oneOf": [
        {
          "type": "object",
          "required": ["kind"],
          "properties": {"kind": {"type": "string", "minLength": 1}, "label": {"type": "string", "minLength": 1}},
          "additionalProperties": true
        },
        {
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string", "minLength": 1}, "label": {"type": "string", "minLength": 1}},
            "additionalProperties": true
          }
        }
      ]
    },
    "preprocess": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "numeric_impute": {"enum": ["median", "mean", "error"]},
        "categorical_impute": {"enum": ["most_frequent", "own_level", "error"]},
        "encoding": {"enum": ["onehot", "ordinal"]},
        "scale": {"enum": ["auto", "on", "off"]}
      }
    },
    "pruners": {
      "type": "array",
      "minItems": 1,
      "items": {
        "type": "object",
        "required": ["method"],
        "properties": {
          "method": {"type": "string", "minLength": 1},
          "label": {"type": "string", "minLength": 1},
          "models": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
          "model": {"type": "object", "properties": {"kind": false, "label": false}, "additionalProperties": true}
        },
        "additionalProperties": true
      }
    },
    "output": {"type": "string", "minLength": 1}
  }
}
)schema";
}

}  // namespace prunekit
