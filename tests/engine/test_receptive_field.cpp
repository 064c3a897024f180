// Receptive fields: the formula, the window of one pixel, and a brute-force check of which
// input pixels really change an output pixel.
#include <catch2/catch.hpp>

#include <random>

#include "engine/pipeline/pipeline_forward.hpp"
#include "engine/pipeline/receptive_field.hpp"

using namespace cs;
using namespace cs::pipeline;

namespace {

LayerSpec conv(int64_t k, int64_t stride, int64_t pad, int64_t dilation, int64_t out = 2) {
    LayerSpec l = default_layer("conv2d", static_cast<uint64_t>(k * 100 + stride * 10 + pad));
    l.out_channels = out;
    l.kernel_size = {k, k};
    l.params = {{"stride", stride}, {"padding", pad}, {"dilation", dilation}};
    return l;
}

LayerSpec pool(const std::string& op, int64_t k, int64_t stride, int64_t pad = 0) {
    LayerSpec l = default_layer(op);
    l.params = {{"kernel_size", k}, {"stride", stride}};
    if (pad > 0) {
        l.params["padding"] = pad;
    }
    return l;
}

// The smallest window holding every input pixel whose change (0 → 1) changes output pixel
// (y, x) of `layer`, found by trying each one.
Window pixels_that_change(const Plan& plan, size_t layer, int64_t y, int64_t x) {
    const Shape& shape = plan.input_shape;
    const Tensor base(shape, 0.0f);
    const float before = forward_reference(plan, base)[layer](0, 0, y, x);
    Window seen{1 << 20, -1, 1 << 20, -1};
    for (int64_t iy = 0; iy < shape[2]; ++iy) {
        for (int64_t ix = 0; ix < shape[3]; ++ix) {
            Tensor probe = base;
            probe(0, 0, iy, ix) = 1.0f;
            if (forward_reference(plan, probe)[layer](0, 0, y, x) != before) {
                seen = Window{std::min(seen.y0, iy), std::max(seen.y1, iy), std::min(seen.x0, ix),
                              std::max(seen.x1, ix)};
            }
        }
    }
    return seen;
}

void check_same_window(const Window& got, const Window& want) {
    CHECK(got.y0 == want.y0);
    CHECK(got.y1 == want.y1);
    CHECK(got.x0 == want.x0);
    CHECK(got.x1 == want.x1);
}

}  // namespace

TEST_CASE("receptive field: two conv blocks follow r_out = r_in + (k − 1)·j_in, j_out = j_in·s") {
    PipelineSpec spec;
    spec.layers = {conv(3, 1, 1, 1), default_layer("relu"), pool("max_pool2d", 2, 2),
                   conv(3, 1, 1, 1), default_layer("relu"), pool("max_pool2d", 2, 2)};
    const Plan plan = plan_pipeline(spec, {1, 3, 64, 64});
    const std::vector<LayerField> f = receptive_fields(plan);
    const std::vector<double> sizes = {3, 3, 4, 8, 8, 10};
    const std::vector<double> jumps = {1, 1, 2, 2, 2, 4};
    for (size_t i = 0; i < f.size(); ++i) {
        CHECK(f[i].h.size == sizes[i]);
        CHECK(f[i].h.jump == jumps[i]);
        CHECK(f[i].w.size == sizes[i]);
    }
    CHECK(f[3].formula == "r = 4 + (3 − 1)·2 = 8, j = 2·1 = 2");
    // Pixel (5, 7) of the last map: rows 5·4 − 3 … 5·4 − 3 + 9 on the input.
    const PixelField p = pixel_field(plan, 5, 5, 7);
    REQUIRE(p.windows.size() == 7);
    CHECK(p.windows[0].y0 == 17);
    CHECK(p.windows[0].height() == 10);
    CHECK(p.windows[0].x0 == 25);
    CHECK(p.windows[6].y0 == 5);
    CHECK(p.windows[6].height() == 1);
    CHECK(p.windows[3].height() == 4);  // on the first pool's output: 2·(3 − 1) … = 4 rows
}

TEST_CASE("receptive field: the window of every pixel spans the formula's size") {
    std::mt19937 rng(3);
    std::uniform_int_distribution<int64_t> kernel(1, 5), stride(1, 3), dilation(1, 2), pad(0, 2);
    for (int trial = 0; trial < 40; ++trial) {
        PipelineSpec spec;
        const int depth = 2 + trial % 4;
        for (int d = 0; d < depth; ++d) {
            if (d % 2 == 0) {
                const int64_t k = kernel(rng);
                spec.layers.push_back(
                    conv(k, stride(rng), std::min(pad(rng), k / 2), dilation(rng)));
            } else {
                const int64_t k = 1 + kernel(rng) % 3;
                spec.layers.push_back(pool(trial % 3 == 0 ? "avg_pool2d" : "max_pool2d", k,
                                           stride(rng), std::min<int64_t>(pad(rng), k / 2)));
            }
        }
        const Plan plan = plan_pipeline(spec, {1, 1, 200, 180});
        if (!plan.ok()) {
            continue;  // the random layers shrank the map below a kernel
        }
        const std::vector<LayerField> fields = receptive_fields(plan);
        for (size_t layer = 0; layer < plan.layers.size(); ++layer) {
            const Shape& s = plan.layers[layer].output.shape;
            for (const auto& [y, x] :
                 {std::pair<int64_t, int64_t>{0, 0}, {s[2] / 2, s[3] / 3}, {s[2] - 1, s[3] - 1}}) {
                const PixelField p = pixel_field(plan, layer, y, x);
                INFO("trial " << trial << " layer " << layer);
                CHECK(static_cast<double>(p.windows[0].height()) == fields[layer].h.size);
                CHECK(static_cast<double>(p.windows[0].width()) == fields[layer].w.size);
                // The window's centre is start + y·jump.
                CHECK(
                    (p.windows[0].y0 + p.windows[0].y1 + 1) / 2.0 ==
                    Approx(fields[layer].h.start + static_cast<double>(y) * fields[layer].h.jump));
                CHECK(p.clipped[0].y0 >= 0);
                CHECK(p.clipped[0].y1 < 200);
            }
        }
    }
}

TEST_CASE("receptive field: exactly the input pixels that change the output pixel") {
    // avg pooling and positive weights: every pixel that is read changes the output.
    PipelineSpec spec;
    spec.layers = {conv(3, 2, 1, 1, 1), pool("avg_pool2d", 2, 2), conv(2, 1, 0, 2, 1)};
    for (LayerSpec& l : spec.layers) {
        if (l.op == "conv2d") {
            l.init = WeightInit::values;
            l.bias = false;
            l.weight = Tensor({1, 1, l.kernel_size.h, l.kernel_size.w}, 0.5f);
        }
    }
    const Shape shape{1, 1, 23, 21};
    const Plan plan = plan_pipeline(spec, shape);
    REQUIRE(plan.ok());
    const Shape& s = plan.layers[2].output.shape;
    for (const auto& [y, x] : {std::pair<int64_t, int64_t>{0, 0}, {1, 2}, {s[2] - 1, s[3] - 1}}) {
        const PixelField p = pixel_field(plan, 2, y, x);
        const Window seen = pixels_that_change(plan, 2, y, x);
        INFO("pixel " << y << ", " << x);
        check_same_window(seen, p.clipped[0]);
    }
}

TEST_CASE("receptive field: transposed convolution and upsampling read inside their window") {
    PipelineSpec spec;
    LayerSpec up = default_layer("conv_transpose2d");
    up.out_channels = 1;
    up.kernel_size = {3, 3};
    up.params = {{"stride", 2}, {"padding", 1}};
    spec.layers = {conv(3, 1, 1, 1, 1), up, default_layer("interpolate"), conv(3, 1, 1, 1, 1)};
    const Shape shape{1, 1, 9, 8};
    const Plan plan = plan_pipeline(spec, shape);
    REQUIRE(plan.ok());
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> pick(0.1f, 1.0f);
    Tensor base(shape);
    for (float& v : base.values()) {
        v = pick(rng);
    }
    const std::vector<Tensor> out0 = forward_reference(plan, base);
    const Shape& s = plan.layers[3].output.shape;
    for (const auto& [y, x] :
         {std::pair<int64_t, int64_t>{0, 0}, {s[2] / 2, s[3] / 2}, {s[2] - 1, 3}}) {
        const PixelField p = pixel_field(plan, 3, y, x);
        for (int64_t iy = 0; iy < shape[2]; ++iy) {
            for (int64_t ix = 0; ix < shape[3]; ++ix) {
                Tensor probe = base;
                probe(0, 0, iy, ix) += 10.0f;
                if (forward_reference(plan, probe)[3](0, 0, y, x) != out0[3](0, 0, y, x)) {
                    INFO("pixel " << y << ", " << x << " changed by input " << iy << ", " << ix);
                    CHECK(iy >= p.clipped[0].y0);
                    CHECK(iy <= p.clipped[0].y1);
                    CHECK(ix >= p.clipped[0].x0);
                    CHECK(ix <= p.clipped[0].x1);
                }
            }
        }
    }
}

TEST_CASE("receptive field: after flatten and linear a unit sees the whole input") {
    PipelineSpec spec;
    spec.layers = {conv(3, 1, 0, 1), default_layer("flatten"), default_layer("linear")};
    const Plan plan = plan_pipeline(spec, {1, 1, 10, 12});
    REQUIRE(plan.ok());
    const std::vector<LayerField> f = receptive_fields(plan);
    CHECK_FALSE(f[0].whole);
    CHECK(f[2].whole);
    const PixelField p = pixel_field(plan, 2, 0, 4);
    CHECK(p.windows[0].whole);
    CHECK(p.windows[0].height() == 10);
    CHECK(p.windows[0].width() == 12);
    CHECK_THROWS(pixel_field(plan, 2, 0, 10));
}

TEST_CASE("receptive field: adaptive pooling reads windows of two sizes, the formula the larger") {
    // Positive weights and averages: every pixel read changes the output.
    LayerSpec first = conv(3, 1, 1, 1, 1);
    first.init = WeightInit::values;
    first.bias = false;
    first.weight = Tensor({1, 1, 3, 3}, 0.5f);
    LayerSpec adaptive = default_layer("adaptive_avg_pool2d");
    adaptive.params = {{"output_size", {3, 4}}};
    PipelineSpec spec;
    spec.layers = {first, adaptive};
    const Shape shape{1, 1, 11, 13};
    const Plan plan = plan_pipeline(spec, shape);
    REQUIRE(plan.ok());
    const std::vector<LayerField> fields = receptive_fields(plan);
    REQUIRE_FALSE(fields[1].whole);
    // Rows: windows of 11/3 → 4 or 5 rows (the largest 5), so r = 3 + (5 − 1)·1 = 7.
    CHECK(fields[1].h.size == 7);
    CHECK(fields[1].formula.rfind("r = 3 + (5 − 1)·1 = 7, j = 1·11/3", 0) == 0);
    double widest = 0;
    for (int64_t y = 0; y < 3; ++y) {
        for (int64_t x = 0; x < 4; ++x) {
            const PixelField p = pixel_field(plan, 1, y, x);
            const Window seen = pixels_that_change(plan, 1, y, x);
            INFO("pixel " << y << ", " << x);
            check_same_window(seen, p.clipped[0]);
            widest = std::max(widest, static_cast<double>(p.windows[0].height()));
        }
    }
    CHECK(widest == fields[1].h.size);
}
