#include "prunekit/data/load.hpp"

#include <filesystem>

#include "prunekit/core/error.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/data/csv.hpp"

namespace prunekit {

Dataset load_dataset(const std::string& source, const LoadOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(source, ec) && is_bundled_dataset(source)) return load_bundled(source);
  if (!fs::exists(source, ec))
    throw Error("'" + source + "' is neither a file nor a bundled dataset (see `prunekit datasets`)");
  const std::string ext = fs::path(source).extension().string();
  if (ext == ".csv") {
    CsvOptions csv;
    csv.target = options.target;
    csv.task = options.task;
    return read_csv(source, csv);
  }
  throw DataError(source, "unsupported file type '" + ext + "' (supported: .csv)");
}

}  // namespace prunekit
