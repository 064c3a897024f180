#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/ops/conv2d.hpp"
#include "engine/ops/linear.hpp"
#include "engine/train/conv2d_gemm.hpp"
#include "engine/train/gemm.hpp"
#include "engine/train/linear_gemm.hpp"
#include "engine/train/random.hpp"

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
