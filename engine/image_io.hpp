#pragma once
// Image files in and out. OpenCV is used here and nowhere else in the engine's interface:
// everything else sees cs::Tensor.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/colormap.hpp"
#include "engine/tensor.hpp"

namespace cs {

// Images whose header claims more pixels than this are refused before decoding.
constexpr int64_t max_image_pixels = 100'000'000;
// Image files larger than this are refused before their first byte is read: an uncompressed
// 100-megapixel image of 4 channels of 16 bits is 800 MB.
constexpr int64_t max_image_file_bytes = int64_t{1} << 30;

struct ImageInfo {
    int width = 0;
    int height = 0;
    int channels = 0;    // as stored in the file: 1 gray, 2 gray+alpha, 3 colour, 4 colour+alpha
    int bit_depth = 0;   // bits per channel: 8, 16 or 32
    std::string format;  // "PNG", "JPEG", ...
};

struct LoadOptions {
    bool grayscale = false;  // convert colour to one channel (ITU-R BT.601 weights, as OpenCV)
    int max_side = 0;        // > 0: shrink so that the longer side is at most this, keeping aspect
};

// Decodes an image file into a [1, C, H, W] tensor in [0, 1]: C = 1 for gray input or with
// options.grayscale, else 3 (RGB). Alpha is composited on white; EXIF orientation is applied.
// Throws cs::Error with a clear message for a missing, empty, truncated, oversized or
// undecodable file, and for a path that is not a regular file (a folder, /dev/zero, a FIFO;
// see engine/file_read.hpp). Before anything is decoded the header is read as the decoder
// will read it (engine/image_header.hpp): a size it cannot read, more than max_image_pixels,
// or a decode needing more than the memory budget (engine/memory_budget.hpp: the file's bytes,
// the decoder's output and buffers, then the output and the float tensor, estimated from the
// header; a 100-megapixel RGB photo needs 1.5 GB) is refused with the figure.
Tensor load_image(const std::string& path, const LoadOptions& options = {});
// The same from bytes already in memory (a pasted or dropped image); `name` is for messages.
// The bytes are released once decoded.
Tensor decode_image(std::vector<uint8_t> bytes, const std::string& name,
                    const LoadOptions& options = {});

// Header facts of an image file, after a full decode check.
ImageInfo image_info(const std::string& path);

// A (1, C, H, W) image resampled to height × width: area averaging when shrinking, bilinear
// interpolation when growing (OpenCV's resize).
Tensor resize_image(const Tensor& image, int64_t height, int64_t width);
// Writes an [H, W] plane, or one (n, c) plane of a 4-D tensor, as a colour PNG.
void save_feature_map(const Tensor& plane, const std::string& path, Colormap colormap,
                      const Normalization& normalization);
// Writes a [1, 1|3, H, W] tensor in [0, 1] as an 8-bit image (gray or RGB).
void save_image(const Tensor& image, const std::string& path);

// The bytes of an image file, through cs::read_regular_file with max_image_file_bytes.
std::vector<uint8_t> read_file_bytes(const std::string& path);

}  // namespace cs
