#include <catch2/catch.hpp>

#include <cmath>

#include "engine/error.hpp"
#include "engine/train/kernel_learning.hpp"
#include "engine/train/random.hpp"
#include "golden.hpp"

using namespace cs;

TEST_CASE("kernel learning: d2l's example data") {
    const KernelExample ex = d2l_edge_example();
    CHECK(ex.input.shape() == Shape{6, 8});
    CHECK(ex.target.shape() == Shape{6, 7});
    // clang-format off
    const std::vector<float> row = {0, 1, 0, 0, 0, -1, 0};  // 1 at the 1→0 edge, −1 at 0→1
    // clang-format on
    for (int64_t y = 0; y < 6; ++y) {
        for (int64_t x = 0; x < 7; ++x) {
            CHECK(ex.target.at({y, x}) == row[static_cast<size_t>(x)]);
        }
    }
}

TEST_CASE("kernel learning: a random 1×2 kernel becomes about [1, −1] in 10 epochs") {
    const KernelExample ex = d2l_edge_example();
    KernelLearner learner(ex.input, ex.target, {.kernel_size = {1, 2}, .lr = 3e-2, .seed = 1});
    std::vector<double> losses;
    for (int e = 0; e < 10; ++e) {
        const KernelEpoch epoch = learner.step();
        CHECK(epoch.epoch == e + 1);
        losses.push_back(epoch.loss);
    }
    CHECK(losses.back() < losses.front() / 50);
    CHECK(learner.kernel().at({0, 0}) == Approx(1.0).margin(0.1));
    CHECK(learner.kernel().at({0, 1}) == Approx(-1.0).margin(0.1));
    CHECK(learner.loss() < 0.05);
}

TEST_CASE("kernel learning: every epoch's loss and kernel equal PyTorch's") {
    for (const auto& c : test::golden_cases("train_kernel_learning.json")) {
        INFO(c.at("name").get<std::string>());
        const Tensor k0 = test::tensor_from_json(c.at("initial_kernel"));
        KernelLearningParams params;
        params.kernel_size = {k0.size(0), k0.size(1)};
        params.padding = Pair::both(c.at("padding").get<int64_t>());
        params.lr = c.at("lr").get<double>();
        params.reduction = c.at("reduction") == "sum" ? LossReduction::sum : LossReduction::mean;
        params.initial_kernel = k0;
        KernelLearner learner(test::tensor_from_json(c.at("input")),
                              test::tensor_from_json(c.at("target")), params);
        for (size_t e = 0; e < c.at("losses").size(); ++e) {
            INFO("epoch " << e + 1);
            const KernelEpoch epoch = learner.step();
            CHECK(epoch.loss == Approx(c.at("losses")[e].get<double>()).epsilon(1e-5));
            CHECK(test::worst_excess(epoch.kernel, test::tensor_from_json(c.at("kernels")[e]), 1e-6,
                                     1e-5) <= 0);
        }
    }
}

TEST_CASE("kernel learning: a 3×3 Sobel filter is learned from an image with the suggested lr") {
    Pcg32 rng(8);
    Tensor image({24, 20});
    for (float& v : image.values()) {
        v = rng.uniform01();
    }
    // clang-format off
    const Tensor sobel({3, 3}, {-1, 0, 1,
                                -2, 0, 2,
                                -1, 0, 1});
    // clang-format on
    const KernelExample ex = make_kernel_example(image, sobel, {1, 1});
    for (LossReduction reduction : {LossReduction::sum, LossReduction::mean}) {
        const double lr = suggested_learning_rate(image, {3, 3}, {1, 1}, reduction);
        KernelLearner learner(
            ex.input, ex.target,
            {.kernel_size = {3, 3}, .padding = {1, 1}, .lr = lr, .reduction = reduction});
        for (int e = 0; e < 300; ++e) {
            learner.step();
        }
        for (int64_t i = 0; i < 9; ++i) {
            CHECK(learner.kernel().data()[i] == Approx(sobel.data()[i]).margin(0.02));
        }
    }
}

TEST_CASE("kernel learning: the suggested lr for d2l's example is half the stability limit") {
    // Hessian of Σ (Ŷ − Y)² for d2l's X: 2·[[18, 12], [12, 18]], largest eigenvalue 60.
    const KernelExample ex = d2l_edge_example();
    CHECK(suggested_learning_rate(ex.input, {1, 2}, {}, LossReduction::sum) == Approx(1.0 / 60.0));
}

TEST_CASE("kernel learning: a target of the wrong size is explained") {
    const KernelExample ex = d2l_edge_example();
    CHECK_THROWS_WITH(KernelLearner(ex.input, ex.input, {.kernel_size = {1, 2}}),
                      Catch::Contains("[6, 7]") && Catch::Contains("[6, 8]"));
}
