#pragma once
/// IDX reader and writer: the format of the MNIST files (LeCun et al., "The MNIST database of
/// handwritten digits"). An images file (`*-images-idx3-ubyte`, `*.images.idx`) holds N items
/// of any shape; its labels file (`*-labels-idx1-ubyte`, `*.labels.idx`) holds N class labels.
/// Either file may be gzip-compressed (`.gz`; detected from the content, not the name).
///
/// Layout: two zero bytes, a data type byte (0x08 unsigned byte, 0x09 signed byte, 0x0B int16,
/// 0x0C int32, 0x0D float32, 0x0E float64), a dimension count byte, one big-endian uint32 per
/// dimension, then the values, big-endian, row-major.

#include <cstddef>
#include <span>
#include <string>

#include "prunekit/data/dataset.hpp"

namespace prunekit {

/// True when `path` names an IDX images or labels file by the conventions above
/// (`...idx<k>-ubyte`, `....idx`, optionally followed by `.gz`).
[[nodiscard]] bool is_idx_path(const std::string& path);

/// The labels file that belongs to `images_path`: `train-images-idx3-ubyte[.gz]` ->
/// `train-labels-idx1-ubyte[.gz]`, `x.images.idx[.gz]` -> `x.labels.idx[.gz]` (a compressed
/// or an uncompressed labels file is accepted either way). Throws DataError naming the
/// images file and the names tried when no labels file exists.
[[nodiscard]] std::string idx_labels_path_for(const std::string& images_path);

/// Reads an images file and its labels file into a classification dataset: one row per item,
/// features = the product of the trailing dimensions (`pixel_<r>_<c>` for 2-D items, else
/// `pixel_<k>`), values converted to float (0..255 for unsigned bytes), classes = the distinct
/// label values in numeric order. Throws DataError naming the file (and the byte offset where
/// it helps) on a wrong magic number, an unknown data type, a size that does not match the
/// dimensions, or item counts that differ between the two files.
[[nodiscard]] Dataset read_idx(const std::string& images_path, const std::string& labels_path);

/// read_idx with the labels file found beside the images file (idx_labels_path_for).
[[nodiscard]] Dataset read_idx(const std::string& images_path);

/// Writes `data` (classification, every label's class name an integer) as an images file and
/// a labels file, atomically. `item_shape` gives the trailing dimensions (their product must be
/// n_features); empty means one dimension. Values are stored as unsigned bytes when every one
/// is an integer in 0..255, else as float32. A path ending in `.gz` is gzip-compressed.
void write_idx(const Dataset& data, const std::string& images_path, const std::string& labels_path,
               std::span<const std::size_t> item_shape = {});

}  // namespace prunekit
