#pragma once
/// Errors with a location. Every failure the user can cause (bad file, bad config, impossible
/// parameter) is one of these; the CLI catches them once and exits with code 2.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace prunekit {

/// Base of all prunekit errors; `what()` is the complete one-line message.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// Malformed or inconsistent input data. The message reads `file:line:column: problem`
/// (line and column are 1-based; 0 means "not applicable" and is left out).
class DataError : public Error {
 public:
  DataError(std::string file, std::size_t line, std::size_t column, const std::string& problem);
  DataError(std::string file, const std::string& problem)
      : DataError(std::move(file), 0, 0, problem) {}

  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  [[nodiscard]] std::size_t column() const noexcept { return column_; }

 private:
  std::string file_;
  std::size_t line_;
  std::size_t column_;
};

/// A configuration value that is missing, of the wrong type or impossible. The message reads
/// `file: /json/pointer: problem` (the file is left out when the config did not come from one).
class ConfigError : public Error {
 public:
  ConfigError(std::string file, std::string json_path, const std::string& problem);

  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] const std::string& json_path() const noexcept { return json_path_; }

 private:
  std::string file_;
  std::string json_path_;
};

/// A call that cannot be honoured with the given arguments (a model that was never fitted, a
/// parameter outside its range given through the C++ API).
class InvalidArgument : public Error {
 public:
  explicit InvalidArgument(const std::string& message) : Error(message) {}
};

}  // namespace prunekit
