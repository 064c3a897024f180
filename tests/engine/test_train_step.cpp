#include <catch2/catch.hpp>

#include "engine/train/trainer.hpp"
#include "golden.hpp"

using namespace cs;

namespace {

Tensor batch_from_pixels(const nlohmann::json& j) {
    std::vector<float> values;
    for (const auto& v : j.at("data")) {
        values.push_back(static_cast<float>(v.get<int>()) / 255.0f);
    }
    return Tensor(j.at("shape").get<Shape>(), std::move(values));
}

}  // namespace

// tests/golden/gen_train.py trains the same LeNets with PyTorch from the same initial weights
// (it re-implements the engine's PCG32 initialisation) on one batch of 40 random images.
TEST_CASE("train step: LeNet's loss, gradients and updated weights equal PyTorch's") {
    for (const auto& c : test::golden_cases("train_lenet_step.json")) {
        INFO(c.at("name").get<std::string>());
        Lesson lesson = read_lesson_file(std::string(CONVSCOPE_RESOURCE_DIR) + "/lessons/" +
                                         c.at("lesson").get<std::string>());
        lesson.init.weight = weight_init_from_name(c.at("init").at("weight"));
        lesson.init.seed = c.at("init").at("seed").get<uint64_t>();
        lesson.optimizer = optimizer_config_from_json(c.at("optimizer"));
        Trainer trainer(lesson);
        const Tensor batch = batch_from_pixels(c.at("pixels"));
        const auto labels = c.at("labels").get<std::vector<int64_t>>();
        for (int64_t s = 0; s < c.at("steps").get<int64_t>(); ++s) {
            INFO("step " << s + 1);
            const BatchResult r = trainer.step(batch, labels);
            CHECK(r.loss ==
                  Approx(c.at("losses")[static_cast<size_t>(s)].get<double>()).epsilon(1e-5));
            if (s == 0) {
                for (const Parameter& p : trainer.network().parameters()) {
                    INFO("gradient of " << p.name);
                    const double excess = test::worst_excess(
                        p.grad, test::tensor_from_json(c.at("grads_step1").at(p.name)), 1e-6, 1e-4);
                    CHECK(excess <= 0);
                }
            }
        }
        for (const Parameter& p : trainer.network().parameters()) {
            INFO("updated " << p.name);
            CHECK(test::worst_excess(p.value, test::tensor_from_json(c.at("expected").at(p.name)),
                                     1e-6, 1e-4) <= 0);
        }
    }
}
