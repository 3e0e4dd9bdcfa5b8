// LibSVM / SVMlight files.
#include "fuzz_support.hpp"
#include "prunekit/data/libsvm.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path =
      prunekit::fuzz::put("in.libsvm", {reinterpret_cast<const char*>(data), size});
  return prunekit::fuzz::expect_only_prunekit_errors(
      [&] { (void)prunekit::read_libsvm(path, prunekit::LibSvmOptions{}); });
}
