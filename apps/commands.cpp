#include "commands.hpp"

#include <array>

namespace prunekit::cli {

std::span<const Command> commands() {
  static const std::array kCommands{
      Command{"run", "run an experiment config: fit, prune, compare, report", run_run},
      Command{"merge", "combine the output folders of one config's shards into one", run_merge},
      Command{"datasets", "list the bundled datasets", run_datasets},
      Command{"inspect", "load a dataset file or bundled name and describe it", run_inspect},
      Command{"train", "fit a model on a dataset and save it", run_train},
      Command{"show", "print a saved model (summary, text, DOT)", run_show},
      Command{"eval", "score a saved model on a dataset", run_eval},
      Command{"prune", "prune a saved model with any method", run_prune},
      Command{"path", "a tree's cost-complexity path as rpart's cp table", run_path},
      Command{"methods", "list the pruning methods and their parameters", run_methods},
      Command{"import-sklearn", "convert a scikit-learn tree dump into a model file",
              run_import_sklearn},
      Command{"synth", "write a seeded synthetic dataset (CSV + sidecar)", run_synth},
      Command{"validate", "check an experiment config", run_validate},
      Command{"version", "print the version", run_version},
  };
  return kCommands;
}

}  // namespace prunekit::cli
