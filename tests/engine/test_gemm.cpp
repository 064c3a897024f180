#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

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

// The convolution written as its definition (torch's conv2d is a cross-correlation):
// out[n, o, y, x] = b[o] + Σ_c Σ_ky Σ_kx in[n, c, y·s − p + ky, x·s − p + kx] · w[o, c, ky, kx]
Tensor naive_conv(const Tensor& in, const Tensor& w, const Tensor& b, const ConvGemmParams& p) {
    const ConvGemmGeometry g = conv_gemm_geometry(in.shape(), w.shape(), p);
    Tensor out({g.n, g.oc, g.oh, g.ow});
    for (int64_t n = 0; n < g.n; ++n) {
        for (int64_t o = 0; o < g.oc; ++o) {
            for (int64_t y = 0; y < g.oh; ++y) {
                for (int64_t x = 0; x < g.ow; ++x) {
                    double sum = b.empty() ? 0.0 : b.data()[o];
                    for (int64_t c = 0; c < g.c; ++c) {
                        for (int64_t ky = 0; ky < g.kh; ++ky) {
                            for (int64_t kx = 0; kx < g.kw; ++kx) {
                                const int64_t iy = y * p.stride.h - p.padding.h + ky;
                                const int64_t ix = x * p.stride.w - p.padding.w + kx;
                                if (iy >= 0 && iy < g.h && ix >= 0 && ix < g.w) {
                                    sum += double(in(n, c, iy, ix)) * w(o, c, ky, kx);
                                }
                            }
                        }
                    }
                    out(n, o, y, x) = static_cast<float>(sum);
                }
            }
        }
    }
    return out;
}

double max_difference(const Tensor& a, const Tensor& b) {
    REQUIRE(a.shape() == b.shape());
    double worst = 0.0;
    for (int64_t i = 0; i < a.numel(); ++i) {
        worst = std::max(worst, double(std::abs(a.data()[i] - b.data()[i])));
    }
    return worst;
}

// Σ out · r for a fixed random r: a scalar "loss" whose gradient with respect to the output is r.
double weighted_sum(const Tensor& out, const Tensor& r) {
    double s = 0.0;
    for (int64_t i = 0; i < out.numel(); ++i) {
        s += double(out.data()[i]) * r.data()[i];
    }
    return s;
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

TEST_CASE("conv2d_gemm: forward equals the definition for strides and padding") {
    Pcg32 rng(3);
    for (const auto& p : {ConvGemmParams{{1, 1}, {0, 0}}, ConvGemmParams{{1, 1}, {2, 2}},
                          ConvGemmParams{{2, 1}, {1, 0}}}) {
        const Tensor in = random_tensor({3, 2, 9, 8}, rng);
        const Tensor w = random_tensor({4, 2, 3, 5}, rng);
        const Tensor b = random_tensor({4}, rng);
        ConvGemmCache cache;
        const Tensor out = conv2d_gemm_forward(in, w, b, p, cache);
        CHECK(max_difference(out, naive_conv(in, w, b, p)) < 1e-5);
    }
}

TEST_CASE("conv2d_gemm: backward agrees with central differences") {
    Pcg32 rng(4);
    const ConvGemmParams p{{2, 1}, {1, 2}};
    Tensor in = random_tensor({2, 2, 6, 5}, rng);
    Tensor w = random_tensor({3, 2, 3, 3}, rng);
    Tensor b = random_tensor({3}, rng);
    ConvGemmCache cache;
    const Tensor out = conv2d_gemm_forward(in, w, b, p, cache);
    const Tensor r = random_tensor(out.shape(), rng);
    Tensor gw(w.shape());
    Tensor gb(b.shape());
    const Tensor gx = conv2d_gemm_backward(r, w, cache, gw, gb, true);
    // d(Σ out·r)/dθ ≈ (L(θ + h) − L(θ − h)) / 2h, checked at every element (the loss is linear
    // in each of them, so the difference is exact up to rounding).
    auto check = [&](Tensor& param, const Tensor& grad) {
        for (int64_t i = 0; i < param.numel(); ++i) {
            const float keep = param.data()[i];
            const float h = 1e-2f;
            param.data()[i] = keep + h;
            const double up = weighted_sum(naive_conv(in, w, b, p), r);
            param.data()[i] = keep - h;
            const double down = weighted_sum(naive_conv(in, w, b, p), r);
            param.data()[i] = keep;
            CHECK(grad.data()[i] == Approx((up - down) / (2 * h)).margin(1e-3));
        }
    };
    check(in, gx);
    check(w, gw);
    check(b, gb);
}

TEST_CASE("linear_gemm: forward and backward as the formulas") {
    Pcg32 rng(5);
    Tensor x = random_tensor({5, 7}, rng);
    Tensor w = random_tensor({3, 7}, rng);
    Tensor b = random_tensor({3}, rng);
    const Tensor y = linear_gemm_forward(x, w, b);
    for (int64_t i = 0; i < 5; ++i) {
        for (int64_t o = 0; o < 3; ++o) {
            double want = b.data()[o];
            for (int64_t k = 0; k < 7; ++k) {
                want += double(x.at({i, k})) * w.at({o, k});
            }
            CHECK(y.at({i, o}) == Approx(want).margin(1e-5));
        }
    }
    const Tensor r = random_tensor(y.shape(), rng);
    Tensor gw(w.shape());
    Tensor gb(b.shape());
    const Tensor gx = linear_gemm_backward(r, x, w, gw, gb, true);
    auto check = [&](Tensor& param, const Tensor& grad) {
        for (int64_t i = 0; i < param.numel(); ++i) {
            const float keep = param.data()[i];
            param.data()[i] = keep + 1e-2f;
            const double up = weighted_sum(linear_gemm_forward(x, w, b), r);
            param.data()[i] = keep - 1e-2f;
            const double down = weighted_sum(linear_gemm_forward(x, w, b), r);
            param.data()[i] = keep;
            CHECK(grad.data()[i] == Approx((up - down) / 2e-2).margin(1e-3));
        }
    };
    check(x, gx);
    check(w, gw);
    check(b, gb);
}
