#include "cli_support.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iostream>

namespace prunekit::cli {

bool parse_command_line(const Args& args, const std::string& usage,
                        po::options_description& visible,
                        const po::positional_options_description& positional,
                        po::variables_map& vm) {
  visible.add_options()("help,h", "show this help");
  po::store(po::command_line_parser(args).options(visible).positional(positional).run(), vm);
  if (vm.count("help") != 0) {
    std::cout << "usage: " << usage << "\n\n" << visible << "\n";
    return false;
  }
  po::notify(vm);
  return true;
}

bool parse_command_line(const Args& args, const std::string& usage,
                        po::options_description& visible, const char* positional_name,
                        po::variables_map& vm) {
  po::positional_options_description positional;
  positional.add(positional_name, 1);
  return parse_command_line(args, usage, visible, positional, vm);
}

namespace {

/// "text, markdown or json".
std::string format_list(const std::vector<OutputFormat>& formats) {
  std::string out;
  for (std::size_t k = 0; k < formats.size(); ++k)
    out += (k == 0 ? "" : k + 1 == formats.size() ? " or " : ", ") + to_string(formats[k]);
  return out;
}

}  // namespace

FormatOption::FormatOption(std::initializer_list<OutputFormat> accepted, bool json_flag)
    : accepted_(accepted), json_flag_(json_flag) {}

void FormatOption::add_to(po::options_description& options) {
  options.add_options()("format",
                        po::value<std::string>()->notifier([this](const std::string& value) {
                          value_ = value;
                          given_ = true;
                        }),
                        (format_list(accepted_) + " (default " + to_string(accepted_.front()) +
                         "); json: one document on stdout, see docs/cli.md")
                            .c_str());
  if (json_flag_) options.add_options()("json", po::bool_switch(&json_), "short for --format json");
}

OutputFormat FormatOption::format() const {
  if (!given_) return json_ ? OutputFormat::json : accepted_.front();
  const auto named = enum_from_name<OutputFormat>(value_);
  bool known = false;
  for (const OutputFormat f : accepted_) known = known || (named && f == *named);
  if (!known)
    throw UsageError("--format must be " + format_list(accepted_) + ", got '" + value_ + "'");
  if (json_ && *named != OutputFormat::json)
    throw UsageError("--json is --format json; it does not go with --format " + value_);
  return *named;
}

Args bare_json_as_format(const Args& args) {
  Args out = args;
  for (std::size_t k = 0; k < out.size(); ++k) {
    const bool option_follows =
        k + 1 == out.size() || (out[k + 1].size() > 1 && out[k + 1].front() == '-');
    if (out[k] == "--json" && option_follows) out[k] = "--format=json";
  }
  return out;
}

std::string json_document(const nlohmann::ordered_json& doc) {
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

void print_json(const nlohmann::ordered_json& doc) { std::cout << json_document(doc); }

nlohmann::ordered_json json_number(double x) {
  return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json();
}

nlohmann::ordered_json json_number(float x) {
  if (!std::isfinite(x)) return nullptr;
  char text[64];
  const auto end = std::to_chars(text, text + sizeof text - 1, x).ptr;
  *end = '\0';
  return std::strtod(text, nullptr);
}

nlohmann::ordered_json json_text_or_null(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(text);
}

nlohmann::ordered_json dataset_counts_json(const Dataset& data) {
  return {{"task", to_string(data.schema.task)},
          {"n_rows", data.rows},
          {"n_features", data.n_features()},
          {"n_classes", data.is_classification() ? nlohmann::ordered_json(data.n_classes())
                                                 : nlohmann::ordered_json()},
          {"missing_values", data.missing_total()}};
}

}  // namespace prunekit::cli
