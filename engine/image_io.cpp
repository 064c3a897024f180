#include "engine/image_io.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/error.hpp"
#include "engine/file_read.hpp"
#include "engine/image_header.hpp"
#include "engine/jpeg_check.hpp"
#include "engine/memory_budget.hpp"
#include "engine/parallel.hpp"
#include "engine/safe_file.hpp"

namespace cs {
namespace {

// The channels of the tensor made from an image of `header`: RGB for colour, one for gray.
int tensor_channels(const ImageHeader& header, const LoadOptions& options) {
    return header.channels >= 3 && !options.grayscale ? 3 : 1;
}

// A 16-bit PNG with alpha (RGBA; OpenCV turns gray + alpha into BGRA too) made into RGB is
// decoded inside the tensor's own memory (decode_rgba16_in_place below).
bool decodes_in_place(const ImageHeader& header, int out_channels) {
    return header.format == "PNG" && header.channels == 4 && header.sample_bytes == 2 &&
           out_channels == 3;
}

// The size limits, from the header alone: pixels first, then the memory the decode needs.
// `out_channels` 0: the image is decoded but not turned into a tensor (image_info).
void check_limits(const ImageHeader& header, int64_t file_bytes, int out_channels,
                  const std::string& name) {
    require(header.width > 0 && header.height > 0,
            "\"" + name + "\" has no pixels: its header says " + std::to_string(header.width) +
                "×" + std::to_string(header.height));
    // Each side is checked first so that the product cannot overflow.
    require(header.width <= max_image_pixels && header.height <= max_image_pixels &&
                header.width * header.height <= max_image_pixels,
            "\"" + name + "\" is " + std::to_string(header.width) + "×" +
                std::to_string(header.height) + " pixels (" +
                std::to_string(std::llround(static_cast<double>(header.width) *
                                            static_cast<double>(header.height) / 1e6)) +
                " megapixels); ConvScope opens images of at most " +
                std::to_string(max_image_pixels / 1'000'000) + " megapixels. Shrink it first");
    // The largest moments of a decode: OpenCV's decoder holds the file, its output and its own
    // buffers; then the output is converted into the tensor, row by row, after the file's bytes
    // are released. Decoded in place, the tensor holds the decoded image, and a queue of up to
    // half the blue plane waits beside it.
    const int64_t pixels = header.width * header.height;
    const int64_t decoded = pixels * header.channels * header.sample_bytes;
    const int64_t tensor = pixels * out_channels * int64_t{4};
    const int64_t needed =
        decodes_in_place(header, out_channels)
            ? file_bytes + tensor + pixels * 2
            : std::max(file_bytes + decoded + header.decoder_extra_bytes, decoded + tensor);
    require_memory(
        needed,
        "\"" + name + "\" (" + std::to_string(header.width) + "×" + std::to_string(header.height) +
            " pixels, " + std::to_string(header.channels) + " channel(s) of " +
            std::to_string(8 * header.sample_bytes) + " bits" +
            (out_channels > 0
                 ? ", as " + std::to_string(out_channels) + " channel(s) of 32-bit floats"
                 : std::string()) +
            ")",
        "shrink it, or save it with 8 bits per channel");
}

// libpng fills a cut-off file with grey and only warns: a complete PNG ends with IEND. A JPEG
// is checked by libjpeg itself (engine/jpeg_check.hpp) and by its scans' coverage.
void check_complete(const std::vector<uint8_t>& bytes, const ImageHeader& header,
                    const std::string& name) {
    const std::string truncated =
        "\"" + name + "\" is truncated: the " + header.format + " file ends before the image does";
    if (header.format == "PNG") {
        const uint8_t iend[] = {'I', 'E', 'N', 'D'};
        const size_t from = bytes.size() > 64 ? bytes.size() - 64 : 0;
        require(std::search(bytes.begin() + static_cast<std::ptrdiff_t>(from), bytes.end(), iend,
                            iend + 4) != bytes.end(),
                truncated);
    } else if (header.format == "JPEG") {
        require(header.jpeg_scans_complete,
                truncated + " (its scans do not cover the whole image)");
        const JpegDataCheck check = check_jpeg_data(bytes, header.width, header.height);
        require(!check.size_differs, "cannot read the size of \"" + name +
                                         "\": libjpeg reads another frame size than its header");
        require(check.readable, "\"" + name + "\" could not be decoded: " + check.error);
        require(!check.truncated, truncated);
    }
}

// `into`: a Mat of the size and type the decoder will make, over memory of the caller's; OpenCV
// decodes into it (Mat::create keeps memory of the right size and type) unless it makes
// something else, which then gets memory of its own.
cv::Mat decode_checked(const std::vector<uint8_t>& bytes, const std::string& name,
                       int tensor_channels_or_0, const LoadOptions& options,
                       ImageHeader* header_out, cv::Mat* into = nullptr) {
    require(!bytes.empty(), "\"" + name + "\" is empty (0 bytes): it is not an image");
    const ImageHeader header = read_image_header(bytes, name);
#if CV_VERSION_MAJOR == 4 && CV_VERSION_MINOR < 11
    // OpenCV reads GIF only from 4.11 on; say so rather than "corrupt".
    require(header.format != "GIF",
            "\"" + name + "\" is a GIF image; GIF is not supported by this ConvScope (OpenCV " +
                CV_VERSION + " cannot read it). Save it as PNG first");
#endif
    const int channels = tensor_channels_or_0 == 0 ? 0 : tensor_channels(header, options);
    check_limits(header, static_cast<int64_t>(bytes.size()), channels, name);
    // OpenCV picks its decoder by signature, not by our reading: a file that starts like a
    // PNM but carries DICOM's "DICM" at byte 128 went to OpenCV's DICOM reader (GDCM), whose
    // asserts abort the whole app on a malformed file. ConvScope does not read DICOM.
    const uint8_t dicom[] = {'D', 'I', 'C', 'M'};
    require(bytes.size() < 132 || !std::equal(dicom, dicom + 4, bytes.begin() + 128),
            "\"" + name + "\" has the DICOM signature; DICOM files are not supported");
    check_complete(bytes, header, name);
    if (header_out != nullptr) {
        *header_out = header;
    }
    // JPEG: let OpenCV apply the EXIF orientation (it does so only without IMREAD_UNCHANGED; a
    // JPEG has no alpha anyway). Other formats: keep alpha and 16-bit samples.
    const int flags = header.format == "JPEG" ? (cv::IMREAD_ANYCOLOR | cv::IMREAD_ANYDEPTH)
                                              : cv::IMREAD_UNCHANGED;
    cv::Mat own;
    cv::Mat& image = into != nullptr ? *into : own;
    try {
        cv::imdecode(bytes, flags, &image);
    } catch (const cv::Exception& e) {
        throw Error("\"" + name + "\" could not be decoded: " + e.err);
    }
    require(!image.empty() && image.rows > 0 && image.cols > 0,
            "\"" + name + "\" could not be decoded: the " + header.format +
                " data is corrupt or uses a variant OpenCV does not support");
    require(image.channels() <= 4, "\"" + name + "\" has " + std::to_string(image.channels()) +
                                       " channels per pixel; ConvScope opens 1 to 4");
    // The header was read as the decoder reads it; a decoder that made something larger is a
    // bug to hear about, not an image to use.
    require(int64_t{image.rows} * image.cols <= header.width * header.height,
            "\"" + name + "\" decoded to more pixels than its header states");
    return image;
}

// One decoded row (floats, `channels` per pixel in OpenCV's order: gray, gray+alpha, BGR or
// BGRA) into the tensor's planes at `at` (plane stride `plane`):
//   8- and 16-bit samples arrive divided by 255 or 65535; other types are taken as they are,
//   NaN becoming 0 (black) and everything else clipped to [0, 1], infinity included;
//   alpha is composited on white: v·a + (1 − a);
//   colour becomes R, G, B planes, or one gray plane with ITU-R BT.601 weights (as OpenCV's
//   RGB2GRAY) when `grayscale`.
// `blue`: where the blue plane's row goes (normally out + 2·plane + at).
void convert_row(const float* in, int64_t width, int channels, bool clip, bool grayscale,
                 float* out, int64_t plane, float* blue) {
    const bool colour = channels >= 3;
    const bool alpha = channels == 2 || channels == 4;
    for (int64_t x = 0; x < width; ++x) {
        float v[4] = {};
        for (int c = 0; c < channels; ++c) {
            const float s = in[x * channels + c];
            v[c] = !clip ? s : std::isnan(s) ? 0.0f : std::clamp(s, 0.0f, 1.0f);
        }
        if (alpha) {
            const float a = v[channels - 1];
            for (int c = 0; c < channels - 1; ++c) {
                v[c] = v[c] * a + (1.0f - a);
            }
        }
        if (!colour) {
            out[x] = v[0];
        } else if (!grayscale) {
            out[x] = v[2];
            out[plane + x] = v[1];
            blue[x] = v[0];
        } else {
            out[x] = 0.299f * v[2] + 0.587f * v[1] + 0.114f * v[0];
        }
    }
}

double unit_scale(int depth) {
    return depth == CV_8U ? 1.0 / 255.0 : depth == CV_16U ? 1.0 / 65535.0 : 1.0;
}

// The decoded image (any depth, 1 to 4 channels) into a [1, C, H, W] tensor in [0, 1], a band
// of rows at a time: no full-size copy exists besides the decoded image and the tensor (a
// 100-megapixel RGBA PNG of 8 bits needs 0.4 + 1.2 GB, not the several GB of a chain of
// whole-image conversions).
Tensor decoded_to_tensor(const cv::Mat& decoded, bool grayscale) {
    const int channels = decoded.channels();
    const int out_channels = channels >= 3 && !grayscale ? 3 : 1;
    const int64_t height = decoded.rows;
    const int64_t width = decoded.cols;
    const int64_t plane = height * width;
    const bool clip = decoded.depth() != CV_8U && decoded.depth() != CV_16U;
    const double scale = unit_scale(decoded.depth());
    Tensor t = Tensor::uninitialized({1, out_channels, height, width});  // every value is written
    float* out = t.data();
    parallel_for(
        0, height,
        [&](int64_t y0, int64_t y1) {
            cv::Mat row;
            for (int64_t y = y0; y < y1; ++y) {
                decoded.row(static_cast<int>(y)).convertTo(row, CV_32F, scale);
                convert_row(row.ptr<float>(), width, channels, clip, grayscale, out + y * width,
                            plane, out + 2 * plane + y * width);
            }
        },
        std::max<int64_t>(1, 65536 / std::max<int64_t>(width, 1)));
    return t;
}

// Shrinks each plane so that the longer side is max_side (area averaging).
Tensor shrink(Tensor t, int max_side) {
    const int height = static_cast<int>(t.size(2));
    const int width = static_cast<int>(t.size(3));
    const int longer = std::max(height, width);
    if (max_side <= 0 || longer <= max_side) {
        return t;
    }
    const double scale = static_cast<double>(max_side) / longer;
    const cv::Size size(std::max(1, static_cast<int>(std::lround(width * scale))),
                        std::max(1, static_cast<int>(std::lround(height * scale))));
    Tensor out = Tensor::uninitialized({1, t.size(1), size.height, size.width});
    for (int64_t c = 0; c < t.size(1); ++c) {
        const cv::Mat src(height, width, CV_32F,
                          const_cast<float*>(t.data()) + c * int64_t{height} * width);
        cv::Mat dst(size, CV_32F, out.data() + c * int64_t{size.height} * size.width);
        cv::resize(src, dst, size, 0, 0, cv::INTER_AREA);
    }
    return out;
}

}  // namespace

Tensor resize_image(const Tensor& image, int64_t height, int64_t width) {
    require(image.dim() == 4 && height > 0 && width > 0 && height <= 65536 && width <= 65536,
            "resize_image takes a (1, C, H, W) image and a size of 1 to 65536 pixels");
    const int in_h = static_cast<int>(image.size(2));
    const int in_w = static_cast<int>(image.size(3));
    const cv::Size size(static_cast<int>(width), static_cast<int>(height));
    // Area averaging when shrinking (no aliasing on a 12-megapixel photo), bilinear when growing.
    const int method = height <= in_h && width <= in_w ? cv::INTER_AREA : cv::INTER_LINEAR;
    Tensor out = Tensor::uninitialized({1, image.size(1), height, width});
    for (int64_t c = 0; c < image.size(1); ++c) {
        const cv::Mat src(in_h, in_w, CV_32F,
                          const_cast<float*>(image.data()) + c * int64_t{in_h} * in_w);
        cv::Mat dst(size, CV_32F, out.data() + c * height * width);
        cv::resize(src, dst, size, 0, 0, method);
    }
    return out;
}

namespace {

// A 16-bit RGBA image decodes to 8 bytes a pixel and becomes 12 bytes of RGB floats: even
// converted row by row, the two together are 20 bytes a pixel, 2.0 GB at 100 megapixels. So the
// decoder writes into the last two thirds of the tensor's own memory, and one forward pass over
// the rows turns it into the three planes where it lies: the red row y goes below the decoded
// data, the green row y over decoded rows already read; the blue row y would cover unread rows
// (those from H/2 + y/2 on), so it waits in a queue until they are read (at most H/2 rows,
// 2 bytes a pixel). 14 bytes a pixel in all. Returns nothing when the decoder made another type
// (then `decoded` holds its image, in memory of its own).
std::optional<Tensor> decode_rgba16_in_place(const std::vector<uint8_t>& bytes,
                                             const std::string& name, const ImageHeader& header,
                                             const LoadOptions& options, cv::Mat& decoded) {
    const int64_t height = header.height;
    const int64_t width = header.width;
    const int64_t plane = height * width;
    Tensor t = Tensor::uninitialized({1, 3, height, width});
    float* out = t.data();
    uint8_t* tail = reinterpret_cast<uint8_t*>(out + plane);  // 8 bytes a pixel from here on
    decoded = cv::Mat(static_cast<int>(height), static_cast<int>(width), CV_16UC4, tail);
    decode_checked(bytes, name, 1, options, nullptr, &decoded);
    if (decoded.data != tail || decoded.type() != CV_16UC4 || decoded.rows != height ||
        decoded.cols != width) {
        return std::nullopt;
    }
    const int64_t queue_rows = height / 2 + 2;
    std::vector<float> blue_queue(static_cast<size_t>(queue_rows * width));
    std::vector<float> row(static_cast<size_t>(width * 4));
    const cv::Mat row_mat(1, static_cast<int>(width), CV_32FC4, row.data());
    int64_t next_blue = 0;  // the first blue row not yet in its plane
    for (int64_t y = 0; y < height; ++y) {
        decoded.row(static_cast<int>(y)).convertTo(row_mat, CV_32F, unit_scale(CV_16U));
        float* queued = blue_queue.data() + (y % queue_rows) * width;
        convert_row(row.data(), width, 4, false, false, out + y * width, plane, queued);
        // Decoded rows 0..y are read: bytes up to plane·4 + 8·W·(y + 1) of the tensor may be
        // overwritten, so blue row k (ending at 8·plane + 4·W·(k + 1)) when k ≤ 2y + 1 − H.
        for (; next_blue <= 2 * y + 1 - height; ++next_blue) {
            const float* from = blue_queue.data() + (next_blue % queue_rows) * width;
            std::copy(from, from + width, out + 2 * plane + next_blue * width);
        }
    }
    decoded = cv::Mat();
    return t;
}

}  // namespace

std::vector<uint8_t> read_file_bytes(const std::string& path) {
    return read_regular_file(path, max_image_file_bytes, "the image");
}

Tensor decode_image(std::vector<uint8_t> bytes, const std::string& name,
                    const LoadOptions& options) {
    const ImageHeader peek = read_image_header(bytes, name);
    if (decodes_in_place(peek, tensor_channels(peek, options)) && peek.width > 0 &&
        peek.height > 0 && peek.width <= max_image_pixels && peek.height <= max_image_pixels &&
        peek.width * peek.height <= max_image_pixels) {
        cv::Mat decoded;
        std::optional<Tensor> t = decode_rgba16_in_place(bytes, name, peek, options, decoded);
        if (t) {
            return shrink(std::move(*t), options.max_side);
        }
        std::vector<uint8_t>().swap(bytes);
        return shrink(decoded_to_tensor(decoded, options.grayscale), options.max_side);
    }
    const cv::Mat decoded = decode_checked(bytes, name, 1, options, nullptr);
    std::vector<uint8_t>().swap(bytes);  // the file's bytes are not needed any more
    return shrink(decoded_to_tensor(decoded, options.grayscale), options.max_side);
}

Tensor load_image(const std::string& path, const LoadOptions& options) {
    return decode_image(read_file_bytes(path), path, options);
}

ImageInfo image_info(const std::string& path) {
    ImageInfo info;
    ImageHeader header;
    const cv::Mat image = decode_checked(read_file_bytes(path), path, 0, {}, &header);
    info.format = header.format;
    info.width = image.cols;
    info.height = image.rows;
    info.channels = image.channels();
    info.bit_depth = static_cast<int>(image.elemSize1() * 8);
    return info;
}

namespace {

// Encodes in memory, then replaces the file only once every byte is on the disk: a full disk
// never leaves an empty or half-written image behind.
void write_encoded(const cv::Mat& image, const std::string& path) {
    const std::string ext = std::filesystem::path(path).extension().string();
    require(!ext.empty(), "cannot write \"" + path + "\": give the file an extension (.png)");
    std::vector<uint8_t> bytes;
    bool encoded = false;
    try {
        encoded = cv::imencode(ext, image, bytes);
    } catch (const cv::Exception&) {
        encoded = false;
    }
    require(encoded, "cannot write \"" + path + "\": no image format for \"" + ext +
                         "\" (use .png or .jpg)");
    write_file_atomically(
        path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
        "the image");
}

}  // namespace

void save_feature_map(const Tensor& plane, const std::string& path, Colormap colormap,
                      const Normalization& normalization) {
    require(plane.dim() == 2 || (plane.dim() == 4 && plane.size(0) == 1 && plane.size(1) == 1),
            "save_feature_map needs one plane ([H, W] or [1, 1, H, W]), got " +
                shape_string(plane.shape()));
    const int height = static_cast<int>(plane.size(-2));
    const int width = static_cast<int>(plane.size(-1));
    std::vector<uint8_t> rgb = colorize(plane.data(), plane.numel(), colormap, normalization);
    cv::Mat image(height, width, CV_8UC3, rgb.data());
    cv::Mat bgr;
    cv::cvtColor(image, bgr, cv::COLOR_RGB2BGR);
    write_encoded(bgr, path);
}

void save_image(const Tensor& image, const std::string& path) {
    image.require_rank(4, "save_image input");
    const int channels = static_cast<int>(image.size(1));
    require(image.size(0) == 1 && (channels == 1 || channels == 3),
            "save_image needs [1, 1 or 3, H, W], got " + shape_string(image.shape()));
    const int height = static_cast<int>(image.size(2));
    const int width = static_cast<int>(image.size(3));
    std::vector<cv::Mat> planes;
    for (int c = channels - 1; c >= 0; --c) {  // RGB → OpenCV's BGR
        cv::Mat p(height, width, CV_32F,
                  const_cast<float*>(image.data()) + int64_t{c} * height * width);
        cv::Mat bytes;
        p.convertTo(bytes, CV_8U, 255.0);
        planes.push_back(bytes);
    }
    cv::Mat out;
    cv::merge(planes, out);
    write_encoded(out, path);
}

}  // namespace cs
