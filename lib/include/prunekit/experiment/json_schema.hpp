#pragma once
/// A small JSON Schema validator: the subset of JSON Schema (draft 2020-12) that
/// docs/config.schema.json uses, so that the shipped schema file and the config parser cannot
/// drift apart (the parser validates every config against the same schema first).
///
/// Supported keywords: type (string or list; "integer" accepts integral numbers), properties,
/// required, additionalProperties (boolean or schema), enum, const, minimum, maximum,
/// exclusiveMinimum, exclusiveMaximum (numbers), minItems, items (schema), minLength, oneOf,
/// anyOf. Annotations ($schema, $id, title, description, default, examples) are ignored; any
/// other keyword is rejected when the schema is loaded (so an unsupported keyword is never
/// silently ignored).

#include <string>

#include <nlohmann/json.hpp>

namespace prunekit {

/// Throws InvalidArgument when `schema` uses a keyword this validator does not implement.
void check_schema_keywords(const nlohmann::json& schema);

/// Validates `instance` against `schema`; the first violation throws ConfigError naming `file`
/// and the JSON pointer of the offending value (`/pruners/2/alpha: must be >= 0, got -1`).
void validate_against_schema(const nlohmann::json& instance, const nlohmann::json& schema,
                             const std::string& file, const std::string& json_path = "");

}  // namespace prunekit
