#pragma once
// A training lesson file (resources/lessons/*.json): a network, how to initialise it, the
// optimiser and its hyper-parameters, and the batch size and epoch count. Example:
//   {"format": "convscope-training-lesson", "version": 1,
//    "name": "lenet_d2l", "title": {"en": "LeNet (d2l 7.6)", "zh": "…"}, "description": "…",
//    "dataset": "fashion-mnist",
//    "input": [1, 28, 28], "layers": [{"type": "conv2d", "out_channels": 6, …}, …],
//    "init": {"weight": "xavier_uniform", "bias": "torch_default", "seed": 0},
//    "optimizer": {"type": "sgd", "lr": 0.9},
//    "training": {"batch_size": 256, "epochs": 10}}
// The loss is always softmax cross-entropy averaged over the batch (nn.CrossEntropyLoss).
// "title" and "description" are text or {"en": …, "zh": …}, as in the GUI's lesson files
// (docs/lesson-format.md); their "format" is "convscope-lesson", this one's is
// "convscope-training-lesson", so that each reader recognises its own kind.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/train/init.hpp"
#include "engine/train/network_spec.hpp"
#include "engine/train/optimizer.hpp"

namespace cs {

struct InitConfig {
    WeightInit weight = WeightInit::torch_default;
    BiasInit bias = BiasInit::torch_default;
    uint64_t seed = 0;
};

struct TrainingConfig {
    int64_t batch_size = 256;
    int64_t epochs = 10;
};

// Text in English and Simplified Chinese; zh is empty when there is no translation.
struct LocalizedText {
    std::string en;
    std::string zh;
    // The Chinese text when asked for and present, else the English.
    const std::string& in(const std::string& language) const {
        return language == "zh" && !zh.empty() ? zh : en;
    }
};

struct Lesson {
    std::string name;           // file stem, e.g. "lenet_d2l"
    LocalizedText title;        // for display, e.g. "LeNet (d2l 7.6)"
    LocalizedText description;  // one paragraph for the student
    std::string dataset = "fashion-mnist";
    NetworkSpec network;
    InitConfig init;
    OptimizerConfig optimizer = SgdConfig{};
    TrainingConfig training;
};

// Throws cs::Error naming the field for a missing or invalid entry.
Lesson lesson_from_json(const nlohmann::json& j);
nlohmann::json lesson_to_json(const Lesson& lesson);
Lesson read_lesson_file(const std::string& path);

}  // namespace cs
