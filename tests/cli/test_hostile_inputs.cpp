// Bad input everywhere (issue 11) from the command line: every hostile file gives exit code 0
// with a sensible result, or a non-zero exit code with an "error: …" line on stderr — never a
// crash (a signal's exit code is 128 + the signal) and never a hang.
#include <catch2/catch.hpp>

#include "cli_helpers.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "hostile_files.hpp"

namespace hostile = cs::test::hostile;
using cs::test::run_cli;
using cs::test::Streams;

namespace {

struct Row {
    std::string what;
    std::string args;
    int exit_code;
    std::string message;  // on stderr for a refusal, on stdout for a success
};

void check_rows(const std::vector<Row>& rows) {
    for (const Row& row : rows) {
        INFO(row.what << ": convscope-cli " << row.args);
        const cs::test::Run r =
            run_cli(row.args, row.exit_code == 0 ? Streams::both : Streams::stderr_only);
        INFO(r.out);
        CHECK(r.exit_code == row.exit_code);
        CHECK_THAT(r.out, Catch::Contains(row.message));
        if (row.exit_code != 0) {
            CHECK_THAT(r.out, Catch::Contains("error: "));
        }
    }
}

}  // namespace

TEST_CASE("cli hostile: images of every hostile kind through info, predict and run") {
    hostile::Folder dir;
    const std::string huge = hostile::blank_png(dir, "huge.png", 20000, 20000);
    const std::string weights = std::string(CONVSCOPE_RESOURCE_DIR) + "/weights/lenet_modern.csw";
    const std::string pipeline =
        std::string(CONVSCOPE_RESOURCE_DIR) + "/pipelines/edge_detectors.json";
    const std::string out = " --out " + dir.file("out");
    check_rows({
        {"0×0", "info " + hostile::png_claiming(dir, "zero.png", 0, 0), 2, "has no pixels"},
        {"1×1", "info " + hostile::gray_png(dir, "one.png", 1, 1), 0, "width: 1"},
        {"100,000×1", "info " + hostile::gray_png(dir, "line.png", 100000, 1), 0, "width: 100000"},
        {"20,000² valid PNG", "info " + huge, 2, "at most 100 megapixels"},
        {"header bomb", "info " + hostile::png_claiming(dir, "bomb.png", 100000, 100000), 2,
         "at most 100 megapixels"},
        {"TIFF claiming 20,000²", "info " + hostile::tiff_claiming(dir, "huge.tiff", 20000, 20000),
         2, "at most 100 megapixels"},
        {"16-bit TIFF", "info " + hostile::tiff16(dir), 0, "bit depth: 16"},
        {"float TIFF", "info " + hostile::tiff_float(dir), 0, "bit depth: 32"},
        {"CMYK JPEG", "info " + hostile::cmyk_jpeg(), 0, "channels: 3"},
        {"animated GIF", "info " + hostile::animated_gif(), 2, "GIF is not supported"},
        {"truncated PNG", "info " + hostile::truncated_png(dir), 2, "truncated"},
        {"predict on 400 MP", "predict " + weights + " " + huge, 2, "at most 100 megapixels"},
        {"predict on 1×1", "predict " + weights + " " + dir.file("one.png"), 0, "image:"},
        {"predict on 100,000×1", "predict " + weights + " " + dir.file("line.png"), 0, "image:"},
        {"run on 400 MP", "run " + pipeline + " --image " + huge + out, 2,
         "at most 100 megapixels"},
        // The edge bank ends in a 2×2 max-pool: a 1-pixel-high image is too small for it.
        {"run on 100,000×1", "run " + pipeline + " --image " + dir.file("line.png") + out, 2,
         "layer 3 (max_pool2d)"},
    });
}

TEST_CASE("cli hostile: lessons, cases, weights and pipelines with bad values") {
    hostile::Folder dir;
    const std::string image = std::string(CONVSCOPE_SAMPLE_DIR) + "/checkerboard.png";
    const std::string out = " --out " + dir.file("out");
    std::string nine_by_nine = "[0";
    for (int i = 1; i < 81; ++i) {
        nine_by_nine += ", 0";
    }
    nine_by_nine += "]";
    std::vector<Row> rows = {
        {"stride \"two\" in a case",
         "eval " + hostile::eval_case(dir, "two.json", R"({"params": {"stride": "two"}})"), 2,
         "stride"},
        {"input 5 in a case", "eval " + hostile::eval_case(dir, "five.json", R"({"input": 5})"), 2,
         "input must be an object"},
        {"a weight beyond a float (1e39) in a case",
         "eval " +
             hostile::eval_case(dir, "inf.json", R"({"weight": {"data": [0,0,0,0,1e39,0,0,0,0]}})"),
         2, "weight.data[4] is 1e+39, which is not a finite 32-bit number"},
        {"kernel larger than the input",
         "eval " + hostile::eval_case(dir, "big_kernel.json",
                                      R"({"weight": {"shape": [1, 1, 9, 9], "data": )" +
                                          nine_by_nine + R"(}, "params": {"padding": 0}})"),
         2, "larger"},
        {"NaN in a weights file (predict)",
         "predict " + hostile::weights_with_nan(dir) + " " + image, 2,
         "tensor 0.weight holds NaN at index 3"},
        {"NaN in a weights file (train resume)",
         "train " + dir.file("nan_weights.csw") + " --epochs 1", 2, "holds NaN"},
        {"truncated weights file", "predict " + hostile::truncated_weights(dir) + " " + image, 2,
         "truncated"},
        {"1,000-layer pipeline",
         "run " + hostile::long_pipeline(dir, 1000) + " --image " + image + out, 2,
         "1000 layers; at most 256"},
        {"256-layer pipeline",
         "run " + hostile::long_pipeline(dir, 256) + " --image " + image + out, 0, ""},
    };
#ifdef CONVSCOPE_WITH_RENDER
    // Lessons are read by the GUI's core library, which `render` shares.
    rows.push_back(
        {"view.mode 7 in a lesson",
         "render " + hostile::lesson(dir, "mode7.json", R"({"view": {"mode": 7}})") + out, 2,
         "lesson field \"view.mode\" must be text, got 7"});
    rows.push_back(
        {"stride \"two\" in a lesson",
         "render " + hostile::lesson(dir, "two.json", R"({"params": {"stride": "two"}})") + out, 2,
         "stride"});
#endif
    check_rows(rows);
}

// ---- Special files, deep JSON, a negative step, the memory of a decode ----

namespace {

// convscope-cli under `timeout` (killed after 30 s: exit code 137) and with at most 4 GiB of
// address space: a reader that blocks on a FIFO or reads /dev/zero without end fails the test
// instead of hanging it or exhausting the machine. `out` is what it wrote to stderr.
cs::test::Run run_cli_bounded(const std::string& args) {
#if defined(CONVSCOPE_SANITIZED)  // AddressSanitizer reserves terabytes of address space
    const std::string prefix = "timeout -s KILL 120 ";
#else
    const std::string prefix = "ulimit -v 4194304; timeout -s KILL 30 ";
#endif
    return cs::test::run_cli_with_prefix(prefix, args, cs::test::Streams::stderr_only);
}

void check_refusals(const std::vector<Row>& rows) {
    for (const Row& row : rows) {
        INFO(row.what << ": convscope-cli " << row.args);
        const cs::test::Run r = run_cli_bounded(row.args);
        INFO(r.out);
        CHECK(r.exit_code == row.exit_code);
        CHECK_THAT(r.out, Catch::Contains("error: ") && Catch::Contains(row.message));
    }
}

// The largest resident set of convscope-cli running `args`, in bytes (stdout and stderr
// discarded); -1 if it did not exit with 0.
int64_t peak_memory_of_cli(const std::vector<std::string>& args) {
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        const int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        std::vector<char*> argv = {const_cast<char*>(CONVSCOPE_CLI)};
        for (const std::string& a : args) {
            argv.push_back(const_cast<char*>(a.c_str()));
        }
        argv.push_back(nullptr);
        alarm(120);
        execv(CONVSCOPE_CLI, argv.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    REQUIRE(wait4(child, &status, 0, &usage) == child);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return -1;
    }
    return int64_t{usage.ru_maxrss} * 1024;
}

}  // namespace

TEST_CASE("cli hostile: folders, devices and FIFOs are refused by name, never read or waited on") {
    hostile::Folder dir;
    const std::string fifo = hostile::fifo(dir, "pipe");
    const std::string folder = dir.path().string();
    const std::string image = std::string(CONVSCOPE_SAMPLE_DIR) + "/checkerboard.png";
    const std::string weights = std::string(CONVSCOPE_RESOURCE_DIR) + "/weights/lenet_modern.csw";
    const std::string pipeline =
        std::string(CONVSCOPE_RESOURCE_DIR) + "/pipelines/edge_detectors.json";
    const std::string out = " --out " + dir.file("out");
    const std::string special = "is not a regular file (a device, a pipe or a socket)";
    std::vector<Row> rows = {
        {"a folder as an image", "info " + folder, 2, "is a folder, not a file"},
        {"/dev/zero as an image", "info /dev/zero", 2, special},
        {"/dev/urandom as an image", "info /dev/urandom", 2, special},
        {"a FIFO as an image", "info " + fifo, 2, special},
        {"a FIFO as a case", "eval " + fifo, 2, special},
        {"/dev/zero as a case", "eval /dev/zero", 2, special},
        {"a FIFO as a pipeline", "run " + fifo + " --image " + image + out, 2, special},
        {"/dev/zero as a pipeline", "run /dev/zero --image " + image + out, 2, special},
        {"a FIFO as a pipeline's image", "run " + pipeline + " --image " + fifo + out, 2, special},
        {"/dev/zero as a pipeline's image", "run " + pipeline + " --image /dev/zero" + out, 2,
         special},
        {"a FIFO as weights", "predict " + fifo + " " + image, 2, special},
        {"a FIFO as predict's image", "predict " + weights + " " + fifo, 2, special},
        {"a FIFO as a training lesson", "train " + fifo + out, 2, special},
        {"/dev/zero as a training lesson", "train /dev/zero" + out, 2, special},
    };
#ifdef CONVSCOPE_WITH_RENDER
    rows.push_back({"a FIFO as a lesson", "render " + fifo + out, 2, special});
    rows.push_back({"/dev/zero as a lesson", "render /dev/zero" + out, 2, special});
    rows.push_back(
        {"a folder as a lesson", "render " + folder + out, 2, "is a folder, not a file"});
#endif
    check_refusals(rows);
}

TEST_CASE("cli hostile: JSON nested 100,000 levels deep is refused, not a stack overflow") {
    hostile::Folder dir;
    const std::string deep = hostile::nested_json_file(dir, "deep.json", 100000);
    const std::string image = std::string(CONVSCOPE_SAMPLE_DIR) + "/checkerboard.png";
    const std::string out = " --out " + dir.file("out");
    const std::string message = "is nested 100001 levels deep; ConvScope files are at most 64";
    std::vector<Row> rows = {
        {"case", "eval " + deep, 2, message},
        {"trace case", "trace " + deep + " --step 0", 2, message},
        {"pipeline", "run " + deep + " --image " + image + out, 2, message},
        {"weights header",
         "predict " + hostile::weights_with_nested_header(dir, 100000) + " " + image, 2, message},
        {"training lesson", "train " + deep + out, 2, message},
    };
#ifdef CONVSCOPE_WITH_RENDER
    rows.push_back({"lesson", "render " + deep + out, 2, message});
#endif
    check_refusals(rows);
}

TEST_CASE("cli hostile: trace --step -1 says the step must be 0 or more") {
    hostile::Folder dir;
    const std::string path = hostile::eval_case(dir, "case.json");
    check_refusals({
        {"step -1", "trace " + path + " --step -1", 2, "--step must be a whole number ≥ 0"},
        {"step past the end", "trace " + path + " --step 25", 2, "step 25 is outside 0..24"},
    });
    CHECK(run_cli("trace " + path + " --step 24").exit_code == 0);
}

TEST_CASE("cli hostile: image headers are read as the decoders read them") {
    hostile::Folder dir;
    check_refusals({
        {"JPEG frame behind RST0", "info " + hostile::jpeg_hiding_frame(dir, "h.jpg", 30000, 30000),
         2, "is 30000×30000 pixels"},
        {"TIFF sizes as SLONG", "info " + hostile::tiff_claiming(dir, "s.tiff", 20000, 20000, 9), 2,
         "is 20000×20000 pixels"},
        {"JPEG cut, then given an EOI", "info " + hostile::jpeg_cut_with_eoi(dir), 2,
         "is truncated"},
    });
    const cs::test::Run pgm = run_cli("info " + hostile::pgm_with_comment(dir, 1000));
    CHECK(pgm.exit_code == 0);
    CHECK_THAT(pgm.out, Catch::Contains("width: 4") && Catch::Contains("height: 3"));
}

#if !defined(CONVSCOPE_SANITIZED)  // a memory figure: AddressSanitizer's own memory would count
TEST_CASE("cli hostile: a 100-megapixel 16-bit RGBA PNG opens within 2 GB") {
    hostile::Folder dir;
    // 10,000² RGBA of 16 bits: under 1 MB on disk, 800 MB decoded, a 1.2 GB RGB tensor.
    const std::string png = hostile::rgba16_png(dir, "rgba16.png", 10000, 10000);
    const std::string case_file = dir.file("case.json");
    std::ofstream(case_file)
        << R"({"op": "relu", "input": {"image": "rgba16.png", "max_side": 16}})";
    constexpr int64_t limit = 2'000'000'000;  // measured: 0.9 GB for info, 1.5 GB for eval
    const int64_t info = peak_memory_of_cli({"info", png});
    const int64_t eval = peak_memory_of_cli({"eval", case_file});
    INFO("peak of info " << info / 1e9 << " GB, of eval (decode into the tensor) " << eval / 1e9
                         << " GB");
    CHECK(info > 0);
    CHECK(info < limit);
    CHECK(eval > 0);  // before: 4.9 GB
    CHECK(eval < limit);
}
#endif
