#pragma once
// The text of docs/config.schema.json, compiled into the library (generated from
// config_schema.cpp.in by lib/CMakeLists.txt).

namespace prunekit {

[[nodiscard]] const char* config_schema_text() noexcept;

}  // namespace prunekit
