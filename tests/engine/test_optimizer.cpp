#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "engine/train/adam.hpp"
#include "engine/train/optimizer.hpp"
#include "engine/train/sgd.hpp"
#include "golden.hpp"

using namespace cs;

namespace {

std::vector<Parameter> one_parameter(std::vector<float> value, std::vector<float> grad) {
    const auto n = static_cast<int64_t>(value.size());
    return {{"p", Tensor({n}, std::move(value)), Tensor({n}, std::move(grad))}};
}

}  // namespace

TEST_CASE("sgd: plain step moves against the gradient by lr times it") {
    Sgd sgd({.lr = 0.1});
    auto params = one_parameter({1.0f, -2.0f}, {0.5f, -1.0f});
    sgd.step(params);
    CHECK(params[0].value.values()[0] == Approx(0.95f));
    CHECK(params[0].value.values()[1] == Approx(-1.9f));
    CHECK(sgd.buffer_names().empty());
}

TEST_CASE("sgd: momentum starts with the gradient, then accumulates") {
    Sgd sgd({.lr = 0.1, .momentum = 0.9});
    auto params = one_parameter({1.0f}, {1.0f});
    sgd.step(params);  // b = 1 (torch copies the first gradient), p = 1 − 0.1·1
    CHECK(params[0].value.values()[0] == Approx(0.9f));
    CHECK(sgd.buffers()[0][0].values()[0] == Approx(1.0f));
    sgd.step(params);  // b = 0.9·1 + 1 = 1.9, p = 0.9 − 0.19
    CHECK(params[0].value.values()[0] == Approx(0.71f));
    CHECK(sgd.buffers()[0][0].values()[0] == Approx(1.9f));
    CHECK(sgd.steps() == 2);
}

TEST_CASE("sgd: weight decay adds weight_decay times the weight to the gradient") {
    Sgd sgd({.lr = 1.0, .weight_decay = 0.5});
    auto params = one_parameter({2.0f}, {0.0f});
    sgd.step(params);  // g = 0 + 0.5·2 = 1
    CHECK(params[0].value.values()[0] == Approx(1.0f));
}

TEST_CASE("adam: the first step moves each weight by about lr against its gradient's sign") {
    // After one step m̂ = g and v̂ = g², so the update is lr·g / (|g| + ε) ≈ lr·sign(g).
    Adam adam({.lr = 0.01});
    auto params = one_parameter({0.0f, 0.0f, 0.0f}, {3.0f, -0.001f, 200.0f});
    adam.step(params);
    CHECK(params[0].value.values()[0] == Approx(-0.01f).epsilon(1e-5));
    CHECK(params[0].value.values()[1] == Approx(0.01f).epsilon(1e-4));
    CHECK(params[0].value.values()[2] == Approx(-0.01f).epsilon(1e-5));
    CHECK(adam.buffer_names() == std::vector<std::string>{"exp_avg", "exp_avg_sq"});
}

TEST_CASE("optimizer: matches torch.optim over four steps") {
    for (const auto& c : test::golden_cases("train_optimizer.json")) {
        INFO(c.at("name").get<std::string>());
        auto optimizer = make_optimizer(optimizer_config_from_json(c.at("optimizer")));
        const Tensor start = test::tensor_from_json(c.at("param"));
        std::vector<Parameter> params = {{"p", start, Tensor(start.shape())}};
        for (size_t s = 0; s < c.at("grads").size(); ++s) {
            INFO("step " << s + 1);
            params[0].grad = test::tensor_from_json(c.at("grads")[s]);
            optimizer->step(params);
            CHECK(test::worst_excess(params[0].value, test::tensor_from_json(c.at("expected")[s]),
                                     1e-6, 1e-5) <= 0);
            const auto& state = c.at("expected_state")[s];
            const auto names = optimizer->buffer_names();
            for (size_t k = 0; k < names.size(); ++k) {
                INFO(names[k]);
                CHECK(test::worst_excess(optimizer->buffers()[0][k],
                                         test::tensor_from_json(state.at(names[k])), 1e-6,
                                         1e-5) <= 0);
            }
        }
    }
}

TEST_CASE("optimizer: saved state resumes exactly where it stopped") {
    const OptimizerConfig config = AdamConfig{.lr = 0.05};
    auto a = make_optimizer(config);
    auto params_a = one_parameter({1.0f, 2.0f}, {0.3f, -0.7f});
    a->step(params_a);
    a->step(params_a);
    // Copy the state into a fresh optimizer, then take the same third step with both.
    auto b = make_optimizer(config);
    auto params_b = params_a;
    b->load_state(a->steps(), a->buffers(), params_b);
    params_a[0].grad = params_b[0].grad = Tensor({2}, {-0.2f, 0.4f});
    a->step(params_a);
    b->step(params_b);
    CHECK(params_a[0].value.values() == params_b[0].value.values());
}

TEST_CASE("optimizer: state of the wrong shape is refused") {
    auto sgd = make_optimizer(SgdConfig{.lr = 0.1, .momentum = 0.9});
    const auto params = one_parameter({1.0f, 2.0f}, {0.0f, 0.0f});
    CHECK_THROWS_WITH(sgd->load_state(3, {{Tensor({3})}}, params),
                      Catch::Contains("shape [3]") && Catch::Contains("[2]"));
}

TEST_CASE("optimizer: lesson JSON is checked like torch's constructor arguments") {
    CHECK_THROWS_WITH(optimizer_config_from_json({{"type", "sgd"}}),
                      Catch::Contains("learning rate"));
    CHECK_THROWS_WITH(optimizer_config_from_json({{"type", "rmsprop"}, {"lr", 0.1}}),
                      Catch::Contains("unknown type \"rmsprop\""));
    CHECK_THROWS_WITH(optimizer_config_from_json({{"type", "adam"}, {"betas", {0.9, 1.0}}}),
                      Catch::Contains("betas[1]"));
    CHECK_THROWS_WITH(
        optimizer_config_from_json({{"type", "sgd"}, {"lr", 0.1}, {"nesterov", true}}),
        Catch::Contains("Nesterov"));
    CHECK_THROWS_WITH(optimizer_config_from_json({{"type", "sgd"}, {"lr", -1}}),
                      Catch::Contains("lr must be ≥ 0"));
    const OptimizerConfig adam = optimizer_config_from_json(
        {{"type", "adam"}, {"lr", 0.002}, {"betas", {0.8, 0.9}}, {"eps", 1e-7}});
    CHECK(optimizer_config_to_json(adam) == nlohmann::json({{"type", "adam"},
                                                            {"lr", 0.002},
                                                            {"betas", {0.8, 0.9}},
                                                            {"eps", 1e-7},
                                                            {"weight_decay", 0.0}}));
    CHECK(optimizer_summary(optimizer_config_from_json({{"type", "sgd"}, {"lr", 0.9}})) ==
          "SGD (lr 0.9)");
}
