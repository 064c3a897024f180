// Every seed and regression input of the engine's fuzz targets (tests/fuzz, docs/fuzzing.md),
// replayed through the same target functions in the regular build: a reader may reject a file
// with cs::Error, and nothing else may escape.
#include <catch2/catch.hpp>

#include "engine/image_io.hpp"
#include "tests/fuzz/fuzz_helpers.hpp"

namespace {

void replay(const std::string& target, void (*run)(cs::fuzz::Input)) {
    const auto files = cs::fuzz::replay_inputs(CONVSCOPE_FUZZ_DIR, target);
    REQUIRE_FALSE(files.empty());
    for (const auto& file : files) {
        INFO(file.string());
        const std::vector<uint8_t> bytes = cs::read_file_bytes(file.string());
        CHECK_NOTHROW(cs::fuzz::run_target(run, bytes));
    }
}

}  // namespace

TEST_CASE("fuzz corpus: case files are accepted or refused with cs::Error") {
    replay("fuzz_case", cs::fuzz::fuzz_case);
}

TEST_CASE("fuzz corpus: pipeline files are accepted or refused with cs::Error") {
    replay("fuzz_pipeline", cs::fuzz::fuzz_pipeline);
}

TEST_CASE("fuzz corpus: weights files are accepted or refused with cs::Error") {
    replay("fuzz_weights", cs::fuzz::fuzz_weights);
}

TEST_CASE("fuzz corpus: IDX files are accepted or refused with cs::Error") {
    replay("fuzz_idx", cs::fuzz::fuzz_idx);
}

TEST_CASE("fuzz corpus: image files are accepted or refused with cs::Error") {
    replay("fuzz_image", cs::fuzz::fuzz_image);
}

TEST_CASE("fuzz corpus: ONNX models are accepted or refused with cs::Error") {
    replay("fuzz_onnx", cs::fuzz::fuzz_onnx);
}
