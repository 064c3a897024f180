#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "engine/error.hpp"
#include "engine/image_io.hpp"

namespace fs = std::filesystem;

namespace {

fs::path scratch_dir() {
    const fs::path dir = fs::temp_directory_path() / "convscope_image_io_test";
    fs::create_directories(dir);
    return dir;
}

std::string write_bytes(const std::string& name, const std::vector<uint8_t>& bytes) {
    const fs::path path = scratch_dir() / name;
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return path.string();
}

std::vector<uint8_t> encode(const cv::Mat& image, const std::string& ext) {
    std::vector<uint8_t> bytes;
    REQUIRE(cv::imencode(ext, image, bytes));
    return bytes;
}

}  // namespace

TEST_CASE("image_io: every sample image loads into [1, C, H, W] in [0, 1]") {
    int count = 0;
    for (const auto& entry : fs::directory_iterator(CONVSCOPE_SAMPLE_DIR)) {
        const std::string ext = entry.path().extension().string();
        if (ext == ".md") {
            continue;
        }
        INFO(entry.path().string());
        const cs::Tensor t = cs::load_image(entry.path().string());
        REQUIRE(t.dim() == 4);
        CHECK((t.size(1) == 1 || t.size(1) == 3));
        const auto [lo, hi] = std::minmax_element(t.values().begin(), t.values().end());
        CHECK(*lo >= 0.0f);
        CHECK(*hi <= 1.0f);
        ++count;
    }
    CHECK(count >= 8);
}

TEST_CASE("image_io: 8-bit colour becomes RGB planes, 16-bit gray keeps its precision") {
    cv::Mat bgr(2, 3, CV_8UC3, cv::Scalar(255, 0, 51));  // blue = 255, red = 51
    const cs::Tensor rgb = cs::decode_image(encode(bgr, ".png"), "bgr.png");
    CHECK(rgb.shape() == cs::Shape{1, 3, 2, 3});
    CHECK(rgb(0, 0, 0, 0) == Approx(0.2f));  // red plane first
    CHECK(rgb(0, 2, 1, 2) == Approx(1.0f));  // blue plane last

    cv::Mat gray16(2, 2, CV_16UC1, cv::Scalar(65535 / 5));
    const cs::Tensor g = cs::decode_image(encode(gray16, ".png"), "g16.png");
    CHECK(g.shape() == cs::Shape{1, 1, 2, 2});
    CHECK(g(0, 0, 1, 1) == Approx(0.2f).epsilon(1e-6));
}

TEST_CASE("image_io: transparent pixels are composited on white") {
    cv::Mat bgra(1, 2, CV_8UC4, cv::Scalar(0, 0, 0, 0));
    bgra.at<cv::Vec4b>(0, 1) = cv::Vec4b(0, 0, 0, 255);
    const cs::Tensor t = cs::decode_image(encode(bgra, ".png"), "alpha.png");
    CHECK(t.size(1) == 3);
    CHECK(t(0, 0, 0, 0) == Approx(1.0f));  // fully transparent: white
    CHECK(t(0, 0, 0, 1) == Approx(0.0f));  // opaque black stays black
}

TEST_CASE("image_io: grayscale and max_side options") {
    cv::Mat bgr(40, 100, CV_8UC3, cv::Scalar(0, 255, 0));
    cs::LoadOptions options;
    options.grayscale = true;
    options.max_side = 50;
    const cs::Tensor t = cs::decode_image(encode(bgr, ".png"), "green.png", options);
    CHECK(t.shape() == cs::Shape{1, 1, 20, 50});
    CHECK(t(0, 0, 10, 10) == Approx(0.587f).margin(0.01));
}

TEST_CASE("image_io: a missing file names the path") {
    CHECK_THROWS_WITH(cs::load_image("/nonexistent/cat.png"),
                      Catch::Contains("/nonexistent/cat.png"));
}

TEST_CASE("image_io: a zero-byte file is reported as empty") {
    CHECK_THROWS_WITH(cs::load_image(write_bytes("empty.png", {})), Catch::Contains("empty"));
}

TEST_CASE("image_io: a text file is not an image") {
    const std::string text = "hello, this is not an image";
    CHECK_THROWS_WITH(cs::load_image(write_bytes("text.png", {text.begin(), text.end()})),
                      Catch::Contains("not an image"));
}

TEST_CASE("image_io: truncated PNG and JPEG files are reported as truncated") {
    cv::Mat noise(64, 64, CV_8UC3);
    cv::randu(noise, 0, 255);
    for (const std::string ext : {".png", ".jpg"}) {
        auto bytes = encode(noise, ext);
        bytes.resize(bytes.size() / 2);
        CHECK_THROWS_WITH(cs::load_image(write_bytes("cut" + ext, bytes)),
                          Catch::Contains("truncated"));
    }
}

TEST_CASE("image_io: a header claiming more than 100 megapixels is refused before decoding") {
    cv::Mat small(4, 4, CV_8UC1, cv::Scalar(7));
    auto bytes = encode(small, ".png");
    // IHDR width and height (big-endian) at bytes 16 and 20: claim 50000 × 50000.
    for (size_t at : {16u, 20u}) {
        bytes[at] = 0;
        bytes[at + 1] = 0;
        bytes[at + 2] = 0xC3;
        bytes[at + 3] = 0x50;
    }
    CHECK_THROWS_WITH(cs::load_image(write_bytes("bomb.png", bytes)),
                      Catch::Contains("megapixels"));
    // 4294967295 × 4294967295: the product does not fit in 64 bits (found by fuzz_image).
    for (size_t at : {16u, 20u}) {
        std::fill(bytes.begin() + at, bytes.begin() + at + 4, 0xFF);
    }
    CHECK_THROWS_WITH(cs::decode_image(bytes, "huge.png"),
                      Catch::Contains("4294967295×4294967295") && Catch::Contains("megapixels"));
}

TEST_CASE("image_io: info reports size, channels and bit depth") {
    cv::Mat gray16(3, 5, CV_16UC1, cv::Scalar(1));
    const auto path = write_bytes("info16.png", encode(gray16, ".png"));
    const cs::ImageInfo info = cs::image_info(path);
    CHECK(info.width == 5);
    CHECK(info.height == 3);
    CHECK(info.channels == 1);
    CHECK(info.bit_depth == 16);
    CHECK(info.format == "PNG");
}

TEST_CASE("image_io: a feature map saves as a colour PNG") {
    cs::Tensor plane({2, 2}, std::vector<float>{-1, 0, 0, 1});
    const std::string path = (scratch_dir() / "map.png").string();
    cs::save_feature_map(plane, path, cs::Colormap::diverging,
                         {cs::Normalization::Kind::symmetric});
    const cv::Mat back = cv::imread(path);
    REQUIRE(back.rows == 2);
    CHECK(back.at<cv::Vec3b>(0, 1) == cv::Vec3b(255, 255, 255));
    CHECK(back.at<cv::Vec3b>(1, 1) == cv::Vec3b(38, 4, 180));  // BGR of full red
}

TEST_CASE("image_io: progressive JPEGs and JPEGs with restart markers load whole") {
    cv::Mat noise(30, 40, CV_8UC3);
    cv::randu(noise, 0, 255);
    const cs::Tensor baseline = cs::decode_image(encode(noise, ".jpg"), "baseline.jpg");
    for (const std::vector<int>& params :
         {std::vector<int>{cv::IMWRITE_JPEG_PROGRESSIVE, 1},
          std::vector<int>{cv::IMWRITE_JPEG_RST_INTERVAL, 1},
          std::vector<int>{cv::IMWRITE_JPEG_PROGRESSIVE, 1, cv::IMWRITE_JPEG_RST_INTERVAL, 2}}) {
        std::vector<uint8_t> bytes;
        REQUIRE(cv::imencode(".jpg", noise, bytes, params));
        const cs::Tensor t = cs::decode_image(bytes, "variant.jpg");
        REQUIRE(t.shape() == cs::Shape{1, 3, 30, 40});
        CHECK(t(0, 1, 7, 9) == Approx(baseline(0, 1, 7, 9)).margin(0.05));
    }
}

TEST_CASE("image_io: alpha, gray and shrinking give the same values row by row as whole") {
    // 16-bit gray + alpha and 8-bit BGRA, composited on white, then made gray and shrunk.
    cv::Mat bgra(4, 6, CV_16UC4, cv::Scalar(0, 65535, 0, 32768));
    const cs::Tensor t = cs::decode_image(encode(bgra, ".png"), "bgra16.png");
    REQUIRE(t.shape() == cs::Shape{1, 3, 4, 6});
    const float a = 32768.0f / 65535.0f;
    CHECK(t(0, 0, 1, 1) == Approx(1.0f - a));  // red 0 over white
    CHECK(t(0, 1, 1, 1) == Approx(1.0f));      // green full
    cs::LoadOptions options;
    options.grayscale = true;
    options.max_side = 3;
    const cs::Tensor g = cs::decode_image(encode(bgra, ".png"), "bgra16.png", options);
    REQUIRE(g.shape() == cs::Shape{1, 1, 2, 3});
    CHECK(g(0, 0, 1, 2) == Approx(0.299f * (1 - a) + 0.587f + 0.114f * (1 - a)).margin(1e-5));
}

TEST_CASE("image_io: 16-bit RGBA decodes in the tensor's own memory to the same values") {
    // The in-place conversion moves rows within one buffer; odd and even heights, one column
    // and many rows, check that no row is overwritten before it is read.
    for (const auto& [height, width] : {std::pair{5, 7}, std::pair{101, 3}, std::pair{64, 64},
                                        std::pair{1, 9}, std::pair{2, 1}}) {
        INFO(height << "×" << width);
        cv::Mat bgra(height, width, CV_16UC4);
        cv::randu(bgra, 0, 65536);
        const cs::Tensor t = cs::decode_image(encode(bgra, ".png"), "rgba16.png");
        REQUIRE(t.shape() == cs::Shape{1, 3, height, width});
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                const cv::Vec4w p = bgra.at<cv::Vec4w>(y, x);
                const float a = p[3] / 65535.0f;
                for (int c = 0; c < 3; ++c) {
                    const float want = p[2 - c] / 65535.0f * a + (1.0f - a);
                    CHECK(t(0, c, y, x) == Approx(want).margin(1e-6));
                }
            }
        }
    }
}
