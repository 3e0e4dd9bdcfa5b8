// CSV without a sidecar: column kinds and the task are inferred.
#include "fuzz_support.hpp"
#include "prunekit/data/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path =
      prunekit::fuzz::put("in.csv", {reinterpret_cast<const char*>(data), size});
  return prunekit::fuzz::expect_only_prunekit_errors([&] {
    prunekit::CsvOptions options;
    options.sidecar = "";
    (void)prunekit::read_csv(path, options);
  });
}
