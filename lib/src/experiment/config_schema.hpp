#pragma once
// The text of docs/config.schema.json, compiled into the library.

namespace prunekit {

[[nodiscard]] const char* config_schema_text() noexcept;

}  // namespace prunekit
