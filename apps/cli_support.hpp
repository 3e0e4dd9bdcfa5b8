#pragma once
// Helpers shared by the subcommands: option parsing with Boost.Program_options and the
// conversion of user errors into exit code 2.

#include <boost/program_options.hpp>
#include <iosfwd>
#include <string>

#include "commands.hpp"

namespace prunekit::cli {

namespace po = boost::program_options;

/// Exit codes: 0 success, 2 bad input or usage (any prunekit::Error), 1 an internal failure.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitUsage = 2;
/// Stopped by Ctrl-C (128 + SIGINT, the shell's convention); the work done so far is kept.
inline constexpr int kExitInterrupted = 130;

/// Thrown for usage errors found by a subcommand itself; reported like other errors (exit 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Parses `args` against `visible` (+ `positional`); returns false when --help was printed.
bool parse_command_line(const Args& args, const std::string& usage,
                        po::options_description& visible,
                        const po::positional_options_description& positional,
                        po::variables_map& vm);

}  // namespace prunekit::cli
