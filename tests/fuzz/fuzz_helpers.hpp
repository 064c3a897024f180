#pragma once
// Shared by the libFuzzer targets of tests/fuzz (docs/fuzzing.md) and by the regular tests that
// replay their corpus. Each target is a function that feeds one input to a reader; for input
// the reader rejects it may throw cs::Error, and nothing else: any other exception, a crash or
// a sanitizer report is a finding.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/image_io.hpp"

namespace cs::fuzz {

using Input = std::span<const uint8_t>;

// The targets, one per file tests/fuzz/fuzz_<name>.cpp. fuzz_lesson needs convscope_core.
void fuzz_lesson(Input input);
void fuzz_case(Input input);
void fuzz_pipeline(Input input);
void fuzz_weights(Input input);
void fuzz_idx(Input input);
void fuzz_image(Input input);
void fuzz_onnx(Input input);

// The seed corpus and the regression inputs of `target` under `fuzz_dir` (tests/fuzz), sorted:
// the regular test suite replays them through the same target functions.
inline std::vector<std::filesystem::path> replay_inputs(const std::string& fuzz_dir,
                                                        const std::string& target) {
    std::vector<std::filesystem::path> files;
    for (const char* kind : {"corpus", "regressions"}) {
        const std::filesystem::path dir = std::filesystem::path(fuzz_dir) / kind / target;
        if (std::filesystem::is_directory(dir)) {
            for (const auto& entry : std::filesystem::directory_iterator(dir)) {
                if (entry.is_regular_file()) {
                    files.push_back(entry.path());
                }
            }
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Runs one input through a target as libFuzzer does: a rejection with cs::Error is fine.
inline void run_target(void (*target)(Input), Input input) {
    try {
        target(input);
    } catch (const Error&) {
    }
}

inline std::vector<uint8_t> bytes_of(Input input) {
    return {input.begin(), input.end()};
}
inline std::string text_of(Input input) {
    return {input.begin(), input.end()};
}

// A folder of our own, created at first use and removed at exit, holding one small image
// "tiny.png": fuzzed lesson and case files resolve relative image paths against it.
class ScratchDir {
  public:
    ScratchDir() {
        std::string name =
            (std::filesystem::temp_directory_path() / "convscope-fuzz-XXXXXX").string();
        require(mkdtemp(name.data()) != nullptr, "cannot create a scratch folder for fuzzing");
        path_ = name;
        save_image(Tensor({1, 1, 4, 4}, 0.5f), path_ + "/tiny.png");
    }
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

inline const std::string& scratch_dir() {
    static const ScratchDir dir;
    return dir.path();
}

// Fuzzed files may name images only inside the scratch folder (no '/' at all) or in the app's
// compiled-in Qt resources (":/..."): "/dev/zero" or "/proc/self/mem" must never be read.
inline bool is_safe_image_path(const std::string& path) {
    return path.rfind(":/", 0) == 0 ||
           (path.find('/') == std::string::npos && path.find('\\') == std::string::npos);
}

}  // namespace cs::fuzz

// libFuzzer's entry point, compiled only into the fuzz executables. A rejected input
// (cs::Error) is fine; any other exception escapes and aborts, which libFuzzer reports.
#ifdef CONVSCOPE_LIBFUZZER
#define CONVSCOPE_FUZZ_TARGET(function)                                       \
    extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { \
        cs::fuzz::run_target(function, cs::fuzz::Input(data, size));          \
        return 0;                                                             \
    }
#else
#define CONVSCOPE_FUZZ_TARGET(function)
#endif
