#include "prunekit/data/idx.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <string_view>
#include <vector>

#include <boost/iostreams/copy.hpp>
#include <boost/iostreams/device/array.hpp>
#include <boost/iostreams/device/back_inserter.hpp>
#include <boost/iostreams/filter/gzip.hpp>
#include <boost/iostreams/filtering_stream.hpp>

#include "core/number_format.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/data/limits.hpp"

namespace prunekit {
namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string strip_gz(const std::string& s) {
  return ends_with(s, ".gz") ? s.substr(0, s.size() - 3) : s;
}

std::size_t type_size(unsigned char type);
std::uint32_t read_be32(const unsigned char* p);

/// The total size an IDX header at the start of `bytes` declares, plus kIdxInflateSlack;
/// size_t's maximum while the header is incomplete. Saturates instead of overflowing.
std::size_t declared_idx_size(std::string_view bytes) {
  constexpr std::size_t kUnknown = std::numeric_limits<std::size_t>::max();
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  if (bytes.size() < 4) return kUnknown;
  const std::size_t ndim = p[3];
  const std::size_t header = 4 + 4 * ndim;
  if (bytes.size() < header) return kUnknown;
  std::size_t total = type_size(p[2]) == 0 ? 1 : type_size(p[2]);
  for (std::size_t k = 0; k < ndim; ++k) {
    const std::size_t dim = read_be32(p + 4 + 4 * k);
    if (dim != 0 && total > (kUnknown / 2) / dim) return kUnknown / 2;
    total *= dim;
  }
  return header + total + kIdxInflateSlack;
}

/// The file's bytes, gunzipped when they start with the gzip magic number.
std::string read_maybe_gzip(const std::string& path) {
  std::string raw = read_file(path);
  if (raw.size() < 2 || static_cast<unsigned char>(raw[0]) != 0x1f ||
      static_cast<unsigned char>(raw[1]) != 0x8b)
    return raw;
  namespace io = boost::iostreams;
  std::string out;
  try {
    io::filtering_istream in;
    in.push(io::gzip_decompressor());
    in.push(io::array_source(raw.data(), raw.size()));
    in.exceptions(std::ios_base::badbit);  // a corrupt stream throws instead of ending quietly
    // Inflate in chunks and stop once past the size the IDX header declares: a small file
    // must not inflate to gigabytes before it is found wrong.
    std::size_t limit = std::numeric_limits<std::size_t>::max();
    char chunk[1 << 16];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
      out.append(chunk, static_cast<std::size_t>(in.gcount()));
      if (limit == std::numeric_limits<std::size_t>::max()) limit = declared_idx_size(out);
      const bool valid_header = out.size() >= 4 && out[0] == 0 && out[1] == 0 &&
                                type_size(static_cast<unsigned char>(out[2])) != 0;
      if (out.size() > limit && !valid_header) break;  // parse_idx names what is wrong
      if (out.size() > limit)
        throw DataError(path, "gzip data inflates to more than the " +
                                  std::to_string(limit - kIdxInflateSlack) +
                                  " bytes its IDX header declares; the file is corrupt");
    }
    if (in.bad()) throw DataError(path, "corrupt gzip data");
  } catch (const DataError&) {
    throw;
  } catch (const std::exception& e) {
    throw DataError(path, std::string("corrupt gzip data (") + e.what() + ")");
  }
  return out;
}

std::string gzip(std::string_view bytes) {
  namespace io = boost::iostreams;
  std::string out;
  io::filtering_ostream os;
  os.push(io::gzip_compressor());
  os.push(io::back_inserter(out));
  os.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  os.reset();  // flushes the compressor
  return out;
}

std::size_t type_size(unsigned char type) {
  switch (type) {
    case 0x08:
    case 0x09:
      return 1;
    case 0x0B:
      return 2;
    case 0x0C:
    case 0x0D:
      return 4;
    case 0x0E:
      return 8;
    default:
      return 0;
  }
}

std::uint32_t read_be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

void append_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

/// A parsed IDX file: its dimensions and its values as doubles, item-major.
struct IdxArray {
  std::vector<std::size_t> dims;
  unsigned char type = 0x08;
  std::string bytes;  // whole (decompressed) file
  std::size_t data_offset = 0;

  [[nodiscard]] std::size_t items() const { return dims.empty() ? 0 : dims[0]; }
  [[nodiscard]] std::size_t item_size() const {
    std::size_t n = 1;
    for (std::size_t k = 1; k < dims.size(); ++k) n *= dims[k];
    return n;
  }
  /// Value `k` (flat index) as a double.
  [[nodiscard]] double at(std::size_t k) const {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data()) + data_offset;
    switch (type) {
      case 0x08:
        return p[k];
      case 0x09:
        return static_cast<std::int8_t>(p[k]);
      case 0x0B: {
        const auto* q = p + 2 * k;
        return static_cast<std::int16_t>(static_cast<std::uint16_t>((q[0] << 8) | q[1]));
      }
      case 0x0C:
        return static_cast<std::int32_t>(read_be32(p + 4 * k));
      case 0x0D:
        return std::bit_cast<float>(read_be32(p + 4 * k));
      default: {
        const auto* q = p + 8 * k;
        const std::uint64_t bits = (std::uint64_t{read_be32(q)} << 32) | read_be32(q + 4);
        return std::bit_cast<double>(bits);
      }
    }
  }
};

IdxArray parse_idx(const std::string& path) {
  IdxArray a;
  a.bytes = read_maybe_gzip(path);
  const auto* p = reinterpret_cast<const unsigned char*>(a.bytes.data());
  const std::size_t size = a.bytes.size();
  if (size == 0)
    throw DataError(path, "empty file, expected an IDX header (magic number 0x0000TTNN)");
  if (size < 4)
    throw DataError(
        path, "truncated IDX header: " + std::to_string(size) + " bytes, expected at least 4");
  if (p[0] != 0 || p[1] != 0) {
    char magic[16];
    std::snprintf(magic, sizeof magic, "0x%02X%02X%02X%02X", p[0], p[1], p[2], p[3]);
    throw DataError(path, std::string("not an IDX file: magic number ") + magic +
                              " at byte offset 0 does not start with two zero bytes");
  }
  a.type = p[2];
  const std::size_t width = type_size(a.type);
  if (width == 0) {
    char type[8];
    std::snprintf(type, sizeof type, "0x%02X", a.type);
    throw DataError(path, std::string("unknown IDX data type ") + type +
                              " at byte offset 2 (expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E)");
  }
  const std::size_t ndim = p[3];
  if (ndim == 0) throw DataError(path, "IDX dimension count at byte offset 3 is 0");
  a.data_offset = 4 + 4 * ndim;
  if (size < a.data_offset)
    throw DataError(path, "truncated IDX header: " + std::to_string(ndim) + " dimensions need " +
                              std::to_string(a.data_offset) + " bytes, the file has " +
                              std::to_string(size));
  std::size_t count = 1;
  for (std::size_t k = 0; k < ndim; ++k) {
    a.dims.push_back(read_be32(p + 4 + 4 * k));
    // More values than bytes is truncated anyway; stopping here also avoids overflow.
    if (a.dims.back() != 0 && count > size / a.dims.back()) {
      std::string shape;
      for (std::size_t d : a.dims) shape += (shape.empty() ? "" : " x ") + std::to_string(d);
      throw DataError(path, "truncated IDX file: dimensions " + shape + "... need more than the " +
                                std::to_string(size) + " bytes of the file");
    }
    count *= a.dims.back();
  }
  const std::size_t expected = a.data_offset + count * width;
  std::string shape;
  for (std::size_t d : a.dims) shape += (shape.empty() ? "" : " x ") + std::to_string(d);
  if (size < expected)
    throw DataError(path, "truncated IDX file: dimensions " + shape + " need " +
                              std::to_string(expected) + " bytes, the data ends at byte offset " +
                              std::to_string(size));
  if (size > expected)
    throw DataError(path, "IDX dimensions " + shape + " need " + std::to_string(expected) +
                              " bytes, the file has " + std::to_string(size - expected) +
                              " extra bytes from byte offset " + std::to_string(expected));
  return a;
}

}  // namespace

bool is_idx_path(const std::string& path) {
  const std::string name = strip_gz(fs::path(path).filename().string());
  if (ends_with(name, ".idx")) return true;
  const auto pos = name.rfind("idx");
  return pos != std::string::npos && ends_with(name, "-ubyte") && pos + 3 < name.size() &&
         std::isdigit(static_cast<unsigned char>(name[pos + 3]));
}

std::string idx_labels_path_for(const std::string& images_path) {
  const fs::path p(images_path);
  const std::string base = strip_gz(p.filename().string());
  std::string labels;
  auto pos = base.rfind("images-idx");
  if (pos == std::string::npos) pos = base.rfind("images.idx");
  if (pos != std::string::npos && base.size() > pos + 10 &&
      std::isdigit(static_cast<unsigned char>(base[pos + 10]))) {
    // train-images-idx3-ubyte -> train-labels-idx1-ubyte (also train-images.idx3-ubyte)
    labels = base.substr(0, pos) + "labels" + base[pos + 6] + "idx1" + base.substr(pos + 11);
  } else if (ends_with(base, ".images.idx")) {
    labels = base.substr(0, base.size() - 11) + ".labels.idx";
  } else if (base.find("labels-idx") != std::string::npos ||
             base.find("labels.idx") != std::string::npos) {
    throw DataError(images_path,
                    "this is an IDX labels file: it holds the class of each item of an images "
                    "file and is read with it; give the images file (e.g. "
                    "'train-images-idx3-ubyte' for 'train-labels-idx1-ubyte', 'x.images.idx' "
                    "for 'x.labels.idx')");
  } else {
    throw DataError(images_path,
                    "cannot derive the labels file name (expected "
                    "'*-images-idx3-ubyte' or '*.images.idx', optionally '.gz')");
  }
  std::vector<std::string> tried;
  for (const std::string& name : {labels, labels + ".gz"}) {
    const std::string candidate = (p.parent_path() / name).string();
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    tried.push_back(candidate);
  }
  throw DataError(images_path,
                  "labels file not found (looked for '" + tried[0] + "' and '" + tried[1] + "')");
}

Dataset read_idx(const std::string& images_path, const std::string& labels_path) {
  const IdxArray images = parse_idx(images_path);
  const IdxArray labels = parse_idx(labels_path);
  if (labels.dims.size() != 1)
    throw DataError(labels_path, "an IDX labels file has 1 dimension, this one has " +
                                     std::to_string(labels.dims.size()));
  if (labels.type == 0x0D || labels.type == 0x0E)
    throw DataError(labels_path,
                    "IDX labels must be integers, the data type byte says floating point");
  if (images.items() != labels.items())
    throw DataError(images_path, std::to_string(images.items()) + " items, but its labels file " +
                                     labels_path + " has " + std::to_string(labels.items()));
  const std::size_t rows = images.items();
  const std::size_t d = images.item_size();
  if (rows == 0) throw DataError(images_path, "IDX file holds no items");
  if (d == 0) throw DataError(images_path, "IDX items have zero size");
  check_dense_size(images_path, rows, d, "IDX images");

  Dataset data;
  data.rows = rows;
  data.provenance.path = images_path;
  std::string stem = strip_gz(fs::path(images_path).filename().string());
  if (ends_with(stem, ".images.idx"))
    stem.resize(stem.size() - 11);
  else if (const auto pos = stem.rfind("-images-idx"); pos != std::string::npos)
    stem.resize(pos);
  data.provenance.name = stem;
  data.provenance.source = "IDX files " + images_path + ", " + labels_path;
  data.schema.task = Task::classification;
  if (images.dims.size() == 3) data.schema.item_shape = {1, images.dims[1], images.dims[2]};
  data.schema.features.resize(d);
  for (std::size_t j = 0; j < d; ++j) {
    std::string name = "pixel_";
    if (images.dims.size() == 3) {
      name += std::to_string(j / images.dims[2]) + "_" + std::to_string(j % images.dims[2]);
    } else {
      name += std::to_string(j);
    }
    data.schema.features[j].name = std::move(name);
  }
  data.features.resize(rows * d);
  if (images.type == 0x08) {
    const auto* p =
        reinterpret_cast<const unsigned char*>(images.bytes.data()) + images.data_offset;
    for (std::size_t i = 0; i < rows; ++i)
      for (std::size_t j = 0; j < d; ++j) data.features[j * rows + i] = p[i * d + j];
  } else {
    for (std::size_t i = 0; i < rows; ++i)
      for (std::size_t j = 0; j < d; ++j) {
        const double v = images.at(i * d + j);
        // The number policy of every reader: finite and within the float range.
        if (!std::isfinite(v) ||
            std::abs(v) > static_cast<double>(std::numeric_limits<float>::max()))
          throw DataError(images_path, "item " + std::to_string(i) + ", value " +
                                           std::to_string(j) + ": " + std::to_string(v) +
                                           " is not a finite 32-bit float");
        data.features[j * rows + i] = static_cast<float>(v);
      }
  }

  std::map<std::int64_t, std::int32_t> classes;
  std::vector<std::int64_t> raw(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    raw[i] = static_cast<std::int64_t>(labels.at(i));
    classes.emplace(raw[i], 0);
  }
  std::int32_t next = 0;
  for (auto& [value, id] : classes) {
    id = next++;
    data.schema.class_names.push_back(std::to_string(value));
  }
  data.labels.resize(rows);
  for (std::size_t i = 0; i < rows; ++i) data.labels[i] = classes.at(raw[i]);
  return data;
}

Dataset read_idx(const std::string& images_path) {
  return read_idx(images_path, idx_labels_path_for(images_path));
}

void write_idx(const Dataset& data, const std::string& images_path, const std::string& labels_path,
               std::span<const std::size_t> item_shape) {
  if (!data.is_classification())
    throw InvalidArgument("write_idx: IDX files hold class labels; '" + data.provenance.name +
                          "' is a regression dataset");
  data.check();
  std::vector<std::size_t> shape(item_shape.begin(), item_shape.end());
  if (shape.empty()) shape.push_back(data.n_features());
  std::size_t product = 1;
  for (std::size_t s : shape) product *= s;
  if (product != data.n_features() || shape.size() > 254)
    throw InvalidArgument("write_idx: item shape has " + std::to_string(product) +
                          " values, the dataset has " + std::to_string(data.n_features()) +
                          " features");
  const bool bytes = std::all_of(data.features.begin(), data.features.end(), [](float v) {
    return v >= 0.0f && v <= 255.0f && v == std::floor(v);
  });
  const std::size_t rows = data.rows;
  const std::size_t d = data.n_features();
  std::string images;
  images.reserve(8 + 4 * shape.size() + rows * d * (bytes ? 1 : 4));
  images.push_back('\0');
  images.push_back('\0');
  images.push_back(static_cast<char>(bytes ? 0x08 : 0x0D));
  images.push_back(static_cast<char>(shape.size() + 1));
  append_be32(images, static_cast<std::uint32_t>(rows));
  for (std::size_t s : shape) append_be32(images, static_cast<std::uint32_t>(s));
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      const float v = data.value(i, j);
      if (bytes)
        images.push_back(static_cast<char>(static_cast<unsigned char>(v)));
      else
        append_be32(images, std::bit_cast<std::uint32_t>(v));
    }

  std::vector<std::int64_t> class_values;
  for (const auto& name : data.schema.class_names) {
    double v = 0.0;
    if (!parse_number(name, v) || v != std::floor(v) || std::abs(v) > 2147483647.0)
      throw InvalidArgument("write_idx: class name '" + name + "' is not an integer");
    class_values.push_back(static_cast<std::int64_t>(v));
  }
  const bool byte_labels = std::all_of(class_values.begin(), class_values.end(),
                                       [](std::int64_t v) { return v >= 0 && v <= 255; });
  std::string labels;
  labels.push_back('\0');
  labels.push_back('\0');
  labels.push_back(static_cast<char>(byte_labels ? 0x08 : 0x0C));
  labels.push_back(1);
  append_be32(labels, static_cast<std::uint32_t>(rows));
  for (std::size_t i = 0; i < rows; ++i) {
    const std::int64_t v = class_values[static_cast<std::size_t>(data.labels[i])];
    if (byte_labels)
      labels.push_back(static_cast<char>(static_cast<unsigned char>(v)));
    else
      append_be32(labels, static_cast<std::uint32_t>(static_cast<std::int32_t>(v)));
  }
  write_file_atomically(images_path, ends_with(images_path, ".gz") ? gzip(images) : images);
  write_file_atomically(labels_path, ends_with(labels_path, ".gz") ? gzip(labels) : labels);
}

}  // namespace prunekit
