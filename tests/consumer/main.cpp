// Loads a bundled dataset through prunekit, fits and prunes a tree, and prints the data folder it
// used (the test checks it is the installed one).
#include <iostream>

#include "prunekit/core/rng.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/tree/builder.hpp"
#include "prunekit/version.hpp"

int main() try {
  const prunekit::Dataset iris = prunekit::load_bundled("iris");
  prunekit::Rng rng(1);
  const prunekit::Tree tree = prunekit::build_tree(iris, prunekit::TreeParams{}, rng);
  const bool ok =
      iris.rows == 150 && iris.n_features() == 4 && iris.n_classes() == 3 && tree.n_leaves() >= 3;
  std::cout << "prunekit " << prunekit::kVersion << ": iris " << iris.rows << "x"
            << iris.n_features() << ", tree of " << tree.n_leaves() << " leaves"
            << (ok ? " ok" : " WRONG") << "\n"
            << "data: " << prunekit::bundled_data_dir() << "\n";
  return ok ? 0 : 1;
} catch (const std::exception& e) {
  std::cerr << "consumer: " << e.what() << "\n";
  return 2;
}
