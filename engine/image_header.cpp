#include "engine/image_header.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <optional>
#include <set>

#include "engine/error.hpp"

namespace cs {
namespace {

using Bytes = std::vector<uint8_t>;

// Numbers past this are as good as infinite for the size checks and cannot overflow them.
constexpr int64_t huge = int64_t{1} << 40;

uint32_t be16(const Bytes& b, size_t i) {
    return (b[i] << 8) | b[i + 1];
}
uint32_t be32(const Bytes& b, size_t i) {
    return (be16(b, i) << 16) | be16(b, i + 2);
}
uint32_t le16(const Bytes& b, size_t i) {
    return b[i] | (b[i + 1] << 8);
}
uint32_t le32(const Bytes& b, size_t i) {
    return le16(b, i) | (le16(b, i + 2) << 16);
}

int64_t pixels_of(const ImageHeader& h) {
    return saturated_pixels(h.width, h.height);
}

bool starts_with(const Bytes& b, std::initializer_list<uint8_t> magic) {
    return b.size() >= magic.size() && std::equal(magic.begin(), magic.end(), b.begin());
}

// Throws "cannot read the size of "name": <why>".
class Failer {
  public:
    explicit Failer(const std::string& name) : name_(name) {}
    [[noreturn]] void operator()(const std::string& why) const {
        throw Error("cannot read the size of \"" + name_ + "\": " + why);
    }
    // The file must hold `end` bytes for the header to be read.
    void need(const Bytes& b, size_t end, const std::string& part) const {
        if (b.size() < end) {
            (*this)("the file ends inside its " + part);
        }
    }

  private:
    const std::string& name_;
};

// ---- PNG: the IHDR chunk, which libpng requires first. ----
ImageHeader png_header(const Bytes& b, const Failer& fail) {
    fail.need(b, 26, "IHDR chunk");
    if (!std::equal(b.begin() + 12, b.begin() + 16, "IHDR")) {
        fail("the PNG does not start with an IHDR chunk");
    }
    ImageHeader h{.format = "PNG", .width = be32(b, 16), .height = be32(b, 20)};
    h.sample_bytes = b[24] == 16 ? 2 : 1;
    const uint8_t colour_type = b[25];
    h.channels = colour_type == 0 ? 1 : colour_type == 2 ? 3 : 4;  // palette: alpha from tRNS
    return h;
}

// ---- JPEG: the marker segments, walked as libjpeg reads them (jdmarker.c). ----
// Markers without a length field: RST0-7 (D0-D7) and TEM (01). Any number of FF fill bytes may
// precede a marker; bytes that are not a marker are skipped, as libjpeg skips them. The frame
// libjpeg decodes is the first SOF (a second one is an error there, and refused here); a scan
// (SOS) before any SOF is refused. The walk goes on through every scan, so that it also knows
// whether the scans cover every coefficient of every component: a progressive file cut at the
// end of a scan and given an EOI is complete in every other respect.
bool is_sof(uint8_t m) {
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

ImageHeader jpeg_header(const Bytes& b, const Failer& fail) {
    ImageHeader h{.format = "JPEG"};
    bool frame = false;
    bool progressive = false;
    std::vector<uint8_t> component_ids;
    std::vector<std::array<bool, 64>> coded;  // per component: coefficient k sent to the last bit
    int scans = 0;
    size_t i = 2;
    while (i < b.size()) {
        // libjpeg's next_marker: skip to an FF, swallow fill FFs; FF 00 is data, not a marker.
        while (i < b.size() && b[i] != 0xFF) {
            ++i;
        }
        while (i < b.size() && b[i] == 0xFF) {
            ++i;
        }
        if (i >= b.size()) {
            break;
        }
        const uint8_t m = b[i++];
        if (m == 0x00) {
            continue;
        }
        if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) {
            continue;  // RSTn, TEM: no length, no parameters
        }
        if (m == 0xD8) {
            fail("it has a second start-of-image marker");
        }
        if (m == 0xD9) {
            break;  // EOI
        }
        const bool known = is_sof(m) || m == 0xC4 || m == 0xCC || m == 0xDA || m == 0xDB ||
                           m == 0xDC || m == 0xDD || (m >= 0xE0 && m <= 0xEF) || m == 0xFE;
        if (!known) {
            fail("it has the marker 0x" + std::string(1, "0123456789ABCDEF"[m >> 4]) +
                 "0123456789ABCDEF"[m & 15] + ", which libjpeg does not read");
        }
        if (i + 2 > b.size()) {
            break;  // cut inside a marker: the completeness check reports it
        }
        const size_t length = be16(b, i);
        if (length < 2) {
            fail("a marker segment has the length " + std::to_string(length));
        }
        const size_t end = i + length;
        if (end > b.size()) {
            if (!frame) {
                fail("the file ends inside its headers");
            }
            break;
        }
        if (is_sof(m)) {
            if (frame) {
                fail("it has two frame headers (SOF)");
            }
            if (length < 8) {
                fail("its frame header is too short");
            }
            const size_t count = b[i + 7];
            if (length != 8 + 3 * count) {
                fail("its frame header has the wrong length for " + std::to_string(count) +
                     " components");
            }
            frame = true;
            progressive = m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE;
            h.height = be16(b, i + 3);
            h.width = be16(b, i + 5);
            for (size_t c = 0; c < count; ++c) {
                component_ids.push_back(b[i + 8 + 3 * c]);
            }
            coded.assign(count, {});
        } else if (m == 0xDA) {
            if (!frame) {
                fail("a scan (SOS) comes before the frame header (SOF)");
            }
            ++scans;
            const size_t count = length >= 3 ? b[i + 2] : 0;
            if (length < 6 + 2 * count) {
                fail("a scan header is too short");
            }
            const size_t params = i + 3 + 2 * count;
            const int first = progressive ? b[params] : 0;
            const int last = progressive ? std::min<int>(b[params + 1], 63) : 63;
            const int low_bit = progressive ? (b[params + 2] & 15) : 0;
            for (size_t s = 0; s < count; ++s) {
                const auto at =
                    std::find(component_ids.begin(), component_ids.end(), b[i + 3 + 2 * s]);
                if (at == component_ids.end()) {
                    continue;  // libjpeg refuses the scan
                }
                for (int k = first; k <= last && low_bit == 0; ++k) {
                    coded[static_cast<size_t>(at - component_ids.begin())][static_cast<size_t>(k)] =
                        true;
                }
            }
            // The entropy-coded data runs to the next marker that is not a stuffed FF 00 or a
            // restart marker.
            i = end;
            while (i + 1 < b.size()) {
                if (b[i] == 0xFF && b[i + 1] != 0x00 && b[i + 1] != 0xFF &&
                    !(b[i + 1] >= 0xD0 && b[i + 1] <= 0xD7)) {
                    break;
                }
                ++i;
            }
            continue;
        }
        i = end;
    }
    if (!frame) {
        fail("it has no frame header (SOF)");
    }
    const size_t components = component_ids.size();
    h.channels = components == 1 ? 1 : 3;  // CMYK comes out as BGR
    h.sample_bytes = 1;
    h.jpeg_scans_complete =
        scans > 0 && std::all_of(coded.begin(), coded.end(), [](const std::array<bool, 64>& c) {
            return std::all_of(c.begin(), c.end(), [](bool k) { return k; });
        });
    const int64_t pixels = pixels_of(h);
    // A file of several scans is decoded through a buffer of the whole image's coefficients
    // (2 bytes each, at most one per pixel and component); OpenCV applies the EXIF orientation
    // to a copy of the decoded image.
    h.decoder_extra_bytes =
        (progressive || scans > 1 ? pixels * 2 * int64_t(components) : 0) + pixels * h.channels;
    return h;
}

// ---- TIFF: every image file directory, classic or BigTIFF, with the value types libtiff
// accepts for a size (unsigned or signed, 8 to 64 bits, exactly one value). ----
class TiffReader {
  public:
    TiffReader(const Bytes& b, const Failer& fail)
        : b_(b), fail_(fail), little_(b[0] == 'I'), big_(unsigned_at(2, 2) == 43) {}

    ImageHeader read() {
        ImageHeader chosen;
        std::set<uint64_t> seen;
        uint64_t ifd = big_ ? unsigned_at(8, 8) : unsigned_at(4, 4);
        if (big_ && (unsigned_at(4, 2) != 8 || unsigned_at(6, 2) != 0)) {
            fail_("the BigTIFF header is malformed");
        }
        for (int index = 0; ifd != 0; ++index) {
            if (index == 1024 || !seen.insert(ifd).second) {
                fail_("its image directories form a loop or are more than 1024");
            }
            if (ifd >= b_.size()) {
                if (index == 0) {
                    fail_("its first image directory lies outside the file");
                }
                break;  // libtiff stops here too; OpenCV decodes the first directory
            }
            uint64_t next = 0;
            const ImageHeader h = directory(ifd, next);
            // Every directory is read, not only the first: whichever one a decoder picks must
            // be within the limits, so the largest (or an empty one) stands for the file.
            const bool chosen_empty = index > 0 && (chosen.width <= 0 || chosen.height <= 0);
            if (index == 0 || (!chosen_empty && (h.width <= 0 || h.height <= 0 ||
                                                 pixels_of(h) > pixels_of(chosen)))) {
                chosen = h;
            }
            ifd = next;
        }
        return chosen;
    }

  private:
    uint64_t unsigned_at(size_t at, size_t bytes) const {
        fail_.need(b_, at + bytes, "image directory");
        uint64_t v = 0;
        for (size_t k = 0; k < bytes; ++k) {
            const uint64_t byte = b_[at + (little_ ? k : bytes - 1 - k)];
            v |= byte << (8 * k);
        }
        return v;
    }

    struct Entry {
        uint32_t type = 0;
        uint64_t count = 0;
        size_t value_at = 0;  // where the value lies (inline or at its offset)
    };

    static size_t type_bytes(uint32_t type) {
        switch (type) {
            case 1:  // BYTE
            case 6:  // SBYTE
                return 1;
            case 3:  // SHORT
            case 8:  // SSHORT
                return 2;
            case 4:  // LONG
            case 9:  // SLONG
                return 4;
            case 16:  // LONG8
            case 17:  // SLONG8
                return 8;
            default:
                return 0;
        }
    }

    // One whole number of the entry (index < count), as libtiff reads it; nullopt for a type
    // that is not a whole number or a value outside the file.
    std::optional<int64_t> number(const Entry& e, uint64_t index) const {
        const size_t size = type_bytes(e.type);
        if (size == 0 || index >= e.count) {
            return std::nullopt;
        }
        const uint64_t at = e.value_at + index * size;
        if (at + size > b_.size()) {
            return std::nullopt;
        }
        const uint64_t raw = unsigned_at(static_cast<size_t>(at), size);
        const bool is_signed = e.type == 6 || e.type == 8 || e.type == 9 || e.type == 17;
        if (!is_signed) {
            return static_cast<int64_t>(std::min<uint64_t>(raw, huge));
        }
        const int shift = 64 - 8 * static_cast<int>(size);
        return std::max<int64_t>(static_cast<int64_t>(raw << shift) >> shift, -huge);
    }

    ImageHeader directory(uint64_t ifd, uint64_t& next) const {
        const size_t count_bytes = big_ ? 8 : 2;
        const size_t entry_bytes = big_ ? 20 : 12;
        const size_t inline_bytes = big_ ? 8 : 4;
        const uint64_t entries = unsigned_at(static_cast<size_t>(ifd), count_bytes);
        if (entries > 65535) {
            fail_("an image directory claims " + std::to_string(entries) + " entries");
        }
        const size_t first = static_cast<size_t>(ifd) + count_bytes;
        fail_.need(b_, first + entries * entry_bytes + inline_bytes, "image directory");
        next = unsigned_at(first + entries * entry_bytes, inline_bytes);

        std::optional<int64_t> width, height;
        int64_t bits = 1, samples = 1, photometric = -1, rows_per_strip = -1, tile_width = -1,
                tile_height = -1, orientation = 1;
        for (size_t e = 0; e < entries; ++e) {
            const size_t at = first + e * entry_bytes;
            const uint32_t tag = static_cast<uint32_t>(unsigned_at(at, 2));
            Entry entry;
            entry.type = static_cast<uint32_t>(unsigned_at(at + 2, 2));
            entry.count = unsigned_at(at + 4, big_ ? 8 : 4);
            const size_t value_field = at + (big_ ? 12 : 8);
            const uint64_t total = entry.count * std::max<size_t>(type_bytes(entry.type), 1);
            entry.value_at = entry.count <= inline_bytes && total <= inline_bytes
                                 ? value_field
                                 : static_cast<size_t>(std::min<uint64_t>(
                                       unsigned_at(value_field, inline_bytes), b_.size()));
            if (tag == 256 || tag == 257) {
                std::optional<int64_t>& side = tag == 256 ? width : height;
                const std::optional<int64_t> value =
                    entry.count == 1 ? number(entry, 0) : std::nullopt;
                if (!value || side) {
                    fail_(std::string(tag == 256 ? "ImageWidth" : "ImageLength") +
                          (side ? " is given twice" : " is not one whole number"));
                }
                if (*value < 0) {
                    fail_(std::string(tag == 256 ? "ImageWidth" : "ImageLength") + " is negative");
                }
                side = value;
            } else {
                // Facts for the memory estimate only; unreadable ones keep their defaults.
                const int64_t value = number(entry, 0).value_or(-1);
                if (value < 0) {
                    continue;
                }
                switch (tag) {
                    case 258:
                        bits = value;
                        break;
                    case 262:
                        photometric = value;
                        break;
                    case 274:
                        orientation = value;
                        break;
                    case 277:
                        samples = value;
                        break;
                    case 278:
                        rows_per_strip = value;
                        break;
                    case 322:
                        tile_width = value;
                        break;
                    case 323:
                        tile_height = value;
                        break;
                    default:
                        break;
                }
            }
        }
        if (!width || !height) {
            fail_(std::string("an image directory has no ") +
                  (width ? "ImageLength" : "ImageWidth"));
        }
        ImageHeader h{.format = "TIFF", .width = *width, .height = *height};
        h.sample_bytes = bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : 8;
        h.channels = samples <= 1 ? (photometric == 3 ? 3 : 1)
                                  : static_cast<int>(std::min<int64_t>(samples, 4));
        // OpenCV reads a strip or a tile at a time into a buffer of its own (as 8-bit RGBA for
        // 8-bit images), then turns a rotated or flipped image (Orientation) in a copy.
        const int64_t buffer_width = tile_width > 0 ? tile_width : h.width;
        const int64_t buffer_rows = tile_height > 0      ? tile_height
                                    : rows_per_strip > 0 ? std::min(rows_per_strip, h.height)
                                                         : h.height;
        const int64_t buffer_pixels = saturated_pixels(buffer_width, buffer_rows);
        const int64_t pixels = pixels_of(h);
        h.decoder_extra_bytes =
            std::min<int64_t>(buffer_pixels * std::max<int64_t>(std::min<int64_t>(samples, 4), 4) *
                                  h.sample_bytes,
                              int64_t{1} << 30) +
            (orientation > 1 ? pixels * h.channels * h.sample_bytes : 0);
        return h;
    }

    const Bytes& b_;
    const Failer& fail_;
    bool little_;
    bool big_;
};

// ---- BMP: the info header, whose size tells its layout (OpenCV reads 12 and ≥ 36). ----
ImageHeader bmp_header(const Bytes& b, const Failer& fail) {
    fail.need(b, 18, "BMP header");
    const uint32_t size = le32(b, 14);
    ImageHeader h{.format = "BMP"};
    if (size == 12) {  // OS/2: 16-bit sizes
        fail.need(b, 26, "BMP header");
        h.width = le16(b, 18);
        h.height = le16(b, 20);
        h.channels = le16(b, 24) == 32 ? 4 : 3;
    } else if (size >= 36) {
        fail.need(b, 30, "BMP header");
        h.width = static_cast<int32_t>(le32(b, 18));
        const auto height = static_cast<int32_t>(le32(b, 22));  // negative: stored top-down
        h.height = height < 0 ? -int64_t{height} : height;
        h.channels = le16(b, 28) == 32 ? 4 : 3;
    } else {
        fail("its BMP header has the unknown size " + std::to_string(size));
    }
    return h;
}

// ---- WebP: the canvas of VP8X, or the frame of a plain VP8 (lossy) or VP8L (lossless). ----
ImageHeader webp_header(const Bytes& b, const Failer& fail) {
    fail.need(b, 30, "WebP header");
    ImageHeader h{.format = "WebP", .channels = 4};
    const std::string chunk(b.begin() + 12, b.begin() + 16);
    if (chunk == "VP8X") {  // 24-bit sizes minus one
        h.width = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
        h.height = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
    } else if (chunk == "VP8L") {  // 14-bit sizes minus one after the signature byte 0x2F
        const uint32_t bits = le32(b, 21);
        h.width = 1 + (bits & 0x3FFF);
        h.height = 1 + ((bits >> 14) & 0x3FFF);
    } else if (chunk == "VP8 ") {  // 14-bit sizes after the start code 9D 01 2A
        if (b[23] != 0x9D || b[24] != 0x01 || b[25] != 0x2A) {
            fail("its VP8 frame has no start code");
        }
        h.width = le16(b, 26) & 0x3FFF;
        h.height = le16(b, 28) & 0x3FFF;
    } else {
        fail("its first chunk is \"" + chunk + "\", not VP8, VP8L or VP8X");
    }
    h.decoder_extra_bytes = static_cast<int64_t>(b.size());
    return h;
}

// ---- PBM/PGM/PPM (P1-P6) and PAM (P7), read as OpenCV's own readers do. ----
// P1-P6: numbers separated by white space; a comment runs from '#' to the end of its line and
// may be as long as the file. Anything else before a number is an error in OpenCV.
ImageHeader pnm_header(const Bytes& b, const Failer& fail) {
    size_t pos = 2;
    auto next_number = [&](const char* what) -> int64_t {
        while (true) {
            if (pos >= b.size()) {
                fail(std::string("the file ends before its ") + what);
            }
            const uint8_t c = b[pos];
            if (c == '#') {
                while (pos < b.size() && b[pos] != '\n' && b[pos] != '\r') {
                    ++pos;
                }
            } else if (std::isspace(c)) {
                ++pos;
            } else if (std::isdigit(c)) {
                break;
            } else {
                fail(std::string("its ") + what + " is not a number");
            }
        }
        int64_t v = 0;
        while (pos < b.size() && std::isdigit(b[pos])) {
            v = std::min<int64_t>(v * 10 + (b[pos++] - '0'), huge);
        }
        return v;
    };
    const char kind = static_cast<char>(b[1]);
    ImageHeader h{.format = "PNM"};
    h.width = next_number("width");
    h.height = next_number("height");
    h.channels = kind == '3' || kind == '6' ? 3 : 1;
    if (kind != '1' && kind != '4') {
        h.sample_bytes = next_number("largest value") > 255 ? 2 : 1;
    }
    return h;
}

// P7: lines "WIDTH 640", "HEIGHT 480", "DEPTH 3", "MAXVAL 255", "TUPLTYPE RGB", comments, up to
// "ENDHDR". A field given twice is an error in OpenCV and refused here.
ImageHeader pam_header(const Bytes& b, const Failer& fail) {
    std::optional<int64_t> width, height, depth, maxval;
    size_t pos = 3;
    while (true) {
        if (pos >= b.size()) {
            fail("the file ends before ENDHDR");
        }
        size_t end = pos;
        while (end < b.size() && b[end] != '\n' && b[end] != '\r') {
            ++end;
        }
        std::string line(b.begin() + static_cast<std::ptrdiff_t>(pos),
                         b.begin() + static_cast<std::ptrdiff_t>(end));
        pos = end + 1;
        const size_t start = line.find_first_not_of(" \t\v\f");
        if (start == std::string::npos || line[start] == '#') {
            continue;
        }
        line = line.substr(start);
        const std::string key = line.substr(0, line.find_first_of(" \t\v\f"));
        if (key == "ENDHDR") {
            break;
        }
        std::optional<int64_t>* field = key == "WIDTH"    ? &width
                                        : key == "HEIGHT" ? &height
                                        : key == "DEPTH"  ? &depth
                                        : key == "MAXVAL" ? &maxval
                                                          : nullptr;
        if (field == nullptr) {
            if (key == "TUPLTYPE") {
                continue;
            }
            fail("its PAM header has the unknown field \"" + key.substr(0, 32) + "\"");
        }
        if (field->has_value()) {
            fail("its PAM header gives " + key + " twice");
        }
        const size_t digits = line.find_first_not_of(" \t\v\f", key.size());
        if (digits == std::string::npos) {
            fail(key + " has no value");
        }
        const bool negative = line[digits] == '-';
        int64_t v = 0;
        size_t k = digits + (negative ? 1 : 0);
        if (k >= line.size() || !std::isdigit(static_cast<unsigned char>(line[k]))) {
            fail(key + " is not a number");
        }
        for (; k < line.size() && std::isdigit(static_cast<unsigned char>(line[k])); ++k) {
            v = std::min<int64_t>(v * 10 + (line[k] - '0'), huge);
        }
        *field = negative ? -v : v;
    }
    if (!width || !height || !depth || !maxval) {
        fail("its PAM header lacks WIDTH, HEIGHT, DEPTH or MAXVAL");
    }
    if (*depth < 1 || *depth > 4) {
        fail("it has " + std::to_string(*depth) + " channels per pixel; ConvScope opens 1 to 4");
    }
    ImageHeader h{.format = "PNM", .width = *width, .height = *height};
    h.channels = static_cast<int>(*depth);
    h.sample_bytes = *maxval > 255 ? 2 : 1;
    return h;
}

}  // namespace

int64_t saturated_pixels(int64_t width, int64_t height) {
    if (width <= 0 || height <= 0) {
        return 0;
    }
    width = std::min(width, huge);
    height = std::min(height, huge);
    return width > huge / height ? huge : width * height;
}

ImageHeader read_image_header(const std::vector<uint8_t>& b, const std::string& name) {
    const Failer fail(name);
    if (starts_with(b, {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
        return png_header(b, fail);
    }
    if (starts_with(b, {0xFF, 0xD8})) {
        return jpeg_header(b, fail);
    }
    if (starts_with(b, {'B', 'M'})) {
        return bmp_header(b, fail);
    }
    if (starts_with(b, {'G', 'I', 'F'}) && b.size() >= 10) {
        return ImageHeader{.format = "GIF", .width = le16(b, 6), .height = le16(b, 8)};
    }
    if (starts_with(b, {'R', 'I', 'F', 'F'}) && b.size() >= 16 &&
        std::equal(b.begin() + 8, b.begin() + 12, "WEBP")) {
        return webp_header(b, fail);
    }
    if (b.size() >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6' && std::isspace(b[2])) {
        return pnm_header(b, fail);
    }
    if (b.size() >= 3 && b[0] == 'P' && b[1] == '7' && (b[2] == '\n' || b[2] == '\r')) {
        return pam_header(b, fail);
    }
    if (starts_with(b, {'I', 'I', 42, 0}) || starts_with(b, {'M', 'M', 0, 42}) ||
        starts_with(b, {'I', 'I', 43, 0}) || starts_with(b, {'M', 'M', 0, 43})) {
        return TiffReader(b, fail).read();
    }
    throw Error("\"" + name +
                "\" is not an image ConvScope can read (supported: PNG, JPEG, BMP, TIFF, WebP, "
                "PGM/PPM)");
}

}  // namespace cs
