// Bad input everywhere (issue 11), at the engine's reader boundaries: every hostile file either
// loads into something sensible or is refused with a cs::Error a student can act on — never a
// crash, a hang or an allocation beyond the stated limits.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "engine/case_file.hpp"
#include "engine/error.hpp"
#include "engine/image_io.hpp"
#include "engine/op_call.hpp"
#include "engine/pipeline/pipeline.hpp"
#include "engine/pipeline/pipeline_spec.hpp"
#include "engine/tensor.hpp"
#include "engine/train/weights_file.hpp"
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
