#include "prunekit/data/system_datasets.hpp"

#include <cstdlib>
#include <filesystem>
#include <span>
#include <utility>

#include "prunekit/core/error.hpp"
#include "prunekit/data/idx.hpp"

namespace prunekit {

namespace fs = std::filesystem;

std::vector<std::string> system_dataset_names() { return {"fashion_mnist"}; }

bool is_system_dataset(const std::string& name) { return name == "fashion_mnist"; }

namespace {

fs::path system_root() {
  const char* root = std::getenv("PRUNEKIT_SYSTEM_DATASETS");
  return root != nullptr && *root != '\0' ? fs::path(root) : fs::path("/usr/share/datasets");
}

/// The images file `stem`-images-idx3-ubyte.gz of `dir` and its labels, or an Error saying
/// which package provides them.
Dataset read_part(const fs::path& dir, const std::string& stem) {
  const fs::path images = dir / (stem + "-images-idx3-ubyte.gz");
  const fs::path labels = dir / (stem + "-labels-idx1-ubyte.gz");
  for (const auto& file : {images, labels})
    if (!fs::exists(file))
      throw Error("dataset 'fashion_mnist': " + file.string() +
                  " is missing; install Debian's package dataset-fashion-mnist "
                  "(apt-get install dataset-fashion-mnist) or point PRUNEKIT_SYSTEM_DATASETS "
                  "at a folder holding fashion-mnist/");
  return read_idx(images.string(), labels.string());
}

/// `train` followed by the rows of `test` (same features and classes).
Dataset append(Dataset train, const Dataset& test) {
  if (train.n_features() != test.n_features() ||
      train.schema.class_names != test.schema.class_names)
    throw Error("dataset 'fashion_mnist': the training and test files differ in shape or classes");
  const std::size_t rows = train.rows + test.rows;
  std::vector<float> features(rows * train.n_features());
  for (std::size_t j = 0; j < train.n_features(); ++j) {
    const std::span<const float> a = std::as_const(train).column(j), b = test.column(j);
    std::copy(a.begin(), a.end(), features.begin() + static_cast<std::ptrdiff_t>(j * rows));
    std::copy(b.begin(), b.end(),
              features.begin() + static_cast<std::ptrdiff_t>(j * rows + train.rows));
  }
  train.features = std::move(features);
  train.labels.insert(train.labels.end(), test.labels.begin(), test.labels.end());
  train.rows = rows;
  train.published_test_rows = test.rows;
  return train;
}

}  // namespace

Dataset load_system_dataset(const std::string& name) {
  if (!is_system_dataset(name)) throw Error("unknown system dataset '" + name + "'");
  const fs::path dir = system_root() / "fashion-mnist";
  Dataset data = append(read_part(dir, "train"), read_part(dir, "t10k"));
  data.provenance.name = name;
  data.provenance.source =
      "Debian package dataset-fashion-mnist (" + dir.string() + "): train then t10k IDX files";
  data.provenance.origin =
      "Xiao, Rasul, Vollgraf 2017, https://github.com/zalandoresearch/fashion-mnist";
  data.provenance.license = "MIT";
  return data;
}

}  // namespace prunekit
