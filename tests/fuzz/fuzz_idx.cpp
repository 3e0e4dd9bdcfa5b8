// IDX image and label files, plain or gzip. Input: one byte of mode (bit 0: gzip the images,
// bit 1: gzip the labels), 4 bytes (little-endian) of the images' length, the images, the
// labels. Gzip mode passes the bytes through as they are (the fuzzer writes gzip streams; the
// seed corpus holds real ones).
#include <cstring>

#include "fuzz_support.hpp"
#include "prunekit/data/idx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 5) return 0;
  const unsigned mode = data[0];
  std::uint32_t length = 0;
  std::memcpy(&length, data + 1, 4);
  const std::string_view rest(reinterpret_cast<const char*>(data) + 5, size - 5);
  const std::size_t n = std::min<std::size_t>(length, rest.size());
  const std::string images =
      prunekit::fuzz::put((mode & 1) ? "x.images.idx.gz" : "x.images.idx", rest.substr(0, n));
  const std::string labels =
      prunekit::fuzz::put((mode & 2) ? "x.labels.idx.gz" : "x.labels.idx", rest.substr(n));
  return prunekit::fuzz::expect_only_prunekit_errors(
      [&] { (void)prunekit::read_idx(images, labels); });
}
