#pragma once
// The CLI's subcommands. Each lives in its own cmd_<name>.cpp and is listed in commands.cpp.

#include <span>
#include <string>
#include <vector>

namespace prunekit::cli {

/// Arguments after the subcommand name.
using Args = std::vector<std::string>;

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const Args& args);
};

/// Every subcommand, in the order `prunekit --help` lists them.
[[nodiscard]] std::span<const Command> commands();

int run_datasets(const Args& args);
int run_eval(const Args& args);
int run_import_sklearn(const Args& args);
int run_inspect(const Args& args);
int run_merge(const Args& args);
int run_methods(const Args& args);
int run_path(const Args& args);
int run_prune(const Args& args);
int run_run(const Args& args);
int run_show(const Args& args);
int run_train(const Args& args);
int run_synth(const Args& args);
int run_validate(const Args& args);
int run_version(const Args& args);

}  // namespace prunekit::cli
