#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/ops/conv2d.hpp"
#include "engine/ops/linear.hpp"
#include "engine/train/conv2d_gemm.hpp"
#include "engine/train/gemm.hpp"
#include "engine/train/linear_gemm.hpp"
#include "engine/train/random.hpp"
#include "test_conv_helpers.hpp"

using namespace cs;

namespace {

std::vector<float> random_values(int64_t n, Pcg32& rng) {
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v) {
        x = rng.uniform(-1.0f, 1.0f);
    }
    return v;
}

Tensor random_tensor(Shape shape, Pcg32& rng) {
    const int64_t n = shape_numel(shape);
    return Tensor(std::move(shape), random_values(n, rng));
}

double max_difference(const Tensor& a, const Tensor& b) {
    REQUIRE(a.shape() == b.shape());
    double worst = 0.0;
    for (int64_t i = 0; i < a.numel(); ++i) {
        worst = std::max(worst, double(std::abs(a.data()[i] - b.data()[i])));
    }
    return worst;
}

}  // namespace

TEST_CASE("gemm: the packed kernel agrees with the triple loop on random shapes") {
    Pcg32 rng(11);
    for (int trial = 0; trial < 60; ++trial) {
        const GemmShape s{1 + rng.below(40), 1 + rng.below(70), 1 + rng.below(300)};
        const bool ta = rng.below(2) == 1;
        const bool tb = rng.below(2) == 1;
        const float alpha = trial % 3 == 0 ? 0.5f : 1.0f;
        const float beta = trial % 4 == 0 ? 0.0f : 0.75f;
        INFO("m " << s.m << " n " << s.n << " k " << s.k << " ta " << ta << " tb " << tb);
        const auto a = random_values(s.m * s.k, rng);
        const auto b = random_values(s.k * s.n, rng);
        auto c_fast = random_values(s.m * s.n, rng);
        auto c_ref = c_fast;
        const GemmOperand oa{a.data(), ta ? s.m : s.k, ta};
        const GemmOperand ob{b.data(), tb ? s.k : s.n, tb};
        gemm(s, alpha, oa, ob, beta, c_fast.data(), s.n);
        gemm_reference(s, alpha, oa, ob, beta, c_ref.data(), s.n);
        double worst = 0.0;
        for (size_t i = 0; i < c_ref.size(); ++i) {
            worst = std::max(worst, double(std::abs(c_fast[i] - c_ref[i])));
        }
        CHECK(worst < 1e-4);
    }
}

namespace {

// One random product per trial; shapes cross every tile edge of every version (AVX-512 8×48,
// AVX2 6×16, portable 6×8) and the K block (384).
struct GemmTrial {
    GemmShape shape;
    bool ta = false, tb = false;
    float alpha = 1.0f, beta = 0.0f;
    std::vector<float> a, b, c;
};

std::vector<GemmTrial> gemm_trials(int count, uint64_t seed) {
    Pcg32 rng(seed);
    std::vector<GemmTrial> trials;
    for (int trial = 0; trial < count; ++trial) {
        GemmTrial t;
        t.shape = {1 + rng.below(70), 1 + rng.below(150), 1 + rng.below(600)};
        t.ta = rng.below(2) == 1;
        t.tb = rng.below(2) == 1;
        t.alpha = trial % 3 == 0 ? 0.5f : 1.0f;
        t.beta = trial % 4 == 0 ? 0.0f : 0.75f;
        t.a = random_values(t.shape.m * t.shape.k, rng);
        t.b = random_values(t.shape.k * t.shape.n, rng);
        t.c = random_values(t.shape.m * t.shape.n, rng);
        trials.push_back(std::move(t));
    }
    return trials;
}

std::vector<float> run_gemm(const GemmTrial& t, bool reference) {
    std::vector<float> c = t.c;
    const GemmOperand oa{t.a.data(), t.ta ? t.shape.m : t.shape.k, t.ta};
    const GemmOperand ob{t.b.data(), t.tb ? t.shape.k : t.shape.n, t.tb};
    (reference ? gemm_reference : gemm)(t.shape, t.alpha, oa, ob, t.beta, c.data(), t.shape.n);
    return c;
}

}  // namespace

TEST_CASE("gemm: the AVX-512, AVX2 and portable kernels agree with the triple loop") {
    const std::vector<GemmTrial> trials = gemm_trials(40, 23);
    std::vector<std::vector<float>> fma_results;  // of the first FMA version that ran
    const int versions = cs::test::for_each_kernel_version([&] {
        const bool fma = std::string(conv_kernel::instruction_set()) != "portable";
        for (size_t k = 0; k < trials.size(); ++k) {
            const GemmTrial& t = trials[k];
            INFO("m " << t.shape.m << " n " << t.shape.n << " k " << t.shape.k << " ta " << t.ta
                      << " tb " << t.tb);
            const std::vector<float> fast = run_gemm(t, false);
            const std::vector<float> ref = run_gemm(t, true);
            double worst = 0.0;
            for (size_t i = 0; i < ref.size(); ++i) {
                worst = std::max(worst, double(std::abs(fast[i] - ref[i])));
            }
            CHECK(worst < 1e-4);
            // One FMA per k in the same K blocks: every FMA version gives the same bits.
            if (fma && fma_results.size() < trials.size()) {
                fma_results.push_back(fast);
            } else if (fma) {
                CHECK(fast == fma_results[k]);
            }
        }
    });
    CHECK(versions >= 1);
}

TEST_CASE("gemm: a B packed by the caller in the documented layout gives gemm's bits") {
    const std::vector<GemmTrial> trials = gemm_trials(12, 31);
    cs::test::for_each_kernel_version([&] {
        const int64_t w = gemm_panel_width();
        for (const GemmTrial& t : trials) {
            const GemmShape& s = t.shape;
            INFO("m " << s.m << " n " << s.n << " k " << s.k << " panel " << w);
            // Element (p, j) of B at (j / w)·K·w + p·w + j % w, zeros past column N.
            std::vector<float> packed(static_cast<size_t>((s.n + w - 1) / w * s.k * w), 0.0f);
            for (int64_t p = 0; p < s.k; ++p) {
                for (int64_t j = 0; j < s.n; ++j) {
                    const float value = t.tb ? t.b[static_cast<size_t>(j * s.k + p)]
                                             : t.b[static_cast<size_t>(p * s.n + j)];
                    packed[static_cast<size_t>((j / w) * s.k * w + p * w + j % w)] = value;
                }
            }
            std::vector<float> c = t.c;
            gemm_packed_b(s, t.alpha, {t.a.data(), t.ta ? s.m : s.k, t.ta}, packed.data(), t.beta,
                          c.data(), s.n);
            CHECK(c == run_gemm(t, false));
        }
    });
}

TEST_CASE("gemm: edge tiles write only inside C") {
    // C is a 13×50 window (row stride 64) of a larger buffer: the columns past 50 and the rows
    // around it must keep their sentinel.
    Pcg32 rng(4);
    const GemmShape s{13, 50, 37};
    const auto a = random_values(s.m * s.k, rng);
    const auto b = random_values(s.k * s.n, rng);
    cs::test::for_each_kernel_version([&] {
        std::vector<float> buffer(15 * 64, 7.0f);
        float* c = buffer.data() + 64;  // row 1 of the buffer
        gemm(s, 1.0f, {a.data(), s.k, false}, {b.data(), s.n, false}, 0.0f, c, 64);
        for (int64_t i = 0; i < 15 * 64; ++i) {
            const int64_t row = i / 64 - 1, col = i % 64;
            if (row < 0 || row >= s.m || col >= s.n) {
                CHECK(buffer[static_cast<size_t>(i)] == 7.0f);
            }
        }
    });
}

TEST_CASE("gemm: a 2×2 product written out") {
    // clang-format off
    const std::vector<float> a = {1, 2,
                                  3, 4};
    const std::vector<float> b = {5, 6,
                                  7, 8};
    // clang-format on
    std::vector<float> c(4, 0.0f);
    gemm({2, 2, 2}, 1.0f, {a.data(), 2, false}, {b.data(), 2, false}, 0.0f, c.data(), 2);
    CHECK(c == std::vector<float>{19, 22, 43, 50});
    gemm({2, 2, 2}, 1.0f, {a.data(), 2, true}, {b.data(), 2, false}, 0.0f, c.data(), 2);
    CHECK(c == std::vector<float>{26, 30, 38, 44});  // aᵀ·b
}

TEST_CASE("conv2d_gemm: the weight gradient equals the conv2d op's backward") {
    Pcg32 rng(3);
    for (const auto& p : {ConvGemmParams{{1, 1}, {0, 0}}, ConvGemmParams{{1, 1}, {2, 2}},
                          ConvGemmParams{{2, 1}, {1, 0}}, ConvGemmParams{{3, 2}, {0, 1}}}) {
        INFO("stride " << p.stride.h << "×" << p.stride.w << " padding " << p.padding.h << "×"
                       << p.padding.w);
        const Tensor in = random_tensor({3, 2, 9, 8}, rng);
        const Tensor w = random_tensor({4, 2, 3, 5}, rng);
        Conv2dParams op;
        op.stride = p.stride;
        op.padding = p.padding;
        const Shape out = conv2d_output_shape(in.shape(), w.shape(), op).shape;
        const Tensor grad_out = random_tensor(out, rng);
        const ConvGrads want = conv2d_backward(grad_out, in, w, op, true);
        Tensor gw(w.shape(), 0.5f);  // the gradient is added to what is there
        Tensor gb({4}, 0.5f);
        conv2d_weight_grad(grad_out, in, p, gw, gb);
        for (float& v : gw.values()) {
            v -= 0.5f;
        }
        for (float& v : gb.values()) {
            v -= 0.5f;
        }
        CHECK(max_difference(gw, want.grad_weight) < 1e-4);
        CHECK(max_difference(gb, want.grad_bias) < 1e-4);
    }
}

TEST_CASE("conv2d_gemm: the weight gradient of many channels, split in groups, is the op's") {
    Pcg32 rng(9);
    const Tensor in = random_tensor({3, 40, 7, 6}, rng);  // groups of 16, 16 and 8 channels
    const Tensor w = random_tensor({18, 40, 3, 3}, rng);
    const Conv2dParams op{.padding = {1, 1}};
    const Tensor grad_out =
        random_tensor(conv2d_output_shape(in.shape(), w.shape(), op).shape, rng);
    const ConvGrads want = conv2d_backward(grad_out, in, w, op, true);
    Tensor gw(w.shape());
    Tensor gb({18});
    conv2d_weight_grad(grad_out, in, {.padding = {1, 1}}, gw, gb);
    CHECK(max_difference(gw, want.grad_weight) < 1e-4);
    CHECK(max_difference(gb, want.grad_bias) < 1e-4);
}

TEST_CASE("conv2d_gemm: the input gradient equals the conv2d op's backward") {
    // Stride 1 runs as a forward product with the kernel turned half a turn; other strides
    // scatter the columns back (col2im). Enough channels for both to take the product path.
    Pcg32 rng(8);
    for (const auto& p : {ConvGemmParams{{1, 1}, {1, 1}}, ConvGemmParams{{1, 1}, {0, 0}},
                          ConvGemmParams{{1, 1}, {3, 1}}, ConvGemmParams{{2, 2}, {1, 1}}}) {
        INFO("stride " << p.stride.h << "×" << p.stride.w << " padding " << p.padding.h << "×"
                       << p.padding.w);
        const Tensor in = random_tensor({2, 16, 11, 9}, rng);
        const Tensor w = random_tensor({20, 16, 4, 3}, rng);
        Conv2dParams op;
        op.stride = p.stride;
        op.padding = p.padding;
        const Shape out = conv2d_output_shape(in.shape(), w.shape(), op).shape;
        const Tensor grad_out = random_tensor(out, rng);
        const ConvGrads want = conv2d_backward(grad_out, in, w, op, false);
        CHECK(max_difference(conv2d_input_grad_gemm(grad_out, w, in.shape(), p), want.grad_input) <
              1e-4);
    }
}

TEST_CASE("conv2d_gemm: the forward product equals the reference on every kernel version") {
    // 16 channels take the product path; rows of 30 cells cross the panels (8, 16 or 48 wide)
    // mid-row, strides and paddings cut the rows at both ends.
    Pcg32 rng(10);
    const Tensor in = random_tensor({2, 16, 13, 30}, rng);
    const Tensor w = random_tensor({20, 16, 3, 3}, rng);
    const Tensor b = random_tensor({20}, rng);
    for (const Conv2dParams& p :
         {Conv2dParams{.padding = {1, 1}}, Conv2dParams{.stride = {2, 3}, .padding = {0, 2}}}) {
        const Tensor want = conv2d_reference(in, w, b, p);
        cs::test::for_each_kernel_version([&] {
            INFO("stride " << p.stride.h << "×" << p.stride.w);
            CHECK(max_difference(conv2d_forward(in, w, b, p), want) < 1e-4);
            CHECK(max_difference(conv2d_forward(in, w, Tensor(), p),
                                 conv2d_reference(in, w, Tensor(), p)) < 1e-4);
        });
    }
}

TEST_CASE("conv2d_gemm: im2col lays out each output cell's patch as a column") {
    // clang-format off
    const Tensor in({1, 1, 3, 3}, {1, 2, 3,
                                   4, 5, 6,
                                   7, 8, 9});
    // clang-format on
    // 2×2 kernel, padding 1 at stride 2: output 2×2; column (oy, ox) reads rows 2·oy − 1 + ky.
    const ConvGemmGeometry g = conv_gemm_geometry(in.shape(), {1, 1, 2, 2}, {{2, 2}, {1, 1}});
    std::vector<float> cols(static_cast<size_t>(g.patch() * g.cells()));
    im2col(g, in.data(), cols.data());
    // clang-format off
    const std::vector<float> expected = {0, 0, 0, 5,    // (ky, kx) = (0, 0)
                                         0, 0, 4, 6,    // (0, 1)
                                         0, 2, 0, 8,    // (1, 0)
                                         1, 3, 7, 9};   // (1, 1)
    // clang-format on
    CHECK(cols == expected);
}

TEST_CASE("linear_gemm: forward and backward equal the linear op's") {
    Pcg32 rng(5);
    const Tensor x = random_tensor({37, 45}, rng);
    const Tensor w = random_tensor({13, 45}, rng);
    const Tensor b = random_tensor({13}, rng);
    CHECK(max_difference(linear_gemm_forward(x, w, b), linear_forward(x, w, b)) < 1e-5);
    CHECK(max_difference(linear_gemm_forward(x, w, Tensor()), linear_forward(x, w)) < 1e-5);
    const Tensor g = random_tensor({37, 13}, rng);
    const LinearGrads want = linear_backward(x, w, g, true);
    Tensor gw(w.shape());
    Tensor gb(b.shape());
    const Tensor gx = linear_gemm_backward(g, x, w, gw, gb, true);
    CHECK(max_difference(gx, want.input) < 1e-5);
    CHECK(max_difference(gw, want.weight) < 1e-4);
    CHECK(max_difference(gb, want.bias) < 1e-5);
}
