#include <iostream>

#include "commands.hpp"
#include "prunekit/nn/backend.hpp"
#include "prunekit/version.hpp"

namespace prunekit::cli {

int run_version(const Args& /*args*/) {
  std::cout << "prunekit " << kVersion << "\n" << compute_backend_description();
  return 0;
}

}  // namespace prunekit::cli
