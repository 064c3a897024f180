#include "hostile_files.hpp"

#include <zlib.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/safe_file.hpp"
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

Bytes ihdr(uint32_t width, uint32_t height, uint8_t bit_depth, uint8_t colour_type = 0 /* gray */) {
    Bytes data;
    put_be32(data, width);
    put_be32(data, height);
    data.insert(data.end(), {bit_depth, colour_type, 0, 0, 0});
    return data;
}

void put_le64(Bytes& b, uint64_t v) {
    put_le32(b, static_cast<uint32_t>(v));
    put_le32(b, static_cast<uint32_t>(v >> 32));
}

// One classic little-endian TIFF image file directory: {tag, type, value} entries of count 1,
// then the offset of the next directory.
Bytes tiff_directory(const std::vector<std::array<uint32_t, 3>>& tags, uint32_t next) {
    Bytes ifd;
    put_le16(ifd, static_cast<uint32_t>(tags.size()));
    for (const auto& [tag, type, value] : tags) {
        put_le16(ifd, tag);
        put_le16(ifd, type);
        put_le32(ifd, 1);
        put_le32(ifd, value);
    }
    put_le32(ifd, next);
    return ifd;
}

// The tags of a gray 8-bit TIFF without pixel data, its sizes of the type `size_type`.
std::vector<std::array<uint32_t, 3>> tiff_tags(uint32_t width, uint32_t height,
                                               uint32_t size_type) {
    return {{256, size_type, width},
            {257, size_type, height},
            {258, 3, 8},
            {259, 3, 1},
            {262, 3, 1},
            {273, 4, 0},
            {277, 3, 1},
            {278, 4, 1},
            {279, 4, 0}};
}

std::vector<uint8_t> encoded(const cv::Mat& image, const std::string& ext,
                             const std::vector<int>& params = {}) {
    std::vector<uint8_t> bytes;
    if (!cv::imencode(ext, image, bytes, params)) {
        throw std::runtime_error("cannot encode " + ext);
    }
    return bytes;
}

cv::Mat noise(int height, int width, int type) {
    cv::Mat m(height, width, type);
    cv::randu(m, 0, 255);
    return m;
}

// The offset of the n-th (from 0) marker FF <code> in a JPEG, or npos.
size_t find_marker(const Bytes& jpeg, uint8_t code, int n) {
    for (size_t i = 0; i + 1 < jpeg.size(); ++i) {
        if (jpeg[i] == 0xFF && jpeg[i + 1] == code && n-- == 0) {
            return i;
        }
    }
    return std::string::npos;
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

FileSizeLimit::FileSizeLimit(uint64_t bytes) {
    ignore_file_size_signal();
    rlimit limit{};
    getrlimit(RLIMIT_FSIZE, &limit);
    old_soft_ = limit.rlim_cur;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
}

FileSizeLimit::~FileSizeLimit() {
    rlimit limit{};
    getrlimit(RLIMIT_FSIZE, &limit);
    limit.rlim_cur = old_soft_;
    setrlimit(RLIMIT_FSIZE, &limit);
}

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
                          uint32_t height, uint16_t type) {
    Bytes tiff = {'I', 'I', 42, 0};
    put_le32(tiff, 8);  // the first image file directory follows the header
    const uint32_t mask = type == 3 || type == 8 ? 0xFFFF : 0xFFFFFFFF;
    const Bytes ifd = tiff_directory(tiff_tags(width & mask, height & mask, type), 0);
    tiff.insert(tiff.end(), ifd.begin(), ifd.end());
    return write(dir, name, tiff);
}

std::string float_rgb_tiff_claiming(const Folder& dir, const std::string& name, uint32_t width,
                                    uint32_t height) {
    Bytes tiff = {'I', 'I', 42, 0};
    put_le32(tiff, 8);
    // BitsPerSample 32 (one value stands for all three here), RGB, 3 samples, IEEE float.
    const Bytes ifd = tiff_directory({{256, 4, width},
                                      {257, 4, height},
                                      {258, 3, 32},
                                      {259, 3, 1},
                                      {262, 3, 2},
                                      {273, 4, 0},
                                      {277, 3, 3},
                                      {278, 4, 1},
                                      {279, 4, 0},
                                      {339, 3, 3}},
                                     0);
    tiff.insert(tiff.end(), ifd.begin(), ifd.end());
    return write(dir, name, tiff);
}

std::string bigtiff_claiming(const Folder& dir, const std::string& name, uint64_t width,
                             uint64_t height) {
    Bytes tiff = {'I', 'I', 43, 0, 8, 0, 0, 0};
    put_le64(tiff, 16);  // the first directory follows the 16-byte header
    const std::vector<std::array<uint64_t, 3>> tags = {
        {256, 16, width}, {257, 16, height}, {258, 3, 8},  {259, 3, 1}, {262, 3, 1},
        {273, 16, 0},     {277, 3, 1},       {278, 16, 1}, {279, 16, 0}};
    put_le64(tiff, tags.size());
    for (const auto& [tag, type, value] : tags) {
        put_le16(tiff, static_cast<uint32_t>(tag));
        put_le16(tiff, static_cast<uint32_t>(type));
        put_le64(tiff, 1);
        put_le64(tiff, value);
    }
    put_le64(tiff, 0);
    return write(dir, name, tiff);
}

std::string tiff_second_page_claiming(const Folder& dir, const std::string& name, uint32_t width,
                                      uint32_t height) {
    Bytes tiff = {'I', 'I', 42, 0};
    put_le32(tiff, 8);
    const size_t first_size = 2 + 9 * 12 + 4;
    const Bytes first = tiff_directory(tiff_tags(16, 16, 4), static_cast<uint32_t>(8 + first_size));
    const Bytes second = tiff_directory(tiff_tags(width, height, 4), 0);
    tiff.insert(tiff.end(), first.begin(), first.end());
    tiff.insert(tiff.end(), second.begin(), second.end());
    return write(dir, name, tiff);
}

std::string jpeg_hiding_frame(const Folder& dir, const std::string& name, uint16_t width,
                              uint16_t height) {
    Bytes real = encoded(noise(16, 16, CV_8UC1), ".jpg");
    const size_t sof = find_marker(real, 0xC0, 0);
    if (sof == std::string::npos) {
        throw std::runtime_error("no baseline frame header in OpenCV's JPEG");
    }
    real[sof + 5] = static_cast<uint8_t>(height >> 8);
    real[sof + 6] = static_cast<uint8_t>(height);
    real[sof + 7] = static_cast<uint8_t>(width >> 8);
    real[sof + 8] = static_cast<uint8_t>(width);
    Bytes jpeg = {0xFF, 0xD8, 0xFF, 0xD0,  // RST0: no length field
                  0x00, 0x06,  // skipped by libjpeg; "length 6" to a walker that expects one
                  0xFF, 0xFE, 0x00, 0x0F,  // a comment of 13 bytes holding a fake frame:
                  0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00};
    jpeg.insert(jpeg.end(), real.begin() + 2, real.end());
    return write(dir, name, jpeg);
}

std::string jpeg_cut_with_eoi(const Folder& dir) {
    Bytes jpeg = encoded(noise(64, 64, CV_8UC3), ".jpg");
    jpeg.resize(jpeg.size() / 2);
    jpeg.insert(jpeg.end(), {0xFF, 0xD9});
    return write(dir, "cut_with_eoi.jpg", jpeg);
}

std::string progressive_jpeg_cut_after_first_scan(const Folder& dir) {
    Bytes jpeg = encoded(noise(64, 64, CV_8UC3), ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
    const size_t second_scan = find_marker(jpeg, 0xDA, 1);
    if (second_scan == std::string::npos) {
        throw std::runtime_error("OpenCV's progressive JPEG has one scan");
    }
    jpeg.resize(second_scan);
    jpeg.insert(jpeg.end(), {0xFF, 0xD9});
    return write(dir, "progressive_first_scan.jpg", jpeg);
}

std::string pgm_with_comment(const Folder& dir, size_t comment_bytes) {
    std::string text = "P5\n#" + std::string(comment_bytes, 'x') + "\n4 3\n255\n";
    for (int i = 0; i < 12; ++i) {
        text += static_cast<char>(i * 20);
    }
    return write_text(dir, "comment_" + std::to_string(comment_bytes) + ".pgm", text);
}

std::string rgba16_png(const Folder& dir, const std::string& name, uint32_t width,
                       uint32_t height) {
    Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    put_chunk(png, "IHDR", ihdr(width, height, 16, 6 /* RGBA */));
    put_chunk(png, "IDAT", deflate_blank_rows(height, size_t{width} * 8));
    put_chunk(png, "IEND", {});
    return write(dir, name, png);
}

std::string fifo(const Folder& dir, const std::string& name) {
    const std::string path = dir.file(name);
    if (::mkfifo(path.c_str(), 0600) != 0) {
        throw std::runtime_error("cannot make the FIFO " + path);
    }
    return path;
}

std::string sparse_file(const Folder& dir, const std::string& name, int64_t bytes,
                        const std::string& head) {
    const std::string path = write_text(dir, name, head);
    if (::truncate(path.c_str(), bytes) != 0) {
        throw std::runtime_error("cannot make the sparse file " + path);
    }
    return path;
}

std::string nested_json(size_t levels) {
    return "{\"a\": " + std::string(levels, '[') + std::string(levels, ']') + "}";
}

std::string nested_json_file(const Folder& dir, const std::string& name, size_t levels) {
    return write_text(dir, name, nested_json(levels));
}

Bounded run_bounded(const std::function<void()>& call, int seconds, int64_t max_growth) {
    int channel[2];
    if (::pipe(channel) != 0) {
        throw std::runtime_error("pipe failed");
    }
    const pid_t child = ::fork();
    if (child < 0) {
        throw std::runtime_error("fork failed");
    }
    if (child == 0) {
        ::close(channel[0]);
        ::alarm(static_cast<unsigned>(seconds));
        // The address space may grow by max_growth beyond what it is now.
        long pages = 0;
        if (FILE* statm = std::fopen("/proc/self/statm", "r")) {
            if (std::fscanf(statm, "%ld", &pages) != 1) {
                pages = 0;
            }
            std::fclose(statm);
        }
        const rlim_t limit =
            static_cast<rlim_t>(pages) * static_cast<rlim_t>(::sysconf(_SC_PAGESIZE)) +
            static_cast<rlim_t>(max_growth);
        const rlimit address_space{limit, limit};
        ::setrlimit(RLIMIT_AS, &address_space);
        std::string report;
        try {
            call();
            report = "R";
        } catch (const std::exception& e) {
            report = std::string("T") + e.what();
        } catch (...) {
            report = "Tan exception that is not a std::exception";
        }
        const ssize_t ignored = ::write(channel[1], report.data(), report.size());
        (void)ignored;
        ::_exit(0);
    }
    ::close(channel[1]);
    std::string report;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(channel[0], buffer, sizeof buffer)) > 0) {
        report.append(buffer, static_cast<size_t>(n));
    }
    ::close(channel[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    Bounded result;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !report.empty()) {
        result.finished = true;
        result.threw = report[0] == 'T';
        result.message = report.substr(1);
    } else {
        result.message = WIFSIGNALED(status)
                             ? "killed by signal " + std::to_string(WTERMSIG(status)) +
                                   " (14: it ran out of time)"
                             : "it exited with " + std::to_string(WEXITSTATUS(status));
    }
    return result;
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

std::string weights_with_nested_header(const Folder& dir, size_t levels) {
    const std::string header = nested_json(levels);
    Bytes bytes = {0x89, 'C', 'S', 'W', '\r', '\n', 0x1A, '\n'};
    put_le32(bytes, weights_format_version);
    put_le64(bytes, header.size());
    bytes.insert(bytes.end(), header.begin(), header.end());
    put_le32(bytes, static_cast<uint32_t>(crc32(0, bytes.data(), static_cast<uInt>(bytes.size()))));
    return write(dir, "nested_" + std::to_string(levels) + ".csw", bytes);
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
