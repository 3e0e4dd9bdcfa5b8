#include <iostream>

#include "commands.hpp"
#include "mpi_world.hpp"
#include "prunekit/nn/backend.hpp"
#include "prunekit/version.hpp"

namespace prunekit::cli {

int run_version(const Args& /*args*/) {
  std::cout << "prunekit " << kVersion << "\n"
            << compute_backend_description() << "mpi: "
            << (mpi_supported() ? "yes (mpirun -np N prunekit run CONFIG)" : "no (built without)")
            << "\n";
  return 0;
}

}  // namespace prunekit::cli
