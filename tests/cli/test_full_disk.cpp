// The command line on a full disk: a file it cannot write whole is not left behind, the old
// file stays, and the exit code says it failed. A full disk is simulated with a file-size
// limit (prlimit --fsize): writes past it fail like writes to a full disk.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli_helpers.hpp"
#include "hostile_files.hpp"

using cs::test::Run;

namespace {

Run run_cli_on_full_disk(const std::string& args, int bytes) {
    return cs::test::run_cli_with_prefix("prlimit --fsize=" + std::to_string(bytes) + " ", args);
}

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

}  // namespace

TEST_CASE("cli full disk: render --video fails and keeps the old video") {
    const cs::test::hostile::Folder dir;
    const std::string video = dir.file("lesson.mp4");
    std::ofstream(video) << "the video from last week";
    const Run r = run_cli_on_full_disk("render " + std::string(CONVSCOPE_RESOURCE_DIR) +
                                           "/lessons/conv_5x5_pad1_stride2.json --video " + video +
                                           " --size 640x400",
                                       20000);
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.out, Catch::Contains("cannot save the video"));
    CHECK_THAT(r.out, !Catch::Contains("wrote"));
    CHECK(contents(video) == "the video from last week");
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                        std::filesystem::directory_iterator{}) == 1);
}

TEST_CASE("cli full disk: predict --save-input fails instead of writing an empty PNG") {
    const cs::test::hostile::Folder dir;
    const std::string png = dir.file("input.png");
    const Run r = run_cli_on_full_disk("predict " + std::string(CONVSCOPE_RESOURCE_DIR) +
                                           "/weights/lenet_d2l.csw " + CONVSCOPE_SAMPLE_DIR +
                                           "/fashion_trouser_2.png --save-input " + png,
                                       100);
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.out, Catch::Contains("cannot save the image"));
    CHECK_FALSE(std::filesystem::exists(png));
}

TEST_CASE("cli full disk: run stops with a message when its maps do not fit") {
    const cs::test::hostile::Folder dir;
    const Run r = run_cli_on_full_disk(
        "run " + std::string(CONVSCOPE_RESOURCE_DIR) + "/pipelines/edge_detectors.json --image " +
            CONVSCOPE_SAMPLE_DIR + "/camera.png --out " + dir.file("maps"),
        4096);
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.out, Catch::Contains("cannot save"));
}
