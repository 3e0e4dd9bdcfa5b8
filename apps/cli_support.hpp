#pragma once
// Helpers shared by the subcommands: option parsing with Boost.Program_options and the
// conversion of user errors into exit code 2.

#include <boost/program_options.hpp>
#include <iosfwd>
#include <string>

#include "commands.hpp"
#include "prunekit/core/enum_names.hpp"

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

/// The enum value an option names (UsageError listing the valid names otherwise).
template <NamedEnum E>
[[nodiscard]] E option_value(const std::string& value, const std::string& option) {
  if (const auto e = enum_from_name<E>(value)) return *e;
  throw UsageError(option + " must be one of " + enum_name_list<E>() + ", got '" + value + "'");
}

/// Parses `args` against `visible` (+ `positional`); returns false when --help was printed.
bool parse_command_line(const Args& args, const std::string& usage,
                        po::options_description& visible,
                        const po::positional_options_description& positional,
                        po::variables_map& vm);
/// The same with one positional argument, the option `positional_name`.
bool parse_command_line(const Args& args, const std::string& usage,
                        po::options_description& visible, const char* positional_name,
                        po::variables_map& vm);

}  // namespace prunekit::cli
