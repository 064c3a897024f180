#include <catch2/catch.hpp>

#include <cmath>

#include "engine/error.hpp"
#include "engine/train/init.hpp"
#include "engine/train/random.hpp"

using namespace cs;

TEST_CASE("random: PCG32 gives the reference implementation's numbers") {
    // pcg32-demo of pcg-c-basic: pcg32_srandom_r(&rng, 42u, 54u), first six outputs.
    Pcg32 rng(42, 54);
    const std::vector<uint32_t> expected = {0xa15c02b7, 0x7b47f409, 0xba1d3330,
                                            0x83d2f293, 0xbfa4784b, 0xcbed606e};
    for (uint32_t want : expected) {
        CHECK(rng.next_u32() == want);
    }
}

TEST_CASE("random: uniform01 stays from 0 up to below 1 and below(n) covers 0 … n−1") {
    Pcg32 rng(7);
    std::vector<int> counts(5, 0);
    for (int i = 0; i < 5000; ++i) {
        const float u = rng.uniform01();
        CHECK((u >= 0.0f && u < 1.0f));
        ++counts[rng.below(5)];
    }
    for (int c : counts) {
        CHECK(c > 900);  // about 1000 each
        CHECK(c < 1100);
    }
}

TEST_CASE("random: a shuffle is a permutation and depends only on the seed") {
    std::vector<int> a(100);
    for (int i = 0; i < 100; ++i) {
        a[static_cast<size_t>(i)] = i;
    }
    auto b = a;
    Pcg32 r1(3, 1);
    Pcg32 r2(3, 1);
    shuffle(a, r1);
    shuffle(b, r2);
    CHECK(a == b);
    auto sorted = a;
    std::sort(sorted.begin(), sorted.end());
    CHECK(sorted[0] == 0);
    CHECK(sorted[99] == 99);
    CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
}

TEST_CASE("init: fans as torch.nn.init for conv and linear weights") {
    const Fans conv = fans_of({16, 6, 5, 5});
    CHECK(conv.fan_in == 150);
    CHECK(conv.fan_out == 400);
    const Fans linear = fans_of({120, 400});
    CHECK(linear.fan_in == 400);
    CHECK(linear.fan_out == 120);
    CHECK_THROWS_AS(fans_of({10}), Error);
}

TEST_CASE("init: bounds of Xavier, Kaiming and torch's default") {
    const Fans f{400, 120};
    CHECK(init_bound(WeightInit::xavier_uniform, f) == Approx(std::sqrt(6.0 / 520.0)));
    CHECK(init_bound(WeightInit::kaiming_uniform, f) == Approx(std::sqrt(6.0 / 400.0)));
    CHECK(init_bound(WeightInit::torch_default, f) == Approx(0.05));
}

TEST_CASE("init: weights fill the bound's range with the variance of a uniform distribution") {
    Tensor w({120, 400});
    Pcg32 rng(1);
    init_weight(w, WeightInit::xavier_uniform, rng);
    const double a = init_bound(WeightInit::xavier_uniform, fans_of(w.shape()));
    double sum = 0.0;
    double sum_sq = 0.0;
    for (float v : w.values()) {
        CHECK(std::abs(v) <= a);
        sum += v;
        sum_sq += static_cast<double>(v) * v;
    }
    const double n = static_cast<double>(w.numel());
    CHECK(sum / n == Approx(0.0).margin(0.003));
    CHECK(sum_sq / n == Approx(a * a / 3.0).epsilon(0.02));  // Var U(−a, a) = a²/3
}

TEST_CASE("init: the same seed gives the same weights, bit for bit") {
    Tensor w1({6, 1, 5, 5});
    Tensor w2({6, 1, 5, 5});
    Pcg32 r1(123);
    Pcg32 r2(123);
    init_weight(w1, WeightInit::kaiming_uniform, r1);
    init_weight(w2, WeightInit::kaiming_uniform, r2);
    CHECK(w1.values() == w2.values());
    // The first value is fixed for all platforms: (first output >> 8) / 2^24 mapped to (−a, a)
    // exactly, then rounded to float once.
    Pcg32 r3(123);
    const double a = static_cast<float>(std::sqrt(6.0 / 25.0));
    const double u = static_cast<double>(r3.next_u32() >> 8) / 16777216.0;
    CHECK(w1.values()[0] == static_cast<float>(-a + 2.0 * a * u));
}

TEST_CASE("init: biases are zero or torch's U(−1/√fan_in, 1/√fan_in)") {
    Tensor b({100});
    Pcg32 rng(5);
    init_bias(b, {25, 150}, BiasInit::torch_default, rng);
    for (float v : b.values()) {
        CHECK(std::abs(v) <= 0.2f);
    }
    init_bias(b, {25, 150}, BiasInit::zeros, rng);
    for (float v : b.values()) {
        CHECK(v == 0.0f);
    }
}

TEST_CASE("init: names round-trip and unknown names are refused") {
    CHECK(weight_init_from_name("xavier_uniform") == WeightInit::xavier_uniform);
    CHECK(weight_init_name(WeightInit::kaiming_uniform) == "kaiming_uniform");
    CHECK(bias_init_from_name("zeros") == BiasInit::zeros);
    CHECK_THROWS_WITH(weight_init_from_name("xavier"), Catch::Contains("xavier_uniform"));
}
