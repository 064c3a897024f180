#include "hostile_files.hpp"

#include <zlib.h>

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/train/weights_file.hpp"

namespace fs = std::filesystem;

namespace cs::test::hostile {
namespace {

using Bytes = std::vector<uint8_t>;

void put_be32(Bytes& b, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        b.push_back(static_cast<uint8_t>(v >> shift));
    }
}

void put_le16(Bytes& b, uint32_t v) {
    b.push_back(static_cast<uint8_t>(v));
    b.push_back(static_cast<uint8_t>(v >> 8));
}

void put_le32(Bytes& b, uint32_t v) {
    put_le16(b, v & 0xFFFF);
    put_le16(b, v >> 16);
}

// One PNG chunk: length, type, data, CRC-32 of type and data.
void put_chunk(Bytes& png, const char* type, const Bytes& data) {
    put_be32(png, static_cast<uint32_t>(data.size()));
    Bytes body(type, type + 4);
    body.insert(body.end(), data.begin(), data.end());
    png.insert(png.end(), body.begin(), body.end());
    put_be32(png, static_cast<uint32_t>(crc32(0, body.data(), static_cast<uInt>(body.size()))));
}

Bytes ihdr(uint32_t width, uint32_t height, uint8_t bit_depth) {
    Bytes data;
    put_be32(data, width);
    put_be32(data, height);
    data.insert(data.end(), {bit_depth, 0 /* gray */, 0, 0, 0});
    return data;
}

// Deflates `rows` rows of `row_bytes` zero bytes (each after its filter byte 0) in a stream,
// so that the uncompressed image never exists in memory.
Bytes deflate_blank_rows(uint32_t rows, size_t row_bytes) {
    z_stream z{};
    if (deflateInit(&z, Z_BEST_COMPRESSION) != Z_OK) {
        throw std::runtime_error("deflateInit failed");
    }
    const Bytes row(row_bytes + 1, 0);
    Bytes out;
    Bytes buffer(1 << 16);
    for (uint32_t r = 0; r <= rows; ++r) {
        const bool last = r == rows;
        z.next_in = const_cast<Bytef*>(row.data());
        z.avail_in = last ? 0 : static_cast<uInt>(row.size());
        do {
            z.next_out = buffer.data();
            z.avail_out = static_cast<uInt>(buffer.size());
            deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
            out.insert(out.end(), buffer.data(), buffer.data() + (buffer.size() - z.avail_out));
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    return out;
}

std::string write(const Folder& dir, const std::string& name, const Bytes& bytes) {
    const std::string path = dir.file(name);
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return path;
}

std::string write_text(const Folder& dir, const std::string& name, const std::string& text) {
    const std::string path = dir.file(name);
    std::ofstream(path) << text;
    return path;
}

std::string fixture(const std::string& name) {
    return std::string(CONVSCOPE_SOURCE_DIR) + "/tests/fixtures/hostile/" + name;
}

}  // namespace

Folder::Folder() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("convscope_hostile_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
}

Folder::~Folder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::string png_claiming(const Folder& dir, const std::string& name, uint32_t width,
                         uint32_t height) {
    Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    put_chunk(png, "IHDR", ihdr(width, height, 8));
    put_chunk(png, "IDAT", deflate_blank_rows(1, 1));
    put_chunk(png, "IEND", {});
    return write(dir, name, png);
}

std::string blank_png(const Folder& dir, const std::string& name, uint32_t width, uint32_t height) {
    Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    put_chunk(png, "IHDR", ihdr(width, height, 1));
    put_chunk(png, "IDAT", deflate_blank_rows(height, (width + 7) / 8));
    put_chunk(png, "IEND", {});
    return write(dir, name, png);
}

std::string tiff_claiming(const Folder& dir, const std::string& name, uint32_t width,
                          uint32_t height) {
    Bytes tiff = {'I', 'I', 42, 0};
    put_le32(tiff, 8);  // the first image file directory follows the header
    const uint32_t tags[][3] = {
        {256, 4, width}, {257, 4, height}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1},
        {273, 4, 0},     {277, 3, 1},      {278, 4, 1}, {279, 4, 0},
    };
    put_le16(tiff, std::size(tags));
    for (const auto& [tag, type, value] : tags) {
        put_le16(tiff, tag);
        put_le16(tiff, type);
        put_le32(tiff, 1);
        put_le32(tiff, value);
    }
    put_le32(tiff, 0);  // no next directory
    return write(dir, name, tiff);
}

std::string gray_png(const Folder& dir, const std::string& name, int width, int height, int value) {
    const std::string path = dir.file(name);
    if (!cv::imwrite(path, cv::Mat(height, width, CV_8UC1, cv::Scalar(value)))) {
        throw std::runtime_error("cannot write " + path);
    }
    return path;
}

std::string tiff16(const Folder& dir) {
    cv::Mat m = (cv::Mat_<uint16_t>(2, 3) << 0, 16384, 32768, 49152, 65535, 1000);
    const std::string path = dir.file("gray16.tiff");
    cv::imwrite(path, m);
    return path;
}

std::string tiff_float(const Folder& dir) {
    const float inf = std::numeric_limits<float>::infinity();
    cv::Mat m = (cv::Mat_<float>(2, 3) << 0.25f, std::nanf(""), inf, -inf, -1.0f, 2.5f);
    const std::string path = dir.file("float32.tiff");
    cv::imwrite(path, m);
    return path;
}

std::string cmyk_jpeg() {
    return fixture("cmyk.jpg");
}

std::string animated_gif() {
    return fixture("animated.gif");
}

std::string truncated_png(const Folder& dir) {
    cv::Mat noise(64, 64, CV_8UC1);
    cv::randu(noise, 0, 255);
    std::vector<uint8_t> bytes;
    cv::imencode(".png", noise, bytes);
    bytes.resize(bytes.size() / 2);
    return write(dir, "truncated.png", bytes);
}

std::string lesson(const Folder& dir, const std::string& name, const std::string& patch) {
    std::ifstream in(std::string(CONVSCOPE_SOURCE_DIR) +
                     "/resources/lessons/conv_5x5_pad1_stride1.json");
    nlohmann::json doc = nlohmann::json::parse(in);
    doc.merge_patch(nlohmann::json::parse(patch));
    return write_text(dir, name, doc.dump(2));
}

std::string eval_case(const Folder& dir, const std::string& name, const std::string& patch) {
    nlohmann::json doc = {
        {"op", "conv2d"},
        {"input", {{"shape", {1, 1, 5, 5}}, {"data", std::vector<float>(25, 1.0f)}}},
        {"weight", {{"shape", {1, 1, 3, 3}}, {"data", std::vector<float>(9, 0.5f)}}},
        {"params", {{"padding", 1}}},
    };
    doc.merge_patch(nlohmann::json::parse(patch));
    return write_text(dir, name, doc.dump());
}

std::string long_pipeline(const Folder& dir, size_t layers) {
    nlohmann::json doc = {{"format", "convscope-pipeline"},
                          {"version", 1},
                          {"name", "Very deep"},
                          {"input", {{"channels", 1}, {"size", {16, 16}}}},
                          {"layers", nlohmann::json::array()}};
    for (size_t i = 0; i < layers; ++i) {
        doc["layers"].push_back({{"op", "relu"}});
    }
    return write_text(dir, "layers_" + std::to_string(layers) + ".json", doc.dump());
}

std::string weights_with_nan(const Folder& dir) {
    WeightsFile weights = read_weights_file(std::string(CONVSCOPE_SOURCE_DIR) +
                                            "/resources/weights/lenet_modern.csw");
    weights.parameters.at(0).tensor.data()[3] = std::numeric_limits<float>::quiet_NaN();
    const std::string path = dir.file("nan_weights.csw");
    write_weights_file(path, weights);
    return path;
}

std::string truncated_weights(const Folder& dir) {
    const std::string source =
        std::string(CONVSCOPE_SOURCE_DIR) + "/resources/weights/lenet_modern.csw";
    std::ifstream in(source, std::ios::binary);
    Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    bytes.resize(bytes.size() * 2 / 3);
    return write(dir, "truncated.csw", bytes);
}

}  // namespace cs::test::hostile
