#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

#include "engine/ops/conv2d.hpp"
#include "engine/parallel.hpp"
#include "engine/train/conv2d_gemm.hpp"
#include "engine/train/conv2d_winograd.hpp"
#include "engine/train/gemm.hpp"
#include "test_conv_helpers.hpp"

using namespace cs;

namespace {

// Largest |a − b| as a fraction of the largest |b|.
double relative_gap(const Tensor& a, const Tensor& b) {
    REQUIRE(a.shape() == b.shape());
    double gap = 0.0, scale = 0.0;
    for (int64_t i = 0; i < a.numel(); ++i) {
        gap = std::max(gap, double(std::abs(a.data()[i] - b.data()[i])));
        scale = std::max(scale, double(std::abs(b.data()[i])));
    }
    return gap / scale;
}

struct WinogradCase {
    Shape input;
    int64_t out_channels = 0;
    Pair padding;
};

// Every way the layer can be computed: 2×2 or 4×4 tiles, products either way round.
const std::vector<WinogradPlan> kPlans = {{2, false}, {2, true}, {4, false}, {4, true}};

// `plan`: the op's own choice when left out.
Tensor winograd(const Tensor& in, const Tensor& w, const Tensor& b, Pair padding,
                WinogradPlan plan = {}) {
    const ConvGemmGeometry g =
        conv_gemm_geometry(in.shape(), w.shape(), {.stride = {1, 1}, .padding = padding});
    REQUIRE(conv2d_winograd_applies(g));
    Tensor out = Tensor::uninitialized({g.n, g.oc, g.oh, g.ow});
    conv2d_forward_winograd(in, w, b, g, out, plan);
    return out;
}

// The (cols, rows) matrix holding m's transpose.
Tensor transpose_matrix(const Tensor& m) {
    Tensor t({m.size(1), m.size(0)});
    for (int64_t i = 0; i < m.size(0); ++i) {
        for (int64_t j = 0; j < m.size(1); ++j) {
            t.data()[j * m.size(0) + i] = m.data()[i * m.size(1) + j];
        }
    }
    return t;
}

}  // namespace

TEST_CASE("winograd: 3×3 convolutions equal the direct sum on every kernel version") {
    // Odd sizes leave half tiles at the right and bottom; paddings 0 to 2; 16 to 70 channels;
    // a batch of 3 and a 40×37 map run whole chunks per thread, single maps share a chunk.
    const std::vector<WinogradCase> cases = {
        {{1, 16, 7, 7}, 16, {1, 1}},   {{2, 17, 10, 13}, 19, {0, 0}}, {{1, 24, 5, 9}, 33, {2, 1}},
        {{3, 32, 12, 11}, 40, {1, 1}}, {{1, 70, 40, 37}, 64, {1, 1}}, {{1, 16, 1, 1}, 16, {1, 1}},
    };
    std::mt19937 rng(5);
    for (const WinogradCase& c : cases) {
        const Tensor in = cs::test::normal_tensor(c.input, rng);
        const Tensor w = cs::test::normal_tensor({c.out_channels, c.input[1], 3, 3}, rng);
        const Tensor b = cs::test::normal_tensor({c.out_channels}, rng);
        const Conv2dParams p{.padding = c.padding};
        const Tensor want = conv2d_reference(in, w, b, p);
        const Tensor want_unbiased = conv2d_reference(in, w, Tensor(), p);
        cs::test::for_each_kernel_version([&] {
            for (const WinogradPlan& plan : kPlans) {
                INFO("input " << shape_string(c.input) << " out " << c.out_channels << " padding "
                              << c.padding.h << "," << c.padding.w << " tiles " << plan.tile
                              << (plan.transposed ? " transposed" : ""));
                CHECK(relative_gap(winograd(in, w, b, c.padding, plan), want) < 1e-5);
                CHECK(relative_gap(winograd(in, w, Tensor(), c.padding, plan), want_unbiased) <
                      1e-5);
            }
            CHECK(relative_gap(conv2d_forward(in, w, b, p), want) < 1e-5);  // the op takes it
        });
    }
}

TEST_CASE("winograd: the same bits for any thread count and for a map alone or in a batch") {
    std::mt19937 rng(6);
    const Tensor one = cs::test::normal_tensor({1, 32, 21, 30}, rng);
    Tensor four({4, 32, 21, 30});
    for (int64_t n = 0; n < 4; ++n) {
        std::copy(one.data(), one.data() + one.numel(), four.data() + n * one.numel());
    }
    const Tensor w = cs::test::normal_tensor({48, 32, 3, 3}, rng);
    const Tensor b = cs::test::normal_tensor({48}, rng);
    for (const WinogradPlan& plan : kPlans) {
        set_thread_count(1);
        const Tensor serial = winograd(one, w, b, {1, 1}, plan);
        set_thread_count(2);
        const Tensor parallel = winograd(one, w, b, {1, 1}, plan);
        const Tensor batch = winograd(four, w, b, {1, 1}, plan);  // chunks per thread
        set_thread_count(0);
        CHECK(cs::test::bit_identical(serial, parallel));
        for (int64_t n = 0; n < 4; ++n) {
            const std::vector<float> image(batch.data() + n * serial.numel(),
                                           batch.data() + (n + 1) * serial.numel());
            CHECK(serial.values() == image);
        }
    }
}

TEST_CASE("winograd: a network's shared weights are transformed once and forgotten with them") {
    std::mt19937 rng(7);
    const Tensor in = cs::test::normal_tensor({1, 16, 9, 9}, rng);
    const Tensor b = cs::test::normal_tensor({24}, rng);
    const int64_t before = winograd_weight_cache_bytes();
    {
        Tensor w = cs::test::normal_tensor({24, 16, 3, 3}, rng);
        const Tensor unshared = winograd(in, w, b, {1, 1});
        CHECK(winograd_weight_cache_bytes() == before);  // training's weights are not kept
        w.share();
        const Tensor first = winograd(in, w, b, {1, 1});
        CHECK(winograd_weight_cache_bytes() > before);
        CHECK(cs::test::bit_identical(first, unshared));
        CHECK(cs::test::bit_identical(winograd(in, w, b, {1, 1}), first));
        // A write gives the tensor values of its own: the old transform must not be used.
        w.data()[0] += 1.0f;
        w.share();
        const Conv2dParams p{.padding = {1, 1}};
        CHECK(relative_gap(winograd(in, w, b, {1, 1}), conv2d_reference(in, w, b, p)) < 1e-5);
    }
    CHECK(winograd_weight_cache_bytes() == before);
}

TEST_CASE("winograd: each layer of a ResNet gets the plan with the least padded work") {
    const auto plan_for = [](Shape input, int64_t out_channels) {
        return winograd_plan(conv_gemm_geometry(input, {out_channels, input[1], 3, 3},
                                                {.stride = {1, 1}, .padding = {1, 1}}));
    };
    const WinogradPlan stage1 = plan_for({1, 64, 56, 56}, 64);
    CHECK(stage1.tile == 4);
    CHECK_FALSE(stage1.transposed);  // 64 channels would fill 48-wide panels badly
    // 7×7: 4×4 tiles would compute 64 cells for 49, and 16 tiles of 2×2 are two 8-row panels.
    const WinogradPlan stage4 = plan_for({1, 512, 7, 7}, 512);
    CHECK(stage4.tile == 2);
    CHECK(stage4.transposed);
    CHECK(plan_for({1, 8, 56, 56}, 64).tile == 0);  // too few channels: the direct kernel
}

TEST_CASE("gemm: an A packed once by gemm_pack_a gives gemm's bits and gemm_pack_b packs B") {
    std::mt19937 rng(8);
    cs::test::for_each_kernel_version([&] {
        for (const GemmShape s :
             {GemmShape{13, 29, 7}, GemmShape{64, 50, 400}, GemmShape{7, 3, 1}}) {
            INFO("m " << s.m << " n " << s.n << " k " << s.k);
            const Tensor a = cs::test::normal_tensor({s.m, s.k}, rng);
            const Tensor b = cs::test::normal_tensor({s.k, s.n}, rng);
            const int64_t r = gemm_panel_rows(), w = gemm_panel_width();
            std::vector<float> packed_a(static_cast<size_t>((s.m + r - 1) / r * r * s.k));
            gemm_pack_a({a.data(), s.k, false}, s.m, s.k, packed_a.data());
            std::vector<float> packed_b(static_cast<size_t>((s.n + w - 1) / w * s.k * w), 0.0f);
            for (int64_t p = 0; p < s.k; ++p) {
                for (int64_t j = 0; j < s.n; ++j) {
                    packed_b[static_cast<size_t>((j / w) * s.k * w + p * w + j % w)] =
                        b.data()[p * s.n + j];
                }
            }
            std::vector<float> want(static_cast<size_t>(s.m * s.n));
            gemm(s, 1.0f, {a.data(), s.k, false}, {b.data(), s.n, false}, 0.0f, want.data(), s.n);
            std::vector<float> got(want.size());
            gemm_packed_ab(s, 1.0f, packed_a.data(), packed_b.data(), 0.0f, got.data(), s.n);
            CHECK(got == want);
            // gemm_pack_b writes the layout above, from B or from a stored Bᵀ.
            std::vector<float> by_pack_b(packed_b.size(), -1.0f);
            gemm_pack_b({b.data(), s.n, false}, s.k, s.n, by_pack_b.data());
            CHECK(by_pack_b == packed_b);
            const Tensor bt = transpose_matrix(b);
            std::fill(by_pack_b.begin(), by_pack_b.end(), -1.0f);
            gemm_pack_b({bt.data(), s.k, true}, s.k, s.n, by_pack_b.data());
            CHECK(by_pack_b == packed_b);
        }
    });
}
