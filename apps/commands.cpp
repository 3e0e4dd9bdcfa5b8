#include "commands.hpp"

#include <array>

namespace prunekit::cli {

std::span<const Command> commands() {
  static const std::array kCommands{
      Command{"datasets", "list the bundled datasets", run_datasets},
      Command{"inspect", "load a dataset file or bundled name and describe it", run_inspect},
      Command{"synth", "write a seeded synthetic dataset (CSV + sidecar)", run_synth},
      Command{"validate", "check an experiment config", run_validate},
      Command{"version", "print the version", run_version},
  };
  return kCommands;
}

}  // namespace prunekit::cli
