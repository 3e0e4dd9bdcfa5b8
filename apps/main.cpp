// prunekit: prune decision trees and neural networks, and measure what it buys.

#include <algorithm>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>

#include "cli_support.hpp"
#include "commands.hpp"
#include "mpi_world.hpp"
#include "prunekit/core/error.hpp"

namespace {

void print_usage(std::ostream& out) {
  out << "usage: prunekit <command> [options]   (prunekit <command> --help for its options)\n\n"
         "commands:\n";
  // The name column is as wide as the longest name, plus two spaces.
  std::size_t width = 0;
  for (const auto& c : prunekit::cli::commands())
    width = std::max(width, std::string(c.name).size());
  for (const auto& c : prunekit::cli::commands()) {
    std::string name = c.name;
    name.resize(width + 2, ' ');
    out << "  " << name << c.summary << "\n";
  }
}

}  // namespace

/// The command's exit code; under mpirun only rank 0 speaks (progress, results, errors).
int run_command(int argc, char** argv);

int main(int argc, char** argv) {
  prunekit::cli::start_mpi(argc, argv);
  std::streambuf* const cout_buffer = std::cout.rdbuf();
  std::streambuf* const cerr_buffer = std::cerr.rdbuf();
  if (prunekit::cli::mpi_rank() != 0) {
    std::cout.rdbuf(nullptr);
    std::cerr.rdbuf(nullptr);
  }
  const int code = run_command(argc, argv);
  std::cout.flush();
  std::cout.rdbuf(cout_buffer);
  std::cerr.rdbuf(cerr_buffer);
  prunekit::cli::stop_mpi();
  return code;
}

int run_command(int argc, char** argv) {
  using namespace prunekit::cli;
  if (argc < 2) {
    print_usage(std::cerr);
    return kExitUsage;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(std::cout);
    return kExitOk;
  }
  if (name == "--version") return run_version({});
  for (const auto& command : commands()) {
    if (name != command.name) continue;
    try {
      return command.run(Args(argv + 2, argv + argc));
    } catch (const prunekit::Error& e) {
      std::cerr << "prunekit " << name << ": error: " << e.what() << "\n";
      return kExitUsage;
    } catch (const UsageError& e) {
      std::cerr << "prunekit " << name << ": " << e.what() << "\n";
      return kExitUsage;
    } catch (const boost::program_options::error& e) {
      std::cerr << "prunekit " << name << ": " << e.what() << " (see prunekit " << name
                << " --help)\n";
      return kExitUsage;
    } catch (const std::filesystem::filesystem_error& e) {
      // Not writable, not a folder, a name too long: the user's environment, not a bug.
      std::cerr << "prunekit " << name << ": error: " << e.path1().string() << ": "
                << e.code().message() << "\n";
      return kExitUsage;
    } catch (const std::bad_alloc&) {
      std::cerr << "prunekit " << name << ": out of memory\n";
      return kExitInternal;
    } catch (const std::exception& e) {
      std::cerr << "prunekit " << name << ": internal error: " << e.what() << "\n";
      return kExitInternal;
    }
  }
  std::cerr << "prunekit: unknown command '" << name << "'\n";
  print_usage(std::cerr);
  return kExitUsage;
}
