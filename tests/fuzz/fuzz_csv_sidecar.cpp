// CSV with a JSON sidecar. Input: the sidecar, a NUL byte, the CSV.
#include "fuzz_support.hpp"
#include "prunekit/data/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [sidecar, csv] = prunekit::fuzz::split_at_nul(data, size);
  const std::string sidecar_path = prunekit::fuzz::put("side.json", sidecar);
  const std::string path = prunekit::fuzz::put("side.csv", csv);
  return prunekit::fuzz::expect_only_prunekit_errors([&] {
    prunekit::CsvOptions options;
    options.sidecar = sidecar_path;
    (void)prunekit::read_csv(path, options);
  });
}
