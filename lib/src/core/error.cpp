#include "prunekit/core/error.hpp"

#include <utility>

namespace prunekit {
namespace {

std::string data_location(const std::string& file, std::size_t line, std::size_t column) {
  std::string where = file;
  if (line > 0) {
    where += ":" + std::to_string(line);
    if (column > 0) where += ":" + std::to_string(column);
  }
  return where;
}

std::string config_location(const std::string& file, const std::string& json_path) {
  std::string path = json_path.empty() ? std::string("/") : json_path;
  return file.empty() ? path : file + ": " + path;
}

}  // namespace

DataError::DataError(std::string file, std::size_t line, std::size_t column,
                     const std::string& problem)
    : Error(data_location(file, line, column) + ": " + problem),
      file_(std::move(file)),
      line_(line),
      column_(column) {}

ConfigError::ConfigError(std::string file, std::string json_path, const std::string& problem)
    : Error(config_location(file, json_path) + ": " + problem),
      file_(std::move(file)),
      json_path_(std::move(json_path)) {}

}  // namespace prunekit
