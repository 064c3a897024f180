#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/data/fashion_mnist.hpp"
#include "engine/data/idx.hpp"
#include "engine/error.hpp"

using namespace cs;

namespace {

std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("convscope_test_idx_" + name)).string();
}

std::vector<uint8_t> file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void put_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
}

// Three 2×3 "images" with pixel values 0, 1, 2, … and their labels.
IdxArray small_images() {
    IdxArray a;
    a.dims = {3, 2, 3};
    for (int i = 0; i < 18; ++i) {
        a.values.push_back(static_cast<uint8_t>(i * 10));
    }
    return a;
}

IdxArray small_labels() {
    return {{3}, {9, 0, 4}};
}

}  // namespace

TEST_CASE("idx: a written file reads back, gzipped and plain") {
    for (bool gzip : {true, false}) {
        const std::string path = temp_path(gzip ? "images.gz" : "images");
        write_idx(path, small_images(), gzip);
        const std::vector<uint8_t> raw = file_bytes(path);
        // A gzip stream starts with 1f 8b; a plain IDX file with its magic 00 00 08 03.
        CHECK((raw[0] == 0x1f) == gzip);
        const IdxArray back = read_idx(path);
        CHECK(back.dims == std::vector<int64_t>{3, 2, 3});
        CHECK(back.values == small_images().values);
        std::filesystem::remove(path);
    }
}

TEST_CASE("idx: the bytes of a plain file follow the IDX layout") {
    const std::string path = temp_path("labels");
    write_idx(path, small_labels(), false);
    // clang-format off
    const std::vector<uint8_t> expected = {
        0x00, 0x00, 0x08, 0x01,   // magic: unsigned bytes, 1 dimension
        0x00, 0x00, 0x00, 0x03,   // 3 labels, big-endian
        9, 0, 4,
    };
    // clang-format on
    CHECK(file_bytes(path) == expected);
    std::filesystem::remove(path);
}

TEST_CASE("idx: a missing file is reported by name") {
    CHECK_THROWS_WITH(read_idx("/nonexistent/train-images-idx3-ubyte.gz"),
                      Catch::Contains("/nonexistent/train-images-idx3-ubyte.gz") &&
                          Catch::Contains("does not exist"));
}

TEST_CASE("idx: a truncated plain file is rejected") {
    const std::string path = temp_path("truncated");
    write_idx(path, small_images(), false);
    std::vector<uint8_t> bytes = file_bytes(path);
    bytes.resize(bytes.size() - 5);
    put_bytes(path, bytes);
    CHECK_THROWS_WITH(read_idx(path), Catch::Contains("truncated") && Catch::Contains("18"));
    bytes.resize(6);  // inside the header
    put_bytes(path, bytes);
    CHECK_THROWS_WITH(read_idx(path), Catch::Contains("truncated inside its header"));
    std::filesystem::remove(path);
}

TEST_CASE("idx: a truncated gzip stream is rejected") {
    const std::string path = temp_path("truncated.gz");
    write_idx(path, small_images(), true);
    std::vector<uint8_t> bytes = file_bytes(path);
    bytes.resize(bytes.size() / 2);
    put_bytes(path, bytes);
    CHECK_THROWS_WITH(read_idx(path), Catch::Contains("truncated"));
    std::filesystem::remove(path);
}

TEST_CASE("idx: corrupt gzip data is rejected") {
    const std::string path = temp_path("corrupt.gz");
    IdxArray big;
    big.dims = {1000};
    for (int i = 0; i < 1000; ++i) {
        big.values.push_back(static_cast<uint8_t>(i * 7 % 251));
    }
    write_idx(path, big, true);
    std::vector<uint8_t> bytes = file_bytes(path);
    // Damage the 4-byte CRC-32 near the end of the gzip member: the data inflates, but the
    // checksum no longer matches.
    bytes[bytes.size() - 6] ^= 0xFF;
    put_bytes(path, bytes);
    CHECK_THROWS_WITH(read_idx(path), Catch::Contains("corrupt"));
    std::filesystem::remove(path);
}

TEST_CASE("idx: bad magic numbers and value types are rejected") {
    CHECK_THROWS_WITH(parse_idx({0x1f, 0x8b, 0x08, 0x01, 0, 0, 0, 0}, "x"),
                      Catch::Contains("bad magic number"));
    CHECK_THROWS_WITH(parse_idx({0, 0, 0x0D, 0x01, 0, 0, 0, 1, 0, 0, 0, 0}, "x"),
                      Catch::Contains("type code 13"));
    CHECK_THROWS_WITH(parse_idx({0, 0, 0x08, 0x00}, "x"), Catch::Contains("0 dimensions"));
    CHECK_THROWS_WITH(parse_idx({0, 0, 0x08}, "x"), Catch::Contains("truncated"));
}

TEST_CASE("idx: an absurd count in the header is refused without allocating it") {
    // Claims 4,294,967,295 × 4,294,967,295 values but carries 3 bytes.
    const std::vector<uint8_t> hostile = {0,    0,    0x08, 0x02, 0xFF, 0xFF, 0xFF, 0xFF,
                                          0xFF, 0xFF, 0xFF, 0xFF, 1,    2,    3};
    CHECK_THROWS_WITH(parse_idx(hostile, "hostile"), Catch::Contains("more than the limit"));
    // Within the limit, but more than the data that follows.
    const std::vector<uint8_t> short_data = {0, 0, 0x08, 0x01, 0x00, 0x10, 0x00, 0x00, 1, 2, 3};
    CHECK_THROWS_WITH(parse_idx(short_data, "short"),
                      Catch::Contains("1048576 values, but only 3 bytes follow"));
}

TEST_CASE("idx: bytes after the promised values are rejected") {
    CHECK_THROWS_WITH(parse_idx({0, 0, 0x08, 0x01, 0, 0, 0, 1, 7, 8}, "x"),
                      Catch::Contains("1 unexpected bytes"));
}

TEST_CASE("idx: an images file and a labels file make a data set") {
    const std::string images = temp_path("ds-images.gz");
    const std::string labels = temp_path("ds-labels");
    write_idx(images, small_images(), true);
    write_idx(labels, small_labels(), false);
    const ImageDataset set = read_idx_dataset(images, labels, 10);
    CHECK(set.count == 3);
    CHECK(set.height == 2);
    CHECK(set.width == 3);
    const Tensor batch = set.images({2, 0});
    CHECK(batch.shape() == Shape{2, 1, 2, 3});
    CHECK(batch.at({0, 0, 0, 0}) == Approx(120.0f / 255.0f));  // image 2 starts at value 12·10
    CHECK(batch.at({1, 0, 1, 2}) == Approx(50.0f / 255.0f));
    CHECK(set.labels_of({2, 0}) == std::vector<int64_t>{4, 9});

    SECTION("a label outside the classes is rejected") {
        write_idx(labels, {{3}, {9, 10, 4}}, false);
        CHECK_THROWS_WITH(read_idx_dataset(images, labels, 10),
                          Catch::Contains("label 10") && Catch::Contains("below 10"));
    }
    SECTION("different counts are rejected") {
        write_idx(labels, {{2}, {9, 1}}, false);
        CHECK_THROWS_WITH(read_idx_dataset(images, labels, 10),
                          Catch::Contains("3 images") && Catch::Contains("2 labels"));
    }
    SECTION("labels where images are expected are rejected") {
        CHECK_THROWS_WITH(read_idx_dataset(labels, labels, 10),
                          Catch::Contains("should hold images"));
    }
    std::filesystem::remove(images);
    std::filesystem::remove(labels);
}

TEST_CASE("fashion_mnist: class names in English and Chinese") {
    const auto& classes = fashion_mnist_classes();
    CHECK(std::string(classes[0].english) == "T-shirt/top");
    CHECK(std::string(classes[0].chinese) == "短袖圆领T恤");
    CHECK(std::string(classes[9].english) == "Ankle boot");
    CHECK(std::string(classes[9].chinese) == "短靴");
}

TEST_CASE("fashion_mnist: a missing folder names the Debian package") {
    CHECK_THROWS_WITH(load_fashion_mnist(Split::test, "/nonexistent"),
                      Catch::Contains("dataset-fashion-mnist"));
}

TEST_CASE("fashion_mnist: the installed test split reads, when present") {
    if (!std::filesystem::exists(default_fashion_mnist_dir + "/t10k-labels-idx1-ubyte.gz")) {
        WARN("Fashion-MNIST is not installed; skipped");
        return;
    }
    const ImageDataset set = load_fashion_mnist(Split::test);
    CHECK(set.count == 10000);
    CHECK(set.height == 28);
    CHECK(set.labels_of({0, 1, 2}) == std::vector<int64_t>{9, 2, 1});
    // Sum of the first image's pixels, computed with Python's gzip module.
    int sum = 0;
    for (int i = 0; i < 784; ++i) {
        sum += set.pixels[static_cast<size_t>(i)];
    }
    CHECK(sum == 33456);
}
