#include "engine/image_io.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/error.hpp"
#include "engine/safe_file.hpp"

namespace cs {
namespace {

struct HeaderSize {
    int64_t width = 0;
    int64_t height = 0;
    std::string format;
    bool known = true;  // false: the size could not be read from the header (left to OpenCV)
};

uint32_t be16(const std::vector<uint8_t>& b, size_t i) {
    return (b[i] << 8) | b[i + 1];
}
uint32_t be32(const std::vector<uint8_t>& b, size_t i) {
    return (be16(b, i) << 16) | be16(b, i + 2);
}
uint32_t le16(const std::vector<uint8_t>& b, size_t i) {
    return b[i] | (b[i + 1] << 8);
}
uint32_t le32(const std::vector<uint8_t>& b, size_t i) {
    return le16(b, i) | (le16(b, i + 2) << 16);
}

bool starts_with(const std::vector<uint8_t>& b, std::initializer_list<uint8_t> magic) {
    return b.size() >= magic.size() && std::equal(magic.begin(), magic.end(), b.begin());
}

// JPEG: walk the marker segments up to the first start-of-frame, which holds the size.
std::optional<HeaderSize> jpeg_size(const std::vector<uint8_t>& b) {
    size_t i = 2;
    while (i + 9 < b.size()) {
        if (b[i] != 0xFF) {
            return std::nullopt;
        }
        const uint8_t marker = b[i + 1];
        if (marker == 0xFF) {
            ++i;
            continue;
        }
        const bool sof =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            return HeaderSize{be16(b, i + 7), be16(b, i + 5), "JPEG"};
        }
        i += 2 + be16(b, i + 2);
    }
    return std::nullopt;
}

// TIFF: ImageWidth (tag 256) and ImageLength (tag 257) of the first image file directory.
HeaderSize tiff_size(const std::vector<uint8_t>& b) {
    const bool little = b[0] == 'I';
    auto u16 = [&](size_t i) { return little ? le16(b, i) : be16(b, i); };
    auto u32 = [&](size_t i) { return little ? le32(b, i) : be32(b, i); };
    HeaderSize size{0, 0, "TIFF", false};
    if (b.size() < 8) {
        return size;
    }
    const size_t ifd = u32(4);
    if (ifd + 2 > b.size()) {
        return size;
    }
    const size_t entries = u16(ifd);
    bool width = false, height = false;
    for (size_t e = 0; e < entries && ifd + 2 + 12 * (e + 1) <= b.size(); ++e) {
        const size_t at = ifd + 2 + 12 * e;
        const uint32_t tag = u16(at);
        const uint32_t type = u16(at + 2);  // 3 SHORT, 4 LONG
        if ((tag != 256 && tag != 257) || (type != 3 && type != 4)) {
            continue;
        }
        const int64_t value = type == 3 ? u16(at + 8) : u32(at + 8);
        (tag == 256 ? size.width : size.height) = value;
        (tag == 256 ? width : height) = true;
    }
    size.known = width && height;
    return size;
}

// Width and height as the file's header states them, read without decoding, so that a header
// claiming billions of pixels is refused before any allocation. Formats not listed here are
// bounded by OpenCV's own pixel limit, which load_image lowers to max_image_pixels.
std::optional<HeaderSize> header_size(const std::vector<uint8_t>& b) {
    if (starts_with(b, {0x89, 'P', 'N', 'G'}) && b.size() >= 24) {
        return HeaderSize{be32(b, 16), be32(b, 20), "PNG"};
    }
    if (starts_with(b, {0xFF, 0xD8})) {
        return jpeg_size(b);
    }
    if (starts_with(b, {'B', 'M'}) && b.size() >= 26) {
        const auto h = static_cast<int32_t>(le32(b, 22));
        return HeaderSize{static_cast<int32_t>(le32(b, 18)), h < 0 ? -int64_t{h} : h, "BMP"};
    }
    if (starts_with(b, {'G', 'I', 'F'}) && b.size() >= 10) {
        return HeaderSize{le16(b, 6), le16(b, 8), "GIF"};
    }
    if (starts_with(b, {'R', 'I', 'F', 'F'}) && b.size() >= 30 && b[8] == 'W' && b[9] == 'E') {
        if (b[15] == 'X') {  // VP8X: 24-bit sizes minus one
            const int64_t w = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
            const int64_t h = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
            return HeaderSize{w, h, "WebP"};
        }
        if (b[15] == 'L') {  // lossless: 14-bit sizes minus one
            const uint32_t bits = le32(b, 21);
            return HeaderSize{1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF), "WebP"};
        }
        return HeaderSize{le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF, "WebP"};
    }
    if (b.size() >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '7') {
        std::string text(b.begin(), b.begin() + std::min<size_t>(b.size(), 512));
        size_t pos = 2;
        auto next_number = [&]() -> int64_t {
            while (pos < text.size()) {
                if (text[pos] == '#') {
                    pos = text.find('\n', pos);
                    if (pos == std::string::npos) {
                        return -1;
                    }
                } else if (std::isdigit(static_cast<unsigned char>(text[pos]))) {
                    break;
                }
                ++pos;
            }
            int64_t v = 0;
            while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
                v = std::min<int64_t>(v * 10 + (text[pos++] - '0'), int64_t{1} << 40);
            }
            return v;
        };
        const int64_t w = next_number();
        const int64_t h = next_number();
        return HeaderSize{w, h, "PNM"};
    }
    if (starts_with(b, {'I', 'I', 42, 0}) || starts_with(b, {'M', 'M', 0, 42})) {
        return tiff_size(b);
    }
    return std::nullopt;
}

// libjpeg and libpng fill a cut-off file with grey and only warn, so truncation is checked
// here: a complete JPEG ends with the EOI marker, a complete PNG with an IEND chunk.
bool looks_truncated(const std::vector<uint8_t>& b, const std::string& format) {
    auto tail_has = [&](std::initializer_list<uint8_t> marker, size_t window) {
        const size_t from = b.size() > window ? b.size() - window : 0;
        return std::search(b.begin() + static_cast<std::ptrdiff_t>(from), b.end(), marker.begin(),
                           marker.end()) != b.end();
    };
    if (format == "JPEG") {
        return !tail_has({0xFF, 0xD9}, 64);
    }
    if (format == "PNG") {
        return !tail_has({'I', 'E', 'N', 'D'}, 64);
    }
    return false;
}

// OpenCV reads its pixel limit from the environment once, at its first decode.
void limit_opencv_pixels() {
    static const bool done = [] {
        setenv("OPENCV_IO_MAX_IMAGE_PIXELS", std::to_string(max_image_pixels).c_str(), 0);
        return true;
    }();
    (void)done;
}

cv::Mat decode_checked(const std::vector<uint8_t>& bytes, const std::string& name,
                       std::string* format_out) {
    require(!bytes.empty(), "\"" + name + "\" is empty (0 bytes): it is not an image");
    const std::optional<HeaderSize> header = header_size(bytes);
    require(header.has_value(), "\"" + name +
                                    "\" is not an image ConvScope can read (supported: PNG, "
                                    "JPEG, BMP, TIFF, WebP, PGM/PPM)");
#if CV_VERSION_MAJOR == 4 && CV_VERSION_MINOR < 11
    // OpenCV reads GIF only from 4.11 on; say so rather than "corrupt".
    require(header->format != "GIF",
            "\"" + name + "\" is a GIF image; GIF is not supported by this ConvScope (OpenCV " +
                CV_VERSION + " cannot read it). Save it as PNG first");
#endif
    if (header->known) {
        require(header->width > 0 && header->height > 0,
                "\"" + name + "\" has no pixels: its header says " + std::to_string(header->width) +
                    "×" + std::to_string(header->height));
        // Each side is checked first so that the product cannot overflow.
        require(header->width <= max_image_pixels && header->height <= max_image_pixels &&
                    header->width * header->height <= max_image_pixels,
                "\"" + name + "\" is " + std::to_string(header->width) + "×" +
                    std::to_string(header->height) + " pixels (" +
                    std::to_string(std::llround(static_cast<double>(header->width) *
                                                static_cast<double>(header->height) / 1e6)) +
                    " megapixels); ConvScope opens images of at most " +
                    std::to_string(max_image_pixels / 1'000'000) + " megapixels. Shrink it first");
    }
    // OpenCV picks its decoder by signature, not by our reading: a file that starts like a
    // PNM but carries DICOM's "DICM" at byte 128 went to OpenCV's DICOM reader (GDCM), whose
    // asserts abort the whole app on a malformed file. ConvScope does not read DICOM.
    const uint8_t dicom[] = {'D', 'I', 'C', 'M'};
    require(bytes.size() < 132 || !std::equal(dicom, dicom + 4, bytes.begin() + 128),
            "\"" + name + "\" has the DICOM signature; DICOM files are not supported");
    require(!looks_truncated(bytes, header->format), "\"" + name + "\" is truncated: the " +
                                                         header->format +
                                                         " file ends before the image does");
    limit_opencv_pixels();
    // JPEG: let OpenCV apply the EXIF orientation (it does so only without IMREAD_UNCHANGED; a
    // JPEG has no alpha anyway). Other formats: keep alpha and 16-bit samples.
    const int flags = header->format == "JPEG" ? (cv::IMREAD_ANYCOLOR | cv::IMREAD_ANYDEPTH)
                                               : cv::IMREAD_UNCHANGED;
    cv::Mat image;
    try {
        image = cv::imdecode(bytes, flags);
    } catch (const cv::Exception& e) {
        throw Error("\"" + name + "\" could not be decoded: " + e.err);
    }
    require(!image.empty() && image.rows > 0 && image.cols > 0,
            "\"" + name + "\" could not be decoded: the " + header->format +
                " data is corrupt or uses a variant OpenCV does not support");
    if (format_out != nullptr) {
        *format_out = header->format;
    }
    return image;
}

// 8-, 16-bit or float samples to float in [0, 1].
cv::Mat to_unit_float(const cv::Mat& image) {
    cv::Mat out;
    switch (image.depth()) {
        case CV_8U:
            image.convertTo(out, CV_32F, 1.0 / 255.0);
            break;
        case CV_16U:
            image.convertTo(out, CV_32F, 1.0 / 65535.0);
            break;
        case CV_8S:
        case CV_16S:
        case CV_32S:
        case CV_16F:
        case CV_64F:
        case CV_32F:
            // Float samples are taken as they are: NaN becomes 0 (black), everything else is
            // clipped to [0, 1] (infinity included), so no NaN ever reaches a feature map.
            image.convertTo(out, CV_32F);
            cv::patchNaNs(out, 0.0);
            cv::min(cv::max(out, 0.0), 1.0, out);
            break;
        default:
            throw Error("unsupported sample type in image");
    }
    return out;
}

// Alpha composited over white, colour reordered from OpenCV's BGR to RGB.
cv::Mat to_rgb_or_gray(const cv::Mat& unit) {
    cv::Mat out;
    if (unit.channels() == 2 || unit.channels() == 4) {
        std::vector<cv::Mat> planes;
        cv::split(unit, planes);
        const cv::Mat alpha = planes.back();
        planes.pop_back();
        const cv::Mat white_part = 1.0 - alpha;
        for (cv::Mat& p : planes) {
            p = p.mul(alpha) + white_part;
        }
        cv::merge(planes, out);
    } else {
        out = unit;
    }
    if (out.channels() == 3) {
        cv::cvtColor(out, out, cv::COLOR_BGR2RGB);
    }
    return out;
}

Tensor mat_to_tensor(const cv::Mat& image) {
    const int channels = image.channels();
    Tensor t({1, channels, image.rows, image.cols});
    std::vector<cv::Mat> planes;
    cv::split(image, planes);
    for (int c = 0; c < channels; ++c) {
        cv::Mat dst(image.rows, image.cols, CV_32F,
                    t.data() + int64_t{c} * image.rows * image.cols);
        planes[static_cast<size_t>(c)].copyTo(dst);
    }
    return t;
}

}  // namespace

std::vector<uint8_t> read_file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    require(in.good(), "cannot open \"" + path + "\": no such file, or it is not readable");
    const std::streamoff size = in.tellg();
    require(size >= 0, "cannot read \"" + path + "\"");
    require(size < (int64_t{2} << 30), "\"" + path + "\" is larger than 2 GiB");
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(bytes.data()), size);
    require(in.good() || size == 0, "cannot read \"" + path + "\"");
    return bytes;
}

namespace {

// 8- and 16-bit gray or colour without alpha, in colour: each plane goes straight from the
// decoded samples into the tensor, so a 12-megapixel photo never exists as several float
// copies at once (the float tensor plus one 8-bit plane at a time).
Tensor integer_colour_to_tensor(const cv::Mat& decoded) {
    const double scale = decoded.depth() == CV_8U ? 1.0 / 255.0 : 1.0 / 65535.0;
    const int channels = decoded.channels();
    Tensor t({1, channels, decoded.rows, decoded.cols});
    cv::Mat plane;
    for (int c = 0; c < channels; ++c) {
        // OpenCV stores colour as BGR; the tensor's planes are R, G, B.
        cv::extractChannel(decoded, plane, channels == 3 ? 2 - c : 0);
        cv::Mat dst(decoded.rows, decoded.cols, CV_32F,
                    t.data() + int64_t{c} * decoded.rows * decoded.cols);
        plane.convertTo(dst, CV_32F, scale);
    }
    return t;
}

}  // namespace

Tensor decode_image(const std::vector<uint8_t>& bytes, const std::string& name,
                    const LoadOptions& options) {
    const cv::Mat decoded = decode_checked(bytes, name, nullptr);
    const bool integer = decoded.depth() == CV_8U || decoded.depth() == CV_16U;
    if (integer && !options.grayscale && options.max_side <= 0 &&
        (decoded.channels() == 1 || decoded.channels() == 3)) {
        return integer_colour_to_tensor(decoded);
    }
    cv::Mat image = to_rgb_or_gray(to_unit_float(decoded));
    if (options.grayscale && image.channels() == 3) {
        cv::cvtColor(image, image, cv::COLOR_RGB2GRAY);
    }
    const int longer = std::max(image.rows, image.cols);
    if (options.max_side > 0 && longer > options.max_side) {
        const double scale = static_cast<double>(options.max_side) / longer;
        const cv::Size size(std::max(1, static_cast<int>(std::lround(image.cols * scale))),
                            std::max(1, static_cast<int>(std::lround(image.rows * scale))));
        cv::resize(image, image, size, 0, 0, cv::INTER_AREA);
    }
    return mat_to_tensor(image);
}

Tensor load_image(const std::string& path, const LoadOptions& options) {
    return decode_image(read_file_bytes(path), path, options);
}

ImageInfo image_info(const std::string& path) {
    ImageInfo info;
    const cv::Mat image = decode_checked(read_file_bytes(path), path, &info.format);
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
