#include "prunekit/data/load.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "prunekit/core/error.hpp"
#include "prunekit/data/arff.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/data/csv.hpp"
#include "prunekit/data/idx.hpp"
#include "prunekit/data/libsvm.hpp"

namespace prunekit {

Dataset load_dataset(const std::string& source, const LoadOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(source, ec) && is_bundled_dataset(source)) return load_bundled(source);
  if (!fs::exists(source, ec))
    throw Error("'" + source +
                "' is neither a file nor a bundled dataset (see `prunekit datasets`)");
  std::string ext = fs::path(source).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (is_idx_path(source)) return read_idx(source);
  if (ext == ".csv") {
    CsvOptions csv;
    csv.target = options.target;
    csv.task = options.task;
    return read_csv(source, csv);
  }
  if (ext == ".arff") {
    ArffOptions arff;
    arff.target = options.target;
    arff.task = options.task;
    return read_arff(source, arff);
  }
  if (ext == ".libsvm" || ext == ".svm" || ext == ".svmlight") {
    LibSvmOptions libsvm;
    libsvm.task = options.task;
    return read_libsvm(source, libsvm);
  }
  throw DataError(source, "unsupported file type '" + ext +
                              "' (supported: .csv, .arff, .libsvm, .svm, .svmlight, IDX "
                              "'*-images-idx3-ubyte' or '*.images.idx', optionally .gz)");
}

}  // namespace prunekit
