#pragma once
// Helpers shared by the tests of the pooling and pointwise ops: random tensors, thread-count
// runs, fixture walks and central-difference gradient checks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/parallel.hpp"
#include "engine/tensor.hpp"
#include "golden.hpp"

namespace cs::test {

inline Tensor random_tensor(const Shape& shape, std::mt19937& rng, float lo = -1.0f,
                            float hi = 1.0f) {
    std::uniform_real_distribution<float> dist(lo, hi);
    Tensor t(shape);
    for (float& v : t.values()) {
        v = dist(rng);
    }
    return t;
}

// Distinct values spaced `gap` apart, shuffled: no ties, and a small nudge never changes which
// element is the largest of a window (for max_pool2d gradient checks).
inline Tensor distinct_tensor(const Shape& shape, std::mt19937& rng, float gap = 0.1f) {
    Tensor t(shape);
    for (int64_t i = 0; i < t.numel(); ++i) {
        t.data()[i] = gap * static_cast<float>(i - t.numel() / 2);
    }
    std::shuffle(t.values().begin(), t.values().end(), rng);
    return t;
}

inline bool bitwise_equal(const Tensor& a, const Tensor& b) {
    return a.shape() == b.shape() &&
           std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<size_t>(a.numel())) == 0;
}

// Runs `f` with the engine limited to `threads` (0 = all cores), then restores all cores.
template <typename F>
auto with_threads(int threads, F&& f) {
    set_thread_count(threads);
    auto result = f();
    set_thread_count(0);
    return result;
}

// The cases of fixture `file` whose op is `op`.
inline std::vector<nlohmann::json> fixture_cases(const std::string& file, const std::string& op) {
    std::vector<nlohmann::json> out;
    for (const auto& c : golden_cases(file)) {
        if (c.at("op") == op) {
            out.push_back(c);
        }
    }
    return out;
}

// Every forward case of `op` in `file` through the string-named registry: values within
// torch's tolerance, max_pool2d indices exact, rejected calls rejected with cs::Error.
inline void check_forward_fixtures(const std::string& file, const std::string& op) {
    const auto cases = fixture_cases(file, op);
    REQUIRE(!cases.empty());
    for (const auto& c : cases) {
        INFO(c.at("name").get<std::string>());
        const OpCall call = op_call_from_case(c);
        if (c.value("expected_error", false)) {
            CHECK_THROWS_AS(evaluate(call), Error);
            continue;
        }
        const OpResult r = evaluate(call);
        CHECK(worst_excess(r.output, tensor_from_json(c.at("expected"))) <= 0.0);
        CHECK(infer_shape(call).shape == r.output.shape());
        if (c.contains("expected_indices")) {
            REQUIRE(r.indices.has_value());
            const auto& want = c.at("expected_indices").at("data");
            REQUIRE(static_cast<int64_t>(want.size()) == r.indices->numel());
            for (size_t i = 0; i < want.size(); ++i) {
                CHECK(static_cast<int64_t>(r.indices->data()[i]) == want[i].get<int64_t>());
            }
        }
    }
}

// Central-difference check of a backward pass. With L(x) = Σ grad_output ⊙ forward(x), the
// backward result must equal (L(x + h·e_i) − L(x − h·e_i)) / 2h at `samples` random positions.
inline void gradient_check(const std::function<Tensor(const Tensor&)>& forward, const Tensor& x,
                           const Tensor& grad_output, const Tensor& backward, std::mt19937& rng,
                           int samples = 20, double h = 1e-2, double atol = 2e-3,
                           double rtol = 1e-2) {
    REQUIRE(backward.shape() == x.shape());
    auto loss = [&](const Tensor& at) {
        const Tensor y = forward(at);
        double l = 0.0;
        for (int64_t i = 0; i < y.numel(); ++i) {
            l += static_cast<double>(grad_output.data()[i]) * y.data()[i];
        }
        return l;
    };
    std::uniform_int_distribution<int64_t> pick(0, x.numel() - 1);
    for (int s = 0; s < samples; ++s) {
        const int64_t i = s < x.numel() && x.numel() <= samples ? s : pick(rng);
        Tensor plus = x, minus = x;
        plus.data()[i] += static_cast<float>(h);
        minus.data()[i] -= static_cast<float>(h);
        // the step actually taken in float
        const double step = static_cast<double>(plus.data()[i]) - minus.data()[i];
        const double numeric = (loss(plus) - loss(minus)) / step;
        const double analytic = backward.data()[i];
        INFO("element " << i << ": numeric " << numeric << ", backward " << analytic);
        CHECK(std::abs(numeric - analytic) <= atol + rtol * std::abs(analytic));
    }
}

}  // namespace cs::test
