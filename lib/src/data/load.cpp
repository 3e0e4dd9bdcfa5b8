#include "prunekit/data/load.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/utf8.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/data/arff.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/data/csv.hpp"
#include "prunekit/data/idx.hpp"
#include "prunekit/data/libsvm.hpp"

namespace prunekit {

namespace {

/// Names, levels and class labels end up in JSON and HTML: refuse text that is not UTF-8.
void check_utf8_text(const Dataset& data) {
  // The message shows the text with its invalid bytes as \xNN (the message must be UTF-8 too).
  const auto shown = [](const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t bad = i + invalid_utf8_offset(std::string_view(text).substr(i));
      out.append(text, i, bad - i);
      if (bad >= text.size()) break;
      static constexpr char kHex[] = "0123456789ABCDEF";
      const auto b = static_cast<unsigned char>(text[bad]);
      out += std::string("\\x") + kHex[b >> 4] + kHex[b & 15];
      i = bad + 1;
    }
    return out;
  };
  const auto check = [&](const std::string& text, const std::string& what) {
    if (!is_valid_utf8(text))
      throw DataError(data.provenance.path,
                      what + " '" + shown(text) + "' is not valid UTF-8; save the file as UTF-8");
  };
  check(data.schema.target_name, "the target's name");
  for (const auto& label : data.schema.class_names)
    check(label, "class label of '" + shown(data.schema.target_name) + "'");
  for (const auto& feature : data.schema.features) {
    check(feature.name, "feature name");
    for (const auto& level : feature.levels)
      check(level, "level of feature '" + shown(feature.name) + "'");
  }
}

Dataset load_by_type(const std::string& source, const LoadOptions& options) {
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

}  // namespace

Dataset load_dataset(const std::string& source, const LoadOptions& options) {
  Dataset data = load_by_type(source, options);
  check_utf8_text(data);
  return data;
}

}  // namespace prunekit
