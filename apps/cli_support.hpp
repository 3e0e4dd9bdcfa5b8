#pragma once
// Helpers shared by the subcommands: option parsing with Boost.Program_options, the
// conversion of user errors into exit code 2, and the output format (--format text|json).

#include <boost/program_options.hpp>
#include <initializer_list>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.hpp"
#include "prunekit/core/enum_names.hpp"
#include "prunekit/data/dataset.hpp"

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

/// What a one-off command prints on stdout: text for people (the default), one JSON document
/// for programs (docs/cli.md), or markdown (`methods` only).
enum class OutputFormat { text, json, markdown };
constexpr EnumNames<OutputFormat, 3> enum_names(OutputFormat) {
  return {{{OutputFormat::text, "text"},
           {OutputFormat::json, "json"},
           {OutputFormat::markdown, "markdown"}}};
}

/// The options --format F and --json (short for --format json) of a command. The options it
/// adds refer to it: it must outlive their parsing, and is neither copied nor moved.
class FormatOption {
 public:
  /// `accepted`: the formats the command prints, the first the default. `json_flag`: whether
  /// to declare --json (`path` reads a bare --json itself: bare_json_as_format).
  explicit FormatOption(std::initializer_list<OutputFormat> accepted = {OutputFormat::text,
                                                                        OutputFormat::json},
                        bool json_flag = true);
  FormatOption(const FormatOption&) = delete;
  FormatOption& operator=(const FormatOption&) = delete;
  void add_to(po::options_description& options);
  /// The chosen format; UsageError naming --format for a value the command does not accept, or
  /// for --json with another --format.
  [[nodiscard]] OutputFormat format() const;
  [[nodiscard]] bool json() const { return format() == OutputFormat::json; }

 private:
  std::vector<OutputFormat> accepted_;
  bool json_flag_;
  std::string value_;  ///< --format's value, when `given_`
  bool given_ = false;
  bool json_ = false;
};

/// `args` with a bare `--json` (the last argument, or followed by another option) replaced by
/// `--format=json`, for a command whose --json takes a file (`path --json FILE`).
[[nodiscard]] Args bare_json_as_format(const Args& args);

/// `doc` as the commands write it: indented by 2 spaces, one newline at the end, invalid UTF-8
/// in strings replaced by U+FFFD.
[[nodiscard]] std::string json_document(const nlohmann::ordered_json& doc);
/// Prints json_document(doc) on stdout, as the command's only output.
void print_json(const nlohmann::ordered_json& doc);

/// `x` as a JSON number, or null when it is not finite (NaN, infinities).
[[nodiscard]] nlohmann::ordered_json json_number(double x);
/// A float as the shortest decimal that reads back as it (5.1f is 5.1, not 5.099999904632568);
/// null when not finite.
[[nodiscard]] nlohmann::ordered_json json_number(float x);
/// `text`, or null when it is empty.
[[nodiscard]] nlohmann::ordered_json json_text_or_null(const std::string& text);
/// A dataset's task and counts, as `datasets` and `inspect` report them: {"task", "n_rows",
/// "n_features", "n_classes" (null for regression), "missing_values"}.
[[nodiscard]] nlohmann::ordered_json dataset_counts_json(const Dataset& data);

}  // namespace prunekit::cli
