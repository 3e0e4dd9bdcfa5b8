// Loads a bundled dataset through the installed library and checks what it reads.
#include <iostream>

#include "prunekit/core/rng.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/version.hpp"

int main() {
  const prunekit::Dataset iris = prunekit::load_bundled("iris");
  prunekit::Rng rng(1);
  const bool ok = iris.rows == 150 && iris.n_features() == 4 && iris.n_classes() == 3 &&
                  rng.below(10) < 10;
  std::cout << "prunekit " << prunekit::kVersion << ": iris " << iris.rows << "x"
            << iris.n_features() << (ok ? " ok" : " WRONG") << "\n";
  return ok ? 0 : 1;
}
