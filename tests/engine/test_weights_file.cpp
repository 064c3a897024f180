#include <catch2/catch.hpp>

#include <filesystem>

#include "engine/error.hpp"
#include "engine/train/weights_file.hpp"

using namespace cs;

namespace {

WeightsFile small_weights() {
    WeightsFile w;
    w.lesson.name = "tiny";
    w.lesson.network.input = {1, 4, 4};
    w.lesson.network.layers = {{.kind = LayerKind::flatten},
                               {.kind = LayerKind::linear, .out_features = 2}};
    w.lesson.optimizer = AdamConfig{.lr = 0.01};
    w.parameters = {{"1.weight", Tensor({2, 16}, 0.25f)}, {"1.bias", Tensor({2}, {-1.5f, 3.0f})}};
    w.optimizer_steps = 7;
    w.optimizer_state = {{"1.weight.exp_avg", Tensor({2, 16}, 0.5f)},
                         {"1.weight.exp_avg_sq", Tensor({2, 16}, 0.125f)},
                         {"1.bias.exp_avg", Tensor({2}, 1.0f)},
                         {"1.bias.exp_avg_sq", Tensor({2}, 2.0f)}};
    w.progress = {{"epochs_done", 3}};
    return w;
}

}  // namespace

TEST_CASE("weights_file: everything written reads back") {
    const std::string path =
        (std::filesystem::temp_directory_path() / "convscope_test_weights.csw").string();
    write_weights_file(path, small_weights());
    const WeightsFile back = read_weights_file(path);
    CHECK(back.lesson.name == "tiny");
    CHECK(back.lesson.network.layers.size() == 2);
    REQUIRE(back.parameters.size() == 2);
    CHECK(back.parameters[1].name == "1.bias");
    CHECK(back.parameters[1].tensor.values() == std::vector<float>{-1.5f, 3.0f});
    CHECK(back.parameters[0].tensor.shape() == Shape{2, 16});
    CHECK(back.optimizer_steps == 7);
    REQUIRE(back.optimizer_state.size() == 4);
    CHECK(back.optimizer_state[3].tensor.values()[1] == 2.0f);
    CHECK(back.progress.at("epochs_done") == 3);
    CHECK(std::get<AdamConfig>(back.lesson.optimizer).lr == 0.01);
    CHECK_FALSE(std::filesystem::exists(path + ".part"));
    std::filesystem::remove(path);
}

TEST_CASE("weights_file: the layout starts with the signature and ends with a checksum") {
    const std::vector<uint8_t> bytes = serialize_weights(small_weights());
    // clang-format off
    const std::vector<uint8_t> signature = {0x89, 'C', 'S', 'W', '\r', '\n', 0x1A, '\n',
                                            1, 0, 0, 0};  // format version 1, little-endian
    // clang-format on
    CHECK(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 12) == signature);
    // 34 parameters and 68 optimizer values, 4 bytes each, then the 4-byte CRC.
    uint64_t header = 0;
    for (int i = 7; i >= 0; --i) {
        header = (header << 8) | bytes[static_cast<size_t>(12 + i)];
    }
    CHECK(bytes.size() == 20 + header + (34 + 68) * 4 + 4);
}

TEST_CASE("weights_file: damage of any kind is reported, never crashes") {
    const std::vector<uint8_t> good = serialize_weights(small_weights());
    SECTION("truncated") {
        for (size_t keep : {size_t{0}, size_t{10}, size_t{30}, good.size() - 1}) {
            const std::vector<uint8_t> cut(good.begin(), good.begin() + static_cast<long>(keep));
            CHECK_THROWS_WITH(parse_weights(cut, "w.csw"),
                              Catch::Contains("w.csw") &&
                                  (Catch::Contains("truncated") || Catch::Contains("corrupt")));
        }
    }
    SECTION("a flipped bit in the data") {
        std::vector<uint8_t> bad = good;
        bad[bad.size() - 20] ^= 0x04;
        CHECK_THROWS_WITH(parse_weights(bad, "w.csw"), Catch::Contains("checksum"));
    }
    SECTION("not a weights file") {
        std::vector<uint8_t> bad = good;
        bad[1] = 'X';
        CHECK_THROWS_WITH(parse_weights(bad, "w.csw"), Catch::Contains("not a ConvScope"));
    }
    SECTION("a newer version") {
        std::vector<uint8_t> bad = good;
        bad[8] = 2;
        CHECK_THROWS_WITH(parse_weights(bad, "w.csw"), Catch::Contains("version 2"));
    }
    SECTION("a header length beyond the end") {
        std::vector<uint8_t> bad = good;
        bad[19] = 0x7F;
        CHECK_THROWS_WITH(parse_weights(bad, "w.csw"), Catch::Contains("header claims"));
    }
}

TEST_CASE("weights_file: a missing file is reported by name") {
    CHECK_THROWS_WITH(
        read_weights_file("/nonexistent/lenet.csw"),
        Catch::Contains("/nonexistent/lenet.csw") && Catch::Contains("does not exist"));
}
