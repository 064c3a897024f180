#include <catch2/catch.hpp>

#include <string>

#include "engine/case_file.hpp"
#include "engine/error.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/conv2d.hpp"
#include "engine/ops/conv_kernel.hpp"
#include "engine/ops/conv_params_json.hpp"
#include "engine/parallel.hpp"
#include "golden.hpp"
#include "test_conv_helpers.hpp"

using namespace cs;
using cs::test::golden_cases;
using cs::test::op_call_from_case;
using cs::test::worst_excess;

namespace {

Tensor grid(Shape shape, std::vector<float> values) {
    return Tensor(std::move(shape), std::move(values));
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

// Output elements worth tracing: the corners, the centre and a few in between.
std::vector<Index4> sample_positions(const Shape& s) {
    std::vector<Index4> at;
    const int64_t total = s[0] * s[1] * s[2] * s[3];
    for (int64_t i : {int64_t{0}, total - 1, total / 2, total / 3, (2 * total) / 3, s[3] - 1}) {
        const int64_t k = std::clamp<int64_t>(i, 0, total - 1);
        at.push_back(
            {k / (s[1] * s[2] * s[3]), k / (s[2] * s[3]) % s[1], k / s[3] % s[2], k % s[3]});
    }
    return at;
}

}  // namespace

TEST_CASE("conv2d: every golden case matches PyTorch, errors included") {
    for (const auto& c : golden_cases("conv2d.json")) {
        INFO(c["name"].get<std::string>());
        const OpCall call = op_call_from_case(c);
        if (c.value("expected_error", false)) {
            CHECK_THROWS_AS(evaluate(call), Error);
            continue;
        }
        const Tensor want = cs::test::tensor_from_json(c["expected"]);
        CHECK(worst_excess(evaluate(call).output, want) <= 0.0);
        CHECK(worst_excess(conv2d_reference(call.input, call.weight, call.bias,
                                            conv2d_params_from_json(call.params)),
                           want) <= 0.0);
        CHECK(infer_shape(call).shape == want.shape());
    }
}

TEST_CASE("conv2d: a traced step's products plus bias give the forward output") {
    for (const auto& c : golden_cases("conv2d.json")) {
        if (c.value("expected_error", false)) {
            continue;
        }
        INFO(c["name"].get<std::string>());
        const OpCall call = op_call_from_case(c);
        const Tensor out = evaluate(call).output;
        const int64_t taps = call.weight.size(1) * call.weight.size(2) * call.weight.size(3);
        for (const Index4& at : sample_positions(out.shape())) {
            const Step step = trace_step(call, at);
            const float want = out(at[0], at[1], at[2], at[3]);
            CHECK(static_cast<int64_t>(step.taps.size()) == taps);
            double sum = 0.0, channels = 0.0;
            for (const Tap& tap : step.taps) {
                sum += *tap.product;
            }
            for (double s : step.channel_sums) {
                channels += s;
            }
            CHECK(cs::test::close_relative(sum, step.sum));
            CHECK(cs::test::close_relative(channels, step.sum));
            CHECK(cs::test::close_relative(step.sum + step.bias.value_or(0.0f), want, 1e-4));
            CHECK(cs::test::close_relative(step.output, want));
        }
    }
}

TEST_CASE("conv2d: integer data gives the trace output exactly the forward value") {
    // clang-format off
    const Tensor x = grid({1, 1, 4, 4}, { 1,  2,  3,  4,
                                          5,  6,  7,  8,
                                          9, 10, 11, 12,
                                         13, 14, 15, 16});
    const Tensor k = grid({1, 1, 3, 3}, { 1,  0, -1,
                                          2,  0, -2,
                                          1,  0, -1});
    // clang-format on
    const Conv2dParams p{.padding = {1, 1}};
    const Tensor out = conv2d_forward(x, k, Tensor(), p);
    for (int64_t y = 0; y < 4; ++y) {
        for (int64_t c = 0; c < 4; ++c) {
            CHECK(conv2d_trace(x, k, Tensor(), p, {0, 0, y, c}).output == out(0, 0, y, c));
        }
    }
}

TEST_CASE("conv2d: a vertical edge detector answers on both edges of a dark stripe") {
    // The lesson's example: ones with columns 2..5 set to zero, kernel [1, -1].
    // clang-format off
    const Tensor x = grid({1, 1, 6, 8}, {1, 1, 0, 0, 0, 0, 1, 1,
                                         1, 1, 0, 0, 0, 0, 1, 1,
                                         1, 1, 0, 0, 0, 0, 1, 1,
                                         1, 1, 0, 0, 0, 0, 1, 1,
                                         1, 1, 0, 0, 0, 0, 1, 1,
                                         1, 1, 0, 0, 0, 0, 1, 1});
    const Tensor want = grid({1, 1, 6, 7}, {0, 1, 0, 0, 0, -1, 0,
                                            0, 1, 0, 0, 0, -1, 0,
                                            0, 1, 0, 0, 0, -1, 0,
                                            0, 1, 0, 0, 0, -1, 0,
                                            0, 1, 0, 0, 0, -1, 0,
                                            0, 1, 0, 0, 0, -1, 0});
    // clang-format on
    const Tensor k = grid({1, 1, 1, 2}, {1, -1});
    CHECK(conv2d_forward(x, k, Tensor(), {}).values() == want.values());
}

TEST_CASE("conv2d: reflect padding mirrors without repeating the edge") {
    // clang-format off
    const Tensor x = grid({1, 1, 2, 3}, {1, 2, 3,
                                         4, 5, 6});
    const Tensor want = grid({1, 1, 4, 7}, {6, 5, 4, 5, 6, 5, 4,
                                            3, 2, 1, 2, 3, 2, 1,
                                            6, 5, 4, 5, 6, 5, 4,
                                            3, 2, 1, 2, 3, 2, 1});
    // clang-format on
    CHECK(pad2d(x, {1, 1, 2, 2}, PaddingMode::reflect).values() == want.values());
}

TEST_CASE("conv2d: replicate padding repeats the edge, circular padding wraps around") {
    // clang-format off
    const Tensor x = grid({1, 1, 2, 3}, {1, 2, 3,
                                         4, 5, 6});
    const Tensor replicate = grid({1, 1, 4, 5}, {1, 1, 2, 3, 3,
                                                 1, 1, 2, 3, 3,
                                                 4, 4, 5, 6, 6,
                                                 4, 4, 5, 6, 6});
    const Tensor circular = grid({1, 1, 4, 5}, {6, 4, 5, 6, 4,
                                                3, 1, 2, 3, 1,
                                                6, 4, 5, 6, 4,
                                                3, 1, 2, 3, 1});
    // clang-format on
    CHECK(pad2d(x, {1, 1, 1, 1}, PaddingMode::replicate).values() == replicate.values());
    CHECK(pad2d(x, {1, 1, 1, 1}, PaddingMode::circular).values() == circular.values());
}

TEST_CASE("conv2d: a reflect-padded trace names the element each border cell copies") {
    const Tensor x = grid({1, 1, 2, 3}, {1, 2, 3, 4, 5, 6});
    const Tensor k(Shape{1, 1, 3, 3}, 1.0f);
    const Conv2dParams p{.padding = {1, 1}, .padding_mode = PaddingMode::reflect};
    const Step step = conv2d_trace(x, k, Tensor(), p, {0, 0, 0, 0});
    // Kernel cell (0, 0) reads padded cell (-1, -1), a copy of input (1, 1) = 5.
    REQUIRE(step.taps[0].input.has_value());
    CHECK(*step.taps[0].input == Index4{0, 0, 1, 1});
    CHECK(step.taps[0].kind == TapKind::padding);
    CHECK(step.taps[0].value == 5.0f);
    CHECK(step.taps[4].kind == TapKind::input);  // the centre is the element itself
}

TEST_CASE("conv2d: flip applies the kernel rotated by 180 degrees") {
    // clang-format off
    const Tensor x = grid({1, 1, 3, 3}, {1, 2, 3,
                                         4, 5, 6,
                                         7, 8, 9});
    const Tensor k = grid({1, 1, 2, 2}, {1, 2,
                                         3, 4});
    const Tensor rotated = grid({1, 1, 2, 2}, {4, 3,
                                               2, 1});
    // clang-format on
    const Tensor flipped = conv2d_forward(x, k, Tensor(), {.flip = true});
    CHECK(flipped.values() == conv2d_forward(x, rotated, Tensor(), {}).values());
    CHECK(flipped.values() == std::vector<float>{23, 33, 53, 63});
    // The trace reports the applied kernel position and the stored weight found there.
    const Step step = conv2d_trace(x, k, Tensor(), {.flip = true}, {0, 0, 0, 0});
    CHECK(step.taps[0].kernel == std::array<int64_t, 3>{0, 0, 0});
    CHECK(*step.taps[0].weight == 4.0f);
}

TEST_CASE("conv2d: output_shape writes out the formula with the numbers") {
    const ShapeInfo info = conv2d_output_shape({1, 1, 28, 28}, {6, 1, 5, 5}, {.padding = {2, 2}});
    CHECK(info.shape == Shape{1, 6, 28, 28});
    REQUIRE(info.formulas.size() == 2);
    CHECK(info.formulas[0] == "⌊(28 + 2·2 − 1·(5 − 1) − 1) / 1⌋ + 1 = 28");
    const ShapeInfo strided =
        conv2d_output_shape({1, 1, 7, 9}, {1, 1, 3, 3}, {.stride = {2, 3}, .dilation = {1, 2}});
    CHECK(strided.formulas[0] == "⌊(7 + 2·0 − 1·(3 − 1) − 1) / 2⌋ + 1 = 3");
    CHECK(strided.formulas[1] == "⌊(9 + 2·0 − 2·(3 − 1) − 1) / 3⌋ + 1 = 2");
}

TEST_CASE("conv2d: same padding puts the extra row and column at the bottom and right") {
    const Conv2dParams same{.same_padding = true};
    CHECK(conv2d_padding(same, {1, 1, 3, 3}) == Padding2d{1, 1, 1, 1});
    CHECK(conv2d_padding(same, {1, 1, 2, 4}) == Padding2d{0, 1, 1, 2});
    const Conv2dParams dilated{.same_padding = true, .dilation = {1, 2}};
    CHECK(conv2d_padding(dilated, {1, 1, 2, 4}) == Padding2d{0, 1, 3, 3});
    const ShapeInfo info = conv2d_output_shape({1, 1, 4, 5}, {1, 1, 2, 2}, same);
    CHECK(info.shape == Shape{1, 1, 4, 5});
    CHECK(info.formulas[0] == "⌊(4 + 0 + 1 − 1·(2 − 1) − 1) / 1⌋ + 1 = 4");
}

TEST_CASE("conv2d: a broken rule carries its message id and values besides the English text") {
    try {
        conv2d_output_shape({1, 1, 5, 5}, {1, 1, 3, 3}, {.stride = {0, 2}});
        FAIL("stride 0 was accepted");
    } catch (const Error& e) {
        CHECK(e.id() == "param.at_least_1_both");
        REQUIRE(e.args().size() == 3);
        CHECK(e.args()[0].name == "op");
        CHECK(e.args()[0].value == "conv2d");
        CHECK(e.args()[1].value == "stride");
        CHECK(e.args()[2].name == "got");
        CHECK(e.args()[2].value == "(0, 2)");
        CHECK(std::string(e.what()) ==
              "conv2d: stride must be at least 1 in both directions, got (0, 2)");
    }
    try {
        conv2d_output_shape({1, 1, 2, 2}, {1, 1, 3, 3}, {});
        FAIL("a 3x3 kernel on a 2x2 input was accepted");
    } catch (const Error& e) {
        CHECK(e.id() == "conv2d.kernel_larger_than_input");
    }
}

TEST_CASE("conv2d: error messages name the parameter and the rule") {
    const Tensor x(Shape{1, 2, 5, 5}), w(Shape{3, 2, 3, 3});
    const auto run = [&](const Tensor& in, const Tensor& weight, const Tensor& bias,
                         Conv2dParams p) {
        return error_of([&] { conv2d_forward(in, weight, bias, p); });
    };
    CHECK_THAT(run(x, w, {}, {.stride = {0, 0}}), Catch::Contains("stride must be at least 1"));
    CHECK_THAT(run(x, w, {}, {.dilation = {0, 1}}), Catch::Contains("dilation"));
    CHECK_THAT(run(x, w, {}, {.padding = {-1, -1}}), Catch::Contains("padding cannot be negative"));
    CHECK_THAT(run(x, Tensor(Shape{3, 2, 7, 7}), {}, {}),
               Catch::Contains("kernel") && Catch::Contains("larger than the padded input"));
    CHECK_THAT(run(Tensor(Shape{1, 3, 5, 5}), Tensor(Shape{2, 1, 3, 3}), {}, {.groups = 2}),
               Catch::Contains("groups=2 does not divide the 3 input channels"));
    CHECK_THAT(run(Tensor(Shape{1, 4, 5, 5}), w, {}, {.groups = 2}),
               Catch::Contains("groups=2 must divide the number of output channels"));
    CHECK_THAT(run(Tensor(Shape{1, 3, 5, 5}), w, {}, {}),
               Catch::Contains("the input has 3 channels") && Catch::Contains("[3, 2, 3, 3]"));
    CHECK_THAT(run(x, w, Tensor(Shape{2}), {}),
               Catch::Contains("bias must hold one value per output channel (3)"));
    CHECK_THAT(run(x, w, {}, {.stride = {1, 2}, .same_padding = true}),
               Catch::Contains("padding=\"same\" needs stride 1"));
    CHECK_THAT(run(Tensor(Shape{1, 2, 3, 3}), w, {},
                   {.padding = {3, 3}, .padding_mode = PaddingMode::reflect}),
               Catch::Contains("reflect") && Catch::Contains("smaller than the input size"));
    CHECK_THAT(run(Tensor(Shape{2, 5, 5}), w, {}, {}), Catch::Contains("4 dimensions"));
}

TEST_CASE("conv2d: every kernel version equals the reference on random shapes") {
    cs::test::for_each_kernel_version([] {
        std::mt19937 rng(1234);
        using cs::test::uniform;
        for (int iteration = 0; iteration < 300; ++iteration) {
            const int64_t groups = uniform(rng, 1, 3);
            const int64_t cg = uniform(rng, 1, 3), ocg = uniform(rng, 1, 6);
            const int64_t kh = uniform(rng, 1, 4), kw = uniform(rng, 1, 4);
            Conv2dParams p;
            p.groups = groups;
            p.stride = {uniform(rng, 1, 3), uniform(rng, 1, 3)};
            p.dilation = {uniform(rng, 1, 2), uniform(rng, 1, 2)};
            p.padding_mode = static_cast<PaddingMode>(uniform(rng, 0, 3));
            p.flip = uniform(rng, 0, 1) == 1;
            p.same_padding = p.stride == Pair{1, 1} && uniform(rng, 0, 3) == 0;
            p.padding = {uniform(rng, 0, 2), uniform(rng, 0, 2)};
            const int64_t h = uniform(rng, 4, 12), w = uniform(rng, 4, 45);
            const Shape in{uniform(rng, 1, 2), groups * cg, h, w};
            const Shape ws{groups * ocg, cg, kh, kw};
            try {
                conv2d_output_shape(in, ws, p);
            } catch (const Error&) {
                continue;  // e.g. a kernel larger than this input
            }
            const bool exact = iteration % 3 != 0;
            const Tensor x =
                exact ? cs::test::quantized_tensor(in, rng) : cs::test::normal_tensor(in, rng);
            const Tensor k =
                exact ? cs::test::quantized_tensor(ws, rng) : cs::test::normal_tensor(ws, rng);
            const Tensor b =
                uniform(rng, 0, 1) ? cs::test::quantized_tensor({ws[0]}, rng) : Tensor();
            const Tensor fast = conv2d_forward(x, k, b, p);
            const Tensor ref = conv2d_reference(x, k, b, p);
            INFO("iteration " << iteration << " in " << shape_string(in) << " weight "
                              << shape_string(ws));
            if (exact) {
                CHECK(cs::test::bit_identical(fast, ref));
            } else {
                CHECK(worst_excess(fast, ref, 1e-5, 1e-5) <= 0.0);
            }
        }
    });
}

TEST_CASE("conv2d: bands read straight from the input equal the reference, edges included") {
    // Tall enough for several bands: the middle ones read their interior columns from the
    // input itself, the first and last (and every non-zero padding mode) go through the copy.
    // Narrow rows end inside one vector: the last band's last read is the input's last float.
    cs::test::for_each_kernel_version([] {
        std::mt19937 rng(99);
        struct Case {
            Shape weight;
            Conv2dParams params;
        };
        const std::vector<Case> cases = {
            {{3, 2, 3, 3}, {.padding = {1, 1}}},
            {{2, 2, 5, 5}, {.padding = {2, 3}}},
            {{4, 1, 3, 3}, {.stride = {2, 1}, .padding = {1, 1}, .groups = 2}},
            {{1, 2, 3, 3}, {.padding = {1, 2}, .dilation = {2, 2}}},
            {{2, 2, 1, 4}, {.padding = {0, 0}}},
            {{2, 2, 3, 3}, {.same_padding = true}},
            {{2, 2, 3, 3}, {.padding = {1, 1}, .padding_mode = PaddingMode::reflect}},
        };
        for (const int64_t width : {int64_t{6}, int64_t{37}, int64_t{700}}) {
            const Tensor x = cs::test::quantized_tensor({2, 2, 160, width}, rng);
            for (const Case& c : cases) {
                const Tensor k = cs::test::quantized_tensor(c.weight, rng);
                const Tensor b = cs::test::quantized_tensor({c.weight[0]}, rng);
                INFO("width " << width << " weight " << shape_string(c.weight));
                CHECK(cs::test::bit_identical(conv2d_forward(x, k, b, c.params),
                                              conv2d_reference(x, k, b, c.params)));
            }
        }
    });
}

TEST_CASE("conv2d: the AVX-512, AVX2 and portable kernels agree with the reference") {
    std::mt19937 rng(11);
    const Tensor xq = cs::test::quantized_tensor({2, 6, 13, 77}, rng);
    const Tensor kq = cs::test::quantized_tensor({10, 3, 3, 3}, rng);
    const Tensor xn = cs::test::normal_tensor({2, 6, 13, 77}, rng);
    const Tensor kn = cs::test::normal_tensor({10, 3, 3, 3}, rng);
    const Conv2dParams p{.padding = {1, 2}, .groups = 2};
    const Tensor fma_result = conv2d_forward(xn, kn, Tensor(), p);  // the best FMA version
    for (const char* isa : {"avx512+fma", "avx2+fma", "portable"}) {
        if (!conv_kernel::use_instruction_set(isa)) {
            continue;  // not on this processor
        }
        INFO(isa);
        CHECK(cs::test::bit_identical(conv2d_forward(xq, kq, Tensor(), p),
                                      conv2d_reference(xq, kq, Tensor(), p)));
        const Tensor normal = conv2d_forward(xn, kn, Tensor(), p);
        CHECK(worst_excess(normal, conv2d_reference(xn, kn, Tensor(), p), 1e-5, 1e-5) <= 0.0);
        if (std::string(isa) != "portable") {  // one FMA per tap in the same order: same bits
            CHECK(cs::test::bit_identical(normal, fma_result));
        }
    }
    conv_kernel::use_instruction_set("");
}

TEST_CASE("conv2d: the result does not depend on the thread count") {
    std::mt19937 rng(7);
    const Tensor x = cs::test::normal_tensor({2, 3, 67, 201}, rng);
    const Tensor k = cs::test::normal_tensor({16, 3, 3, 3}, rng);
    const Tensor b = cs::test::normal_tensor({16}, rng);
    for (const Conv2dParams& p :
         {Conv2dParams{.padding = {1, 1}}, Conv2dParams{.stride = {2, 2},
                                           .padding = {2, 1},
                                           .dilation = {2, 1},
                                           .padding_mode = PaddingMode::reflect}}) {
        set_thread_count(1);
        const Tensor one = conv2d_forward(x, k, b, p);
        set_thread_count(2);
        const Tensor two = conv2d_forward(x, k, b, p);
        CHECK(cs::test::bit_identical(one, two));
        Tensor reused(one.shape(), -1.0f);  // forward_into overwrites every element
        conv2d_forward_into(x, k, b, p, reused);
        CHECK(cs::test::bit_identical(one, reused));
    }
    set_thread_count(0);
}

TEST_CASE("conv2d: a 12-megapixel RGB image runs in bands without an im2col copy", "[.][memory]") {
    // Run by hand (`convscope_engine_tests "[memory]"`); watch the peak memory: about the input
    // and the output (4000×3000×(3 + 3) floats = 288 MB), no 27-times im2col matrix.
    Tensor x(Shape{1, 3, 3000, 4000}, 0.5f);
    Tensor k(Shape{3, 3, 3, 3}, 1.0f / 27.0f);
    const Tensor out = conv2d_forward(x, k, Tensor(), {.padding = {1, 1}});
    CHECK(out(0, 2, 1500, 2000) == Approx(0.5f));
}

TEST_CASE("conv2d: a stride or padding of a million is refused instead of a gigabyte buffer") {
    // The output is tiny (2×1 and 3×3), but the padded rows a band reads grow with the stride
    // and the padding: these once asked for 270 GB and 160 GB.
    OpCall call;
    call.op = "conv2d";
    call.input = Tensor({1, 1, 2, 2}, {1, 2, 3, 4});
    call.weight = Tensor({1, 1, 1, 1}, 1.0f);
    call.params = {{"stride", {1, 1000000000}}};
    CHECK(infer_shape(call).shape == Shape{1, 1, 2, 1});
    CHECK_THROWS_WITH(evaluate(call), Catch::Contains("stride") && Catch::Contains("million"));
    call.params = {{"stride", 100000}, {"padding", 100000}, {"padding_mode", "replicate"}};
    CHECK(infer_shape(call).shape == Shape{1, 1, 3, 3});
    CHECK_THROWS_WITH(evaluate(call), Catch::Contains("padding") && Catch::Contains("million"));
    CHECK_THROWS_WITH(
        conv2d_reference(call.input, call.weight, {}, conv2d_params_from_json(call.params)),
        Catch::Contains("padded input"));
}
