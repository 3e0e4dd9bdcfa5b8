#include "prunekit/prune/spec_reader.hpp"

#include <algorithm>

#include "prunekit/core/error.hpp"
#include "core/number_format.hpp"

namespace prunekit {

namespace {
std::string shortest(double v) {
  std::string s;
  append_shortest(s, v);
  return s;
}
}  // namespace

SpecReader::SpecReader(nlohmann::json spec, std::string file, std::string json_path)
    : spec_(std::move(spec)), file_(std::move(file)), path_(std::move(json_path)) {
  if (!spec_.is_object()) throw ConfigError(file_, path_, "must be an object, got " + spec_.dump());
  spec_.erase("method");
}

double SpecReader::number(const std::string& key, double fallback, double lo, double hi,
                          bool lo_open, bool hi_open) {
  auto it = spec_.find(key);
  if (it == spec_.end()) return fallback;
  const std::string where = path_ + "/" + key;
  if (!it->is_number()) throw ConfigError(file_, where, "must be a number, got " + it->dump());
  const double v = it->get<double>();
  const bool below = lo_open ? v <= lo : v < lo;
  const bool above = hi_open ? v >= hi : v > hi;
  if (below || above)
    throw ConfigError(file_, where, "must be in " + std::string(lo_open ? "(" : "[") +
                                        shortest(lo) + ", " + shortest(hi) +
                                        (hi_open ? ")" : "]") + ", got " + it->dump());
  spec_.erase(it);
  return v;
}

long long SpecReader::integer(const std::string& key, long long fallback, long long lo,
                              long long hi) {
  auto it = spec_.find(key);
  if (it == spec_.end()) return fallback;
  const std::string where = path_ + "/" + key;
  if (!it->is_number_integer()) throw ConfigError(file_, where, "must be an integer, got " + it->dump());
  const long long v = it->get<long long>();
  if (v < lo || v > hi)
    throw ConfigError(file_, where, "must be in [" + std::to_string(lo) + ", " +
                                        std::to_string(hi) + "], got " + it->dump());
  spec_.erase(it);
  return v;
}

bool SpecReader::boolean(const std::string& key, bool fallback) {
  auto it = spec_.find(key);
  if (it == spec_.end()) return fallback;
  if (!it->is_boolean()) throw ConfigError(file_, path_ + "/" + key, "must be true or false, got " + it->dump());
  const bool v = it->get<bool>();
  spec_.erase(it);
  return v;
}

std::string SpecReader::choice(const std::string& key, const std::string& fallback,
                               const std::vector<std::string>& valid) {
  auto it = spec_.find(key);
  if (it == spec_.end()) return fallback;
  const std::string where = path_ + "/" + key;
  std::string list;
  for (const auto& v : valid) list += (list.empty() ? "" : ", ") + v;
  if (!it->is_string()) throw ConfigError(file_, where, "must be one of " + list + ", got " + it->dump());
  const std::string v = it->get<std::string>();
  if (std::find(valid.begin(), valid.end(), v) == valid.end())
    throw ConfigError(file_, where, "must be one of " + list + ", got \"" + v + "\"");
  spec_.erase(it);
  return v;
}

void SpecReader::finish(const std::vector<std::string>& valid) const {
  if (spec_.empty()) return;
  std::string list;
  for (const auto& v : valid) list += (list.empty() ? "" : ", ") + v;
  throw ConfigError(file_, path_ + "/" + spec_.begin().key(),
                    "unknown key (valid: " + (list.empty() ? std::string("none") : list) + ")");
}

}  // namespace prunekit
