#pragma once
// The benchmark programs' command lines: "--name value" pairs read into variables, and a main
// that turns an exception into a message and exit code 2.

#include <cstddef>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>

namespace prunekit::bench {

/// Where an option's value goes; a bool option is false for "0" and true otherwise.
using OptionTarget = std::variant<std::string*, double*, int*, std::size_t*, bool*>;

/// Reads the "--name value" pairs of argv[first..]; an unknown name, a missing value or a value
/// that is not a number where one is expected throws std::invalid_argument.
inline void read_option_pairs(int argc, char** argv,
                              const std::map<std::string, OptionTarget>& options, int first) {
  for (int i = first; i < argc; i += 2) {
    const std::string name = argv[i];
    const auto option = options.find(name);
    if (option == options.end()) throw std::invalid_argument("unknown option " + name);
    if (i + 1 >= argc) throw std::invalid_argument(name + " needs a value");
    const std::string value = argv[i + 1];
    std::visit(
        [&](auto* target) {
          using T = std::remove_pointer_t<decltype(target)>;
          if constexpr (std::is_same_v<T, std::string>)
            *target = value;
          else if constexpr (std::is_same_v<T, bool>)
            *target = value != "0";
          else if constexpr (std::is_same_v<T, double>)
            *target = std::stod(value);
          else if constexpr (std::is_same_v<T, int>)
            *target = std::stoi(value);
          else
            *target = static_cast<std::size_t>(std::stoul(value));
        },
        option->second);
  }
}

/// read_option_pairs, exiting with code 2 and the message on a bad command line.
inline void read_options(int argc, char** argv, const std::map<std::string, OptionTarget>& options,
                         int first = 1) {
  try {
    read_option_pairs(argc, argv, options, first);
  } catch (const std::exception& e) {
    std::cerr << argv[0] << ": " << e.what() << "\n";
    std::exit(2);
  }
}

/// Runs `run`; an exception becomes "name: message" on stderr and exit code 2.
template <typename Run>
int guarded_main(const char* name, Run run) {
  try {
    return run();
  } catch (const std::exception& e) {
    std::cerr << name << ": " << e.what() << "\n";
    return 2;
  }
}

}  // namespace prunekit::bench
