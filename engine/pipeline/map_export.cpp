#include "engine/pipeline/map_export.hpp"

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

#include "engine/error.hpp"
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

Tensor contact_sheet(const LayerMaps& maps, const MapStyle& style, int64_t gap) {
    const int64_t n = maps.channels;
    const auto columns = static_cast<int64_t>(std::ceil(std::sqrt(static_cast<double>(n))));
    const int64_t rows = (n + columns - 1) / columns;
    const int64_t th = maps.thumb_h, tw = maps.thumb_w;
    const int64_t H = rows * th + (rows + 1) * gap, W = columns * tw + (columns + 1) * gap;
    Tensor sheet({1, 3, H, W}, 1.0f);
    const int64_t plane = H * W;
    for (int64_t c = 0; c < n; ++c) {
        const std::vector<uint8_t> rgb = colorize(maps.thumb_plane(c), th * tw, style.colormap,
                                                  map_normalization(maps, c, style));
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

Tensor read_npy(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    require(in.good(), "cannot open \"" + path + "\"");
    char magic[10];
    in.read(magic, 10);
    require(in.good() && std::memcmp(magic, "\x93NUMPY", 6) == 0, "\"" + path + "\" is not .npy");
    const size_t length = static_cast<uint8_t>(magic[8]) | (static_cast<uint8_t>(magic[9]) << 8);
    std::string header(length, ' ');
    in.read(header.data(), static_cast<std::streamsize>(length));
    require(header.find("'<f4'") != std::string::npos, "\"" + path + "\" is not float32");
    const size_t open = header.find('(', header.find("'shape'"));
    const size_t close = header.find(')', open);
    Shape shape;
    std::string dims = header.substr(open + 1, close - open - 1);
    size_t pos = 0;
    while (pos < dims.size()) {
        const size_t comma = dims.find(',', pos);
        const std::string item =
            dims.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        if (item.find_first_of("0123456789") != std::string::npos) {
            shape.push_back(std::stoll(item));
        }
        if (comma == std::string::npos) {
            break;
        }
        pos = comma + 1;
    }
    Tensor t(shape);
    in.read(reinterpret_cast<char*>(t.data()), static_cast<std::streamsize>(t.numel() * 4));
    require(in.good(), "\"" + path + "\" is truncated");
    return t;
}

}  // namespace cs::pipeline
