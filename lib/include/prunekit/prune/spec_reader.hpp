#pragma once
/// Strict reading of a method's JSON parameters: typed getters with range checks whose errors
/// name the config file and JSON path, and a final check that no unknown key is left.

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace prunekit {

class SpecReader {
 public:
  /// `spec` is copied; keys are consumed as they are read.
  SpecReader(nlohmann::json spec, std::string file, std::string json_path);

  [[nodiscard]] double number(const std::string& key, double fallback, double lo, double hi,
                              bool lo_open = false, bool hi_open = false);
  [[nodiscard]] long long integer(const std::string& key, long long fallback, long long lo,
                                  long long hi);
  [[nodiscard]] bool boolean(const std::string& key, bool fallback);
  [[nodiscard]] std::string choice(const std::string& key, const std::string& fallback,
                                   const std::vector<std::string>& valid);
  [[nodiscard]] bool has(const std::string& key) const { return spec_.contains(key); }
  /// The remaining JSON (for parse_selection, which consumes its own keys).
  [[nodiscard]] nlohmann::json& remaining() noexcept { return spec_; }
  /// Throws ConfigError for the first key nobody read; `valid` lists the accepted keys.
  void finish(const std::vector<std::string>& valid) const;

  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  nlohmann::json spec_;
  std::string file_;
  std::string path_;
};

}  // namespace prunekit
