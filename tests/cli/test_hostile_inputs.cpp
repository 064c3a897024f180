// Bad input everywhere (issue 11) from the command line: every hostile file gives exit code 0
// with a sensible result, or a non-zero exit code with an "error: …" line on stderr — never a
// crash (a signal's exit code is 128 + the signal) and never a hang.
#include <catch2/catch.hpp>

#include "cli_helpers.hpp"

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
