// Bad input everywhere (issue 11), at the engine's reader boundaries: every hostile file either
// loads into something sensible or is refused with a cs::Error a student can act on — never a
// crash, a hang or an allocation beyond the stated limits.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "engine/case_file.hpp"
#include "engine/data/idx.hpp"
#include "engine/error.hpp"
#include "engine/file_read.hpp"
#include "engine/image_io.hpp"
#include "engine/op_call.hpp"
#include "engine/pipeline/pipeline.hpp"
#include "engine/pipeline/pipeline_spec.hpp"
#include "engine/tensor.hpp"
#include "engine/train/lesson.hpp"
#include "engine/train/weights_file.hpp"
#include "engine/video_writer.hpp"
#include "hostile_files.hpp"

namespace hostile = cs::test::hostile;

TEST_CASE("hostile images: each loads sensibly or is refused with the reason") {
    hostile::Folder dir;
    struct Refused {
        std::string what;
        std::string path;
        std::string message;
    };
    const std::vector<Refused> refused = {
        {"0×0 PNG", hostile::png_claiming(dir, "zero.png", 0, 0), "has no pixels"},
        {"0×5 PNG", hostile::png_claiming(dir, "zero_wide.png", 0, 5), "has no pixels"},
        {"20,000² valid PNG (400 MP)", hostile::blank_png(dir, "huge.png", 20000, 20000),
         "20000×20000 pixels (400 megapixels); ConvScope opens images of at most 100 megapixels"},
        {"10,001×10,000 valid PNG, just over", hostile::blank_png(dir, "over.png", 10001, 10000),
         "at most 100 megapixels"},
        {"header bomb 100,000²", hostile::png_claiming(dir, "bomb.png", 100000, 100000),
         "10000 megapixels"},
        {"header bomb 2^32-1 squared (the product overflows int64)",
         hostile::png_claiming(dir, "bomb_max.png", 0xFFFFFFFFu, 0xFFFFFFFFu),
         "at most 100 megapixels"},
        {"TIFF claiming 20,000²", hostile::tiff_claiming(dir, "huge.tiff", 20000, 20000),
         "400 megapixels"},
        {"animated GIF", hostile::animated_gif(), "GIF"},
        {"truncated PNG", hostile::truncated_png(dir), "truncated"},
    };
    for (const Refused& r : refused) {
        INFO(r.what);
        CHECK_THROWS_WITH(cs::load_image(r.path), Catch::Contains(r.message));
        CHECK_THROWS_AS(cs::image_info(r.path), cs::Error);
    }
}

TEST_CASE("hostile images: 1×1 and 100,000×1 load whole") {
    hostile::Folder dir;
    CHECK(cs::load_image(hostile::gray_png(dir, "one.png", 1, 1)).shape() == cs::Shape{1, 1, 1, 1});
    const cs::Tensor line = cs::load_image(hostile::gray_png(dir, "line.png", 100000, 1, 255));
    CHECK(line.shape() == cs::Shape{1, 1, 1, 100000});
    CHECK(line.data()[99999] == 1.0f);
    // Shrinking an extreme aspect keeps at least one pixel on the short side.
    cs::LoadOptions small;
    small.max_side = 512;
    CHECK(cs::load_image(hostile::gray_png(dir, "line2.png", 100000, 1), small).shape() ==
          cs::Shape{1, 1, 1, 512});
}

TEST_CASE("hostile images: 16-bit TIFF scales by 65535, float TIFF clips to [0, 1], NaN is 0") {
    hostile::Folder dir;
    const cs::Tensor t16 = cs::load_image(hostile::tiff16(dir));
    REQUIRE(t16.shape() == cs::Shape{1, 1, 2, 3});
    CHECK(t16.data()[1] == Approx(16384.0 / 65535.0));
    CHECK(t16.data()[4] == 1.0f);
    CHECK(cs::image_info(hostile::tiff16(dir)).bit_depth == 16);

    const cs::Tensor tf = cs::load_image(hostile::tiff_float(dir));
    REQUIRE(tf.shape() == cs::Shape{1, 1, 2, 3});
    // 0.25, NaN, +inf / -inf, -1, 2.5
    const std::vector<float> want = {0.25f, 0.0f, 1.0f, 0.0f, 0.0f, 1.0f};
    CHECK(tf.values() == want);
    CHECK(cs::image_info(hostile::tiff_float(dir)).bit_depth == 32);
}

TEST_CASE("hostile images: a CMYK JPEG loads as RGB") {
    const cs::Tensor t = cs::load_image(hostile::cmyk_jpeg());
    REQUIRE(t.shape() == cs::Shape{1, 3, 8, 16});
    CHECK(t(0, 0, 4, 2) > 0.9f);  // left half red
    CHECK(t(0, 2, 4, 2) < 0.1f);
    CHECK(t(0, 2, 4, 13) > 0.9f);  // right half blue
    CHECK(t(0, 0, 4, 13) < 0.1f);
}

TEST_CASE("hostile tensors: NaN and infinity in JSON tensors are refused, naming the value") {
    // JSON has no NaN or infinity literal, and nlohmann refuses 1e999 as a number overflow;
    // 1e39 parses as a double but overflows a float.
    for (const char* data : {"[1, 1e39, 3]", "[1, -1e39, 3]"}) {
        INFO(data);
        const auto j =
            nlohmann::json::parse(std::string(R"({"shape": [3], "data": )") + data + "}");
        CHECK_THROWS_WITH(cs::tensor_from_json(j, "weight"),
                          Catch::Contains("weight.data[1]") && Catch::Contains("not a finite"));
    }
    hostile::Folder dir;
    CHECK_THROWS_WITH(cs::read_case_file(hostile::eval_case(
                          dir, "inf.json", R"({"weight": {"data": [0,0,0,0,1e39,0,0,0,0]}})")),
                      Catch::Contains("weight.data[4]"));
    const std::string overflow = dir.file("overflow.json");
    std::ofstream(overflow) << R"({"op": "relu", "input": {"shape": [1], "data": [1e999]}})";
    CHECK_THROWS_WITH(cs::read_case_file(overflow),
                      Catch::Contains("not valid JSON") && Catch::Contains("number overflow"));
    CHECK_THROWS_WITH(cs::read_case_file(hostile::eval_case(dir, "five.json", R"({"input": 5})")),
                      Catch::Contains("input must be an object"));
}

TEST_CASE("hostile tensors: a shape beyond 2^29 values is refused before allocating") {
    CHECK_THROWS_WITH(cs::Tensor(cs::Shape{1, 1, 100000, 100000}),
                      Catch::Contains("[1, 1, 100000, 100000]") &&
                          Catch::Contains("limit is 536870912 values (2 GiB)"));
    // An op whose output would be enormous fails the same way, with a message.
    cs::OpCall call;
    call.op = "conv_transpose2d";
    call.input = cs::Tensor({1, 1, 5, 5}, 1.0f);
    call.weight = cs::Tensor({1, 1, 3, 3}, 1.0f);
    call.params = {{"stride", 20000}};
    CHECK_THROWS_AS(cs::evaluate(call), cs::Error);
}

TEST_CASE("hostile weights files: NaN and truncation are refused, naming the tensor") {
    hostile::Folder dir;
    CHECK_THROWS_WITH(cs::read_weights_file(hostile::weights_with_nan(dir)),
                      Catch::Contains("tensor 0.weight holds NaN at index 3"));
    CHECK_THROWS_WITH(cs::read_weights_file(hostile::truncated_weights(dir)),
                      Catch::Contains("truncated"));
}

TEST_CASE("hostile pipelines: 1,000 layers are refused at reading, 256 are allowed") {
    hostile::Folder dir;
    CHECK_THROWS_WITH(cs::pipeline::read_pipeline_file(hostile::long_pipeline(dir, 1000)),
                      Catch::Contains("1000 layers; at most 256"));
    const auto spec = cs::pipeline::read_pipeline_file(hostile::long_pipeline(dir, 256));
    CHECK(spec.layers.size() == 256);
    CHECK(cs::pipeline::plan_pipeline(spec, {1, 1, 16, 16}).ok());
}

TEST_CASE("hostile pipelines: an upsampling chain beyond the tensor limit stops the plan") {
    cs::pipeline::PipelineSpec spec;
    for (int i = 0; i < 12; ++i) {
        cs::pipeline::LayerSpec up;
        up.op = "interpolate";
        up.params = {{"scale_factor", 4}, {"mode", "nearest"}};
        spec.layers.push_back(up);
    }
    const cs::pipeline::Plan plan = cs::pipeline::plan_pipeline(spec, {1, 1, 16, 16});
    REQUIRE_FALSE(plan.ok());
    CHECK(plan.error_layer.value() < 12);
    CHECK_THAT(plan.error, Catch::Contains("(interpolate)") && Catch::Contains("2 GiB"));
}

TEST_CASE("hostile pipelines: fields of the wrong type are refused naming the field") {
    const std::string head = R"({"format": "convscope-pipeline", "layers": [{"op": "relu"}], )";
    CHECK_THROWS_WITH(cs::pipeline::parse_pipeline(head + R"("name": 5})", "p.json"),
                      Catch::Contains("p.json: \"name\" must be text, got 5"));
    CHECK_THROWS_WITH(
        cs::pipeline::parse_pipeline(head + R"("input": {"channels": "one"}})", "p.json"),
        Catch::Contains("input \"channels\" must be a whole number, got \"one\""));
    CHECK_THROWS_WITH(cs::pipeline::parse_pipeline(
                          R"({"format": "convscope-pipeline", "layers": [{"op": "conv2d",
                              "out_channels": 1, "kernel_size": 3, "init": 7}]})",
                          "p.json"),
                      Catch::Contains("layer 1 (conv2d): \"init\" must be text, got 7"));
}

// ---- Special files (issue: "every file reader safe against hostile input") ----
// Each reader runs in a child process bounded in time and memory (hostile::run_bounded): before
// the fix a FIFO blocked forever and /dev/zero filled the memory.

namespace {

struct Reader {
    std::string name;
    std::function<void(const std::string&)> read;
};

std::vector<Reader> every_file_reader() {
    return {
        {"load_image", [](const std::string& p) { cs::load_image(p); }},
        {"image_info", [](const std::string& p) { cs::image_info(p); }},
        {"read_case_file", [](const std::string& p) { cs::read_case_file(p); }},
        {"read_pipeline_file", [](const std::string& p) { cs::pipeline::read_pipeline_file(p); }},
        {"read_weights_file", [](const std::string& p) { cs::read_weights_file(p); }},
        {"read_idx", [](const std::string& p) { cs::read_idx(p); }},
        {"read_lesson_file", [](const std::string& p) { cs::read_lesson_file(p); }},
    };
}

}  // namespace

TEST_CASE("hostile paths: every reader refuses a folder, a device and a FIFO, at once, by name") {
    hostile::Folder dir;
    const std::string fifo = hostile::fifo(dir, "pipe");
    const std::vector<std::pair<std::string, std::string>> paths = {
        {dir.path().string(), "is a folder, not a file"},
        {"/dev/zero", "is not a regular file (a device, a pipe or a socket)"},
        {"/dev/urandom", "is not a regular file (a device, a pipe or a socket)"},
        {fifo, "is not a regular file (a device, a pipe or a socket)"},
    };
    for (const Reader& reader : every_file_reader()) {
        for (const auto& [path, message] : paths) {
            INFO(reader.name << "(\"" << path << "\")");
            const hostile::Bounded r = hostile::run_bounded([&] { reader.read(path); }, 20);
            CHECK(r.finished);
            CHECK(r.threw);
            CHECK_THAT(r.message, Catch::Contains(message) && Catch::Contains(path));
        }
    }
}

TEST_CASE("hostile paths: the size limit comes before the content, an empty file says so") {
    hostile::Folder dir;
    // Sparse files: no disk space, and a reader that read them whole would need gigabytes.
    struct Row {
        std::string what;
        std::function<void()> read;
        std::string message;
    };
    const std::string png_head = "\x89PNG\r\n\x1a\n";
    const std::vector<Row> rows = {
        {"1.5 GiB image",
         [&] { cs::load_image(hostile::sparse_file(dir, "big.png", 3LL << 29, png_head)); },
         "is larger than 1 GiB"},
        {"1.5 GiB weights",
         [&] { cs::read_weights_file(hostile::sparse_file(dir, "big.csw", 3LL << 29)); },
         "is larger than 1 GiB"},
        {"100 MiB pipeline",
         [&] {
             cs::pipeline::read_pipeline_file(
                 hostile::sparse_file(dir, "big.json", 100 << 20, "{"));
         },
         "is larger than 64 MiB"},
        {"300 MiB case file",
         [&] { cs::read_case_file(hostile::sparse_file(dir, "big_case.json", 300 << 20, "{")); },
         "is larger than 256 MiB"},
        {"empty image", [&] { cs::load_image(hostile::sparse_file(dir, "empty.png", 0)); },
         "is empty (0 bytes)"},
        {"empty case", [&] { cs::read_case_file(hostile::sparse_file(dir, "empty.json", 0)); },
         "is empty (0 bytes)"},
    };
    for (const Row& row : rows) {
        INFO(row.what);
        const hostile::Bounded r = hostile::run_bounded(row.read, 20, 256 << 20);
        CHECK(r.finished);
        CHECK_THAT(r.message, Catch::Contains(row.message));
    }
}

TEST_CASE("file_read: a regular file is read whole, its start alone, a missing one by name") {
    hostile::Folder dir;
    const std::string path = dir.file("text.txt");
    std::ofstream(path) << "hello";
    CHECK(cs::read_regular_text(path, 100, "the text") == "hello");
    CHECK(cs::read_regular_file(path, 5, "the text") ==
          std::vector<uint8_t>{'h', 'e', 'l', 'l', 'o'});
    CHECK_THROWS_WITH(cs::read_regular_file(path, 4, "the text"),
                      Catch::Contains("the text \"" + path + "\" is larger than 4 bytes"));
    CHECK(cs::read_file_start(path, 2, "the text") == std::vector<uint8_t>{'h', 'e'});
    CHECK_THROWS_WITH(cs::read_regular_file(dir.file("missing"), 100, "the lesson"),
                      Catch::Contains("the lesson \"" + dir.file("missing") + "\" does not exist"));
}

// ---- JSON nesting ----

TEST_CASE("json depth: counted in one pass, strings and escapes skipped") {
    CHECK(cs::json_nesting_depth("1") == 0);
    CHECK(cs::json_nesting_depth("[]") == 1);
    CHECK(cs::json_nesting_depth(R"({"a": [1, {"b": []}]})") == 4);
    CHECK(cs::json_nesting_depth(R"(["[[[[", "\"[[[", "\\"])") == 1);
    CHECK(cs::json_nesting_depth(hostile::nested_json(100000)) == 100001);
    CHECK(cs::parse_json_limited(hostile::nested_json(63), "x").is_object());  // 64 levels
    CHECK_THROWS_WITH(cs::parse_json_limited(hostile::nested_json(64), "\"x.json\""),
                      Catch::Equals("\"x.json\" is nested 65 levels deep; ConvScope files are at "
                                    "most 64"));
    // Malformed JSON still raises nlohmann's parse error, which each reader words itself.
    CHECK_THROWS_AS(cs::parse_json_limited("[1, 2", "x"), nlohmann::json::parse_error);
}

TEST_CASE("json depth: files nested 100,000 levels deep are refused, not a stack overflow") {
    hostile::Folder dir;
    const std::string deep = hostile::nested_json_file(dir, "deep.json", 100000);
    const std::string weights = hostile::weights_with_nested_header(dir, 100000);
    const std::vector<std::pair<std::string, std::function<void()>>> readers = {
        {"case", [&] { cs::read_case_file(deep); }},
        {"pipeline", [&] { cs::pipeline::read_pipeline_file(deep); }},
        {"pipeline text", [&] { cs::pipeline::parse_pipeline(hostile::nested_json(100000), "p"); }},
        {"training lesson", [&] { cs::read_lesson_file(deep); }},
        {"weights header", [&] { cs::read_weights_file(weights); }},
    };
    for (const auto& [what, read] : readers) {
        INFO(what);
        const hostile::Bounded r = hostile::run_bounded(read, 20);
        CHECK(r.finished);  // before: killed by SIGSEGV
        CHECK_THAT(r.message, Catch::Contains("is nested 100001 levels deep; ConvScope files are "
                                              "at most 64"));
    }
}

// ---- Image sizes read the way the decoders read them ----

TEST_CASE("hostile images: sizes a header walker could misread are read as the decoder does") {
    hostile::Folder dir;
    struct Row {
        std::string what;
        std::string path;
        std::string message;
    };
    const std::vector<Row> rows = {
        // 656 bytes: RST0 taken for a segment with a length made the walker read a fake 16×16
        // frame in a comment; libjpeg decoded the real 30000×30000 one (2.7 GB).
        {"JPEG frame behind RST0", hostile::jpeg_hiding_frame(dir, "hidden.jpg", 30000, 30000),
         "is 30000×30000 pixels (900 megapixels)"},
        {"TIFF sizes as SLONG", hostile::tiff_claiming(dir, "slong.tiff", 20000, 20000, 9),
         "is 20000×20000 pixels"},
        {"TIFF sizes as SSHORT", hostile::tiff_claiming(dir, "sshort.tiff", 30000, 30000, 8),
         "is 30000×30000 pixels"},
        {"TIFF size as a negative SSHORT", hostile::tiff_claiming(dir, "neg.tiff", 40000, 16, 8),
         "cannot read the size of"},
        {"BigTIFF sizes as LONG8", hostile::bigtiff_claiming(dir, "big.tiff", 20000, 20000),
         "is 20000×20000 pixels"},
        {"TIFF second page", hostile::tiff_second_page_claiming(dir, "pages.tiff", 20000, 20000),
         "is 20000×20000 pixels"},
        {"100 MP float RGB TIFF: 2.4 GB to decode",
         hostile::float_rgb_tiff_claiming(dir, "float.tiff", 10000, 10000),
         "needs about 2.4 GB; ConvScope works within 2 GB"},
    };
    for (const Row& row : rows) {
        INFO(row.what);
        const hostile::Bounded r = hostile::run_bounded([&] { cs::load_image(row.path); }, 30);
        CHECK(r.finished);
        CHECK_THAT(r.message, Catch::Contains(row.message));
    }
}

TEST_CASE("hostile images: a PGM comment longer than 512 bytes is read") {
    hostile::Folder dir;
    const std::string path = hostile::pgm_with_comment(dir, 1000);
    const cs::ImageInfo info = cs::image_info(path);
    CHECK(info.width == 4);
    CHECK(info.height == 3);
    const cs::Tensor t = cs::load_image(path);
    REQUIRE(t.shape() == cs::Shape{1, 1, 3, 4});
    CHECK(t.data()[11] == Approx(220.0 / 255.0));
}

TEST_CASE("hostile images: JPEGs cut and given an end-of-image marker are truncated") {
    hostile::Folder dir;
    CHECK_THROWS_WITH(cs::load_image(hostile::jpeg_cut_with_eoi(dir)),
                      Catch::Contains("is truncated"));
    CHECK_THROWS_WITH(cs::load_image(hostile::progressive_jpeg_cut_after_first_scan(dir)),
                      Catch::Contains("is truncated"));
}

TEST_CASE("hostile video: an unwritable folder is named as such, not as a missing codec") {
    CHECK_THROWS_WITH(cs::VideoWriter("/nonexistent-folder/a.mp4", 16, 16, 10.0),
                      Catch::Contains("folder does not exist") && !Catch::Contains("codec"));
}
