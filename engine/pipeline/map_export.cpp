#include "engine/pipeline/map_export.hpp"

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

#include "engine/error.hpp"
#include "engine/file_read.hpp"
#include "engine/image_io.hpp"
#include "engine/safe_file.hpp"

namespace cs::pipeline {

Normalization map_normalization(const LayerMaps& maps, int64_t channel, const MapStyle& style) {
    float lo = maps.low[static_cast<size_t>(channel)];
    float hi = maps.high[static_cast<size_t>(channel)];
    if (style.shared) {
        lo = *std::min_element(maps.low.begin(), maps.low.end());
        hi = *std::max_element(maps.high.begin(), maps.high.end());
    }
    // The same ranges as colormap.cpp's normalization_range, made fixed.
    if (style.kind == Normalization::Kind::symmetric) {
        const float m = std::max(std::abs(lo), std::abs(hi));
        return m > 0 ? Normalization{Normalization::Kind::fixed, -m, m}
                     : Normalization{Normalization::Kind::fixed, -1.0f, 1.0f};
    }
    if (hi == lo) {
        return {Normalization::Kind::fixed, lo - 0.5f, lo + 0.5f};
    }
    return {Normalization::Kind::fixed, lo, hi};
}

void save_channel_png(const LayerMaps& maps, int64_t channel, const std::string& path,
                      const MapStyle& style) {
    require(maps.has_full(channel),
            "channel " + std::to_string(channel) + " was not kept at full resolution");
    const int64_t plane = maps.height * maps.width;
    Tensor one({maps.height, maps.width},
               std::vector<float>(maps.full_plane(channel), maps.full_plane(channel) + plane));
    save_feature_map(one, path, style.colormap, map_normalization(maps, channel, style));
}

Tensor contact_sheet(const LayerMaps& maps, const MapStyle& style, int64_t gap,
                     const std::function<Normalization(int64_t)>& normalization_of) {
    const int64_t n = maps.channels;
    const auto columns = static_cast<int64_t>(std::ceil(std::sqrt(static_cast<double>(n))));
    const int64_t rows = (n + columns - 1) / columns;
    const int64_t th = maps.thumb_h, tw = maps.thumb_w;
    const int64_t H = rows * th + (rows + 1) * gap, W = columns * tw + (columns + 1) * gap;
    Tensor sheet({1, 3, H, W}, 1.0f);
    const int64_t plane = H * W;
    for (int64_t c = 0; c < n; ++c) {
        const std::vector<uint8_t> rgb =
            colorize(maps.thumb_plane(c), th * tw, style.colormap,
                     normalization_of ? normalization_of(c) : map_normalization(maps, c, style));
        const int64_t top = gap + (c / columns) * (th + gap);
        const int64_t left = gap + (c % columns) * (tw + gap);
        for (int64_t y = 0; y < th; ++y) {
            for (int64_t x = 0; x < tw; ++x) {
                for (int64_t k = 0; k < 3; ++k) {
                    sheet.data()[k * plane + (top + y) * W + left + x] =
                        static_cast<float>(rgb[static_cast<size_t>((y * tw + x) * 3 + k)]) / 255.0f;
                }
            }
        }
    }
    return sheet;
}

void write_npy(const Tensor& t, const std::string& path) {
    std::string shape = "(";
    for (int64_t d : t.shape()) {
        shape += std::to_string(d) + ",";
        if (t.dim() > 1) {
            shape += " ";
        }
    }
    if (t.dim() > 1) {
        shape.resize(shape.size() - 2);
    }
    shape += ")";
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    // Magic (6) + version (2) + length (2) + header + '\n', padded to a multiple of 64.
    const size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    ReplacementFile out(path, "the array");
    out.write(std::string_view("\x93NUMPY\x01\x00", 8));
    const auto length = static_cast<uint16_t>(header.size());
    const char le[2] = {static_cast<char>(length & 0xff), static_cast<char>(length >> 8)};
    out.write(std::string_view(le, 2));
    out.write(header);
    out.write(std::string_view(reinterpret_cast<const char*>(t.data()),
                               static_cast<size_t>(t.numel()) * sizeof(float)));
    out.commit();
}

namespace {

// The value of `key` in a .npy header dictionary ("{'descr': '<f4', 'fortran_order': False,
// 'shape': (2, 3), }"), up to the next comma outside parentheses.
std::string header_field(const std::string& header, const std::string& key,
                         const std::string& name) {
    const size_t at = header.find("'" + key + "'");
    require(at != std::string::npos, name + " is not a NumPy array file (no " + key + ")");
    size_t begin = header.find(':', at);
    require(begin != std::string::npos, name + " has a damaged header");
    ++begin;
    int depth = 0;
    size_t end = begin;
    for (; end < header.size(); ++end) {
        const char c = header[end];
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        if ((c == ',' && depth == 0) || c == '}') {
            break;
        }
    }
    std::string value = header.substr(begin, end - begin);
    value.erase(0, value.find_first_not_of(" "));
    value.erase(value.find_last_not_of(" ") + 1);
    return value;
}

Shape npy_shape(const std::string& text, const std::string& name) {
    require(text.size() >= 2 && text.front() == '(' && text.back() == ')',
            name + " has a damaged shape");
    Shape shape;
    size_t pos = 1;
    while (pos < text.size() - 1) {
        size_t used = 0;
        const std::string rest = text.substr(pos, text.size() - 1 - pos);
        if (rest.find_first_of("0123456789") == std::string::npos) {
            break;
        }
        int64_t dim = 0;
        try {
            dim = std::stoll(rest, &used);
        } catch (const std::exception&) {
            throw Error(name + " has a damaged shape");
        }
        require(dim >= 0 && dim <= (int64_t{1} << 31), name + " has a damaged shape");
        shape.push_back(dim);
        pos += used;
        pos = text.find_first_not_of(", ", pos);
        if (pos == std::string::npos) {
            break;
        }
    }
    require(shape.size() <= 8, name + " has more than 8 dimensions");
    return shape;
}

}  // namespace

Tensor read_npy(const std::string& path) {
    const std::string name = "\"" + path + "\"";
    // Only what the array needs is ever allocated: the file's size bounds it.
    const std::vector<uint8_t> bytes = read_regular_file(path, max_npy_bytes, "the array");
    require(bytes.size() >= 10 && std::memcmp(bytes.data(), "\x93NUMPY", 6) == 0,
            name + " is not a NumPy array file (.npy)");
    const int version = bytes[6];
    const size_t length_bytes = version == 1 ? 2 : 4;
    require(version >= 1 && version <= 3 && bytes.size() >= 8 + length_bytes,
            name + " is a NumPy file of a version this program cannot read");
    size_t length = 0;
    for (size_t k = 0; k < length_bytes; ++k) {
        length |= static_cast<size_t>(bytes[8 + k]) << (8 * k);
    }
    const size_t data_at = 8 + length_bytes + length;
    require(data_at <= bytes.size(), name + " is truncated (its header is cut off)");
    const std::string header(bytes.begin() + static_cast<std::ptrdiff_t>(8 + length_bytes),
                             bytes.begin() + static_cast<std::ptrdiff_t>(data_at));
    const std::string descr = header_field(header, "descr", name);
    const bool f4 = descr == "'<f4'";
    require(f4 || descr == "'<f8'",
            name + " holds " + descr + " values; save it as float32 or float64");
    require(header_field(header, "fortran_order", name) == "False",
            name + " is in Fortran order; save it with numpy.ascontiguousarray");
    const Shape shape = npy_shape(header_field(header, "shape", name), name);
    const size_t value_bytes = f4 ? 4 : 8;
    const size_t available = (bytes.size() - data_at) / value_bytes;
    // Checked one dimension at a time, so a declared shape can never overflow the product.
    size_t count = 1;
    for (int64_t d : shape) {
        require(d == 0 || count <= available / static_cast<size_t>(d),
                name + " is truncated: its shape " + shape_string(shape) +
                    " needs more values than it holds");
        count *= static_cast<size_t>(d);
    }
    require(count == available, name + " holds " + std::to_string(available) +
                                    " values for its shape " + shape_string(shape));
    Tensor t = Tensor::uninitialized(shape);
    const uint8_t* data = bytes.data() + data_at;
    if (f4) {
        std::memcpy(t.data(), data, count * 4);
    } else {
        for (size_t i = 0; i < count; ++i) {
            double v = 0;
            std::memcpy(&v, data + i * 8, 8);
            t.data()[i] = static_cast<float>(v);
        }
    }
    return t;
}

}  // namespace cs::pipeline
