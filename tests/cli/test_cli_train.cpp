// convscope-cli train and predict, on a small Fashion-MNIST-shaped data set written by the test.
#include <catch2/catch.hpp>

#include "cli_helpers.hpp"

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/data/idx.hpp"

namespace {

using cs::test::run_cli;
using Run = cs::test::Run;

// A folder with train/t10k IDX files of 28×28 images: class k has a bright band at row 2k.
std::string tiny_fashion_dir() {
    const auto dir = std::filesystem::temp_directory_path() / "convscope_cli_tiny_fashion";
    std::filesystem::create_directories(dir);
    for (const auto& [prefix, count] : {std::pair{"train", 64}, std::pair{"t10k", 20}}) {
        cs::IdxArray images{{count, 28, 28}, {}};
        cs::IdxArray labels{{count}, {}};
        for (int i = 0; i < count; ++i) {
            const int label = i % 10;
            labels.values.push_back(static_cast<uint8_t>(label));
            for (int y = 0; y < 28; ++y) {
                for (int x = 0; x < 28; ++x) {
                    const bool band = y / 2 == label + 2;
                    images.values.push_back(static_cast<uint8_t>(band ? 230 : (x * y + i) % 30));
                }
            }
        }
        cs::write_idx((dir / (std::string(prefix) + "-images-idx3-ubyte.gz")).string(), images,
                      true);
        cs::write_idx((dir / (std::string(prefix) + "-labels-idx1-ubyte.gz")).string(), labels,
                      true);
    }
    return dir.string();
}

std::string lesson(const std::string& name) {
    return std::string(CONVSCOPE_RESOURCE_DIR) + "/lessons/" + name;
}

}  // namespace

TEST_CASE("cli: train prints one line per epoch, writes weights, and resumes from them") {
    const std::string data = tiny_fashion_dir();
    const std::string weights =
        (std::filesystem::temp_directory_path() / "convscope_cli_train.csw").string();
    std::filesystem::remove(weights);
    const Run r = run_cli("train " + lesson("lenet_modern.json") + " --epochs 2 --batch 16 " +
                          "--threads 2 --data " + data + " --out " + weights);
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("epoch 1/2  loss ") && Catch::Contains("epoch 2/2") &&
                          Catch::Contains("train acc") && Catch::Contains("test acc") &&
                          Catch::Contains("examples/s"));
    CHECK(std::filesystem::exists(weights));

    const Run resumed =
        run_cli("train " + weights + " --epochs 1 --batch 16 --data " + data + " --out " + weights);
    INFO(resumed.out);
    CHECK(resumed.exit_code == 0);
    CHECK_THAT(resumed.out,
               Catch::Contains("resuming after epoch 2") && Catch::Contains("epoch 3/3"));

    const Run limited = run_cli("train " + lesson("lenet_d2l.json") +
                                " --epochs 1 --limit 32 --batch 8 --data " + data);
    CHECK(limited.exit_code == 0);
    CHECK_THAT(limited.out, Catch::Contains("training on 32 examples"));

    SECTION("predict prints the probability of every class") {
        const Run p =
            run_cli("predict " + weights + " " + CONVSCOPE_SAMPLE_DIR + "/fashion_trouser_2.png");
        INFO(p.out);
        CHECK(p.exit_code == 0);
        CHECK_THAT(p.out, Catch::Contains("Trouser") && Catch::Contains("裤子") &&
                              Catch::Contains("Ankle boot") && Catch::Contains("not inverted"));
        const Run inverted = run_cli("predict " + weights + " " + CONVSCOPE_SAMPLE_DIR +
                                     "/fashion_trouser_2.png --invert yes");
        CHECK_THAT(inverted.out, Catch::Contains("inverted (light background"));
    }
    SECTION("a damaged weights file is reported, not trusted") {
        std::fstream f(weights, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(-40, std::ios::end);
        f.put('\x55');
        f.close();
        const Run p =
            run_cli("predict " + weights + " " + CONVSCOPE_SAMPLE_DIR + "/fashion_trouser_2.png");
        CHECK(p.exit_code == 2);
        CHECK_THAT(p.out, Catch::Contains("checksum"));
    }
}

TEST_CASE("cli: train without the data set names the package to install") {
    const Run r = run_cli("train " + lesson("lenet_d2l.json") + " --data /nonexistent");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("dataset-fashion-mnist"));
}
