#include <iostream>

#include "cli_support.hpp"
#include "prunekit/experiment/merge.hpp"
#include "prunekit/experiment/results.hpp"

namespace prunekit::cli {

int run_merge(const Args& args) {
  po::options_description options("merge options");
  std::vector<std::string> dirs;
  MergeOptions merge;
  options.add_options()("dirs", po::value(&dirs)->required()->multitoken(),
                        "output folders of one config (shards of prunekit run --shard K/N)")(
      "out", po::value(&merge.output),
      "merged output folder (default: the config's \"output\", else out/<name>)")(
      "no-figures", "write report.html only, not each chart under figures/ (SVG and CSV)");
  po::positional_options_description positional;
  positional.add("dirs", -1);
  po::variables_map vm;
  if (!parse_command_line(args, "prunekit merge DIR... [--out DIR] [--no-figures]", options,
                          positional, vm))
    return kExitOk;
  merge.figures = vm.count("no-figures") == 0;
  merge.warnings = &std::cerr;
  const auto outcome = merge_outputs(dirs, Factories::registries(), merge);
  std::cerr << "prunekit merge: " << outcome.runs_found << " of " << outcome.runs_total
            << " runs from " << dirs.size() << " folders";
  if (outcome.duplicates > 0) std::cerr << " (" << outcome.duplicates << " duplicates dropped)";
  std::cerr << " in " << outcome.output_dir << "/runs.jsonl\n";
  if (!outcome.complete) return kExitOk;
  std::cout << summary_table(outcome.results.summary);
  std::cout << "\nresults: " << outcome.output_dir << "/results.json, " << outcome.output_dir
            << "/summary.csv\nreport:  " << outcome.output_dir << "/report.html\n";
  return kExitOk;
}

}  // namespace prunekit::cli
