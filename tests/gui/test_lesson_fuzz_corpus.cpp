// Every seed and regression input of the lesson fuzz target (tests/fuzz, docs/fuzzing.md),
// replayed through the same target function in the regular build: the lesson reader may
// reject a file with cs::Error, and nothing else may escape.
#include <catch2/catch.hpp>

#include "engine/image_io.hpp"
#include "tests/fuzz/fuzz_helpers.hpp"

TEST_CASE("fuzz corpus: lesson files are accepted or refused with cs::Error") {
    const auto files = cs::fuzz::replay_inputs(CONVSCOPE_SOURCE_DIR "/tests/fuzz", "fuzz_lesson");
    REQUIRE_FALSE(files.empty());
    for (const auto& file : files) {
        INFO(file.string());
        const std::vector<uint8_t> bytes = cs::read_file_bytes(file.string());
        CHECK_NOTHROW(cs::fuzz::run_target(cs::fuzz::fuzz_lesson, bytes));
    }
}
