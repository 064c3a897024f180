#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/image_io.hpp"
#include "engine/safe_file.hpp"
#include "engine/video_writer.hpp"
#include "hostile_files.hpp"

using namespace cs;
namespace fs = std::filesystem;

namespace {

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

size_t files_in(const fs::path& dir) {
    return static_cast<size_t>(
        std::distance(fs::directory_iterator(dir), fs::directory_iterator{}));
}

}  // namespace

TEST_CASE("safe file: a save replaces the old content and leaves no temporary file") {
    const test::hostile::Folder dir;
    const std::string path = dir.file("lesson.json");
    write_file_atomically(path, "old");
    write_file_atomically(path, "new content");
    CHECK(contents(path) == "new content");
    CHECK(files_in(dir.path()) == 1);
}

TEST_CASE("safe file: a full disk keeps the old file whole and says why") {
    const test::hostile::Folder dir;
    const std::string path = dir.file("lesson.json");
    write_file_atomically(path, "the lesson as it was");
    std::string message;
    {
        const test::hostile::FileSizeLimit full(64);
        try {
            write_file_atomically(path, std::string(10'000, 'x'), "the lesson");
        } catch (const Error& e) {
            message = e.what();
        }
    }
    CHECK_THAT(message, Catch::Contains("cannot save the lesson") &&
                            Catch::Contains("file-size limit") && Catch::Contains("kept"));
    CHECK(contents(path) == "the lesson as it was");
    CHECK(files_in(dir.path()) == 1);  // the temporary file is gone
}

TEST_CASE("safe file: a folder or a missing folder is refused with its reason") {
    const test::hostile::Folder dir;
    CHECK_THROWS_WITH(write_file_atomically(dir.path().string(), "x"),
                      Catch::Contains("it is a folder"));
    CHECK_THROWS_WITH(write_file_atomically(dir.file("no/such/folder/a.json"), "x"),
                      Catch::Contains("the folder does not exist"));
}

TEST_CASE("safe file: an image on a full disk keeps the old image") {
    const test::hostile::Folder dir;
    const std::string path = dir.file("input.png");
    const Tensor gray({1, 1, 64, 64}, 0.5f);
    save_image(gray, path);
    const std::string before = contents(path);
    REQUIRE(!before.empty());
    Tensor noisy({1, 3, 200, 200});
    for (int64_t i = 0; i < noisy.numel(); ++i) {
        noisy.values()[static_cast<size_t>(i)] = static_cast<float>((i * 7919) % 256) / 255.0f;
    }
    {
        const test::hostile::FileSizeLimit full(before.size());
        CHECK_THROWS_WITH(save_image(noisy, path), Catch::Contains("cannot save the image"));
    }
    CHECK(contents(path) == before);
}

TEST_CASE("safe file: a video is put in place only when every frame reads back") {
    const test::hostile::Folder dir;
    const std::string path = dir.file("lesson.avi");
    std::vector<uint8_t> frame(64 * 48 * 3);
    {
        VideoWriter writer(path, 64, 48, 10.0);
        for (int f = 0; f < 5; ++f) {
            std::fill(frame.begin(), frame.end(), static_cast<uint8_t>(f * 40));
            writer.write_rgb(frame.data(), 64 * 3);
        }
        CHECK(writer.close() == 5);
    }
    const std::string before = contents(path);
    REQUIRE(!before.empty());
    {
        const test::hostile::FileSizeLimit full(4096);
        VideoWriter writer(path, 64, 48, 10.0);
        for (int f = 0; f < 40; ++f) {
            for (size_t i = 0; i < frame.size(); ++i) {
                frame[i] = static_cast<uint8_t>((i * 31 + static_cast<size_t>(f) * 17) % 251);
            }
            writer.write_rgb(frame.data(), 64 * 3);
        }
        CHECK_THROWS_WITH(writer.close(), Catch::Contains("cannot save the video"));
    }
    CHECK(contents(path) == before);
    CHECK(files_in(dir.path()) == 1);
}

TEST_CASE("safe file: a video into a folder that does not exist says so") {
    const test::hostile::Folder dir;
    CHECK_THROWS_WITH(VideoWriter(dir.file("missing/lesson.mp4"), 64, 48, 10.0),
                      Catch::Contains("the folder does not exist"));
}
