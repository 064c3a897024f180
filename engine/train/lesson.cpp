#include "engine/train/lesson.hpp"

#include "engine/error.hpp"
#include "engine/file_read.hpp"

namespace cs {
namespace {

constexpr const char* lesson_format = "convscope-training-lesson";

std::string text_field(const nlohmann::json& j, const std::string& key) {
    if (!j.contains(key)) {
        return "";
    }
    require(j.at(key).is_string(), "lesson: " + key + " must be text, got " + j.at(key).dump());
    return j.at(key).get<std::string>();
}

LocalizedText localized_field(const nlohmann::json& j, const std::string& key) {
    LocalizedText text;
    if (!j.contains(key)) {
        return text;
    }
    const auto& v = j.at(key);
    if (v.is_string()) {
        text.en = v.get<std::string>();
        return text;
    }
    require(v.is_object() && v.contains("en") && v.at("en").is_string() &&
                (!v.contains("zh") || v.at("zh").is_string()),
            "lesson: " + key + " must be text or {\"en\": …, \"zh\": …}, got " + v.dump());
    text.en = v.at("en").get<std::string>();
    if (v.contains("zh")) {
        text.zh = v.at("zh").get<std::string>();
    }
    return text;
}

nlohmann::json localized_json(const LocalizedText& text) {
    if (text.zh.empty()) {
        return text.en;
    }
    return {{"en", text.en}, {"zh", text.zh}};
}

int64_t positive_int(const nlohmann::json& j, const std::string& where, const std::string& key,
                     int64_t fallback) {
    if (!j.contains(key)) {
        return fallback;
    }
    require(j.at(key).is_number_integer() && j.at(key).get<int64_t>() > 0,
            "lesson: " + where + "." + key + " must be a positive whole number, got " +
                j.at(key).dump());
    return j.at(key).get<int64_t>();
}

}  // namespace

Lesson lesson_from_json(const nlohmann::json& j) {
    require(j.is_object(), "a lesson file must hold a JSON object");
    require(text_field(j, "format") == lesson_format,
            std::string("a training lesson needs \"format\": \"") + lesson_format + "\"");
    require(j.contains("version") && j.at("version") == 1,
            "this lesson has format version " +
                (j.contains("version") ? j.at("version").dump() : "(none)") +
                "; this ConvScope reads version 1");
    Lesson lesson;
    lesson.name = text_field(j, "name");
    lesson.title = localized_field(j, "title");
    lesson.description = localized_field(j, "description");
    if (j.contains("dataset")) {
        lesson.dataset = text_field(j, "dataset");
    }
    require(lesson.dataset == "fashion-mnist",
            "lesson: dataset \"" + lesson.dataset + "\" is unknown; use \"fashion-mnist\"");
    lesson.network = network_from_json(j);

    if (j.contains("init")) {
        const auto& init = j.at("init");
        require(init.is_object(),
                "lesson: init must be an object such as {\"weight\": "
                "\"xavier_uniform\", \"seed\": 0}");
        if (init.contains("weight")) {
            require(init.at("weight").is_string(), "lesson: init.weight must be text");
            lesson.init.weight = weight_init_from_name(init.at("weight").get<std::string>());
        }
        if (init.contains("bias")) {
            require(init.at("bias").is_string(), "lesson: init.bias must be text");
            lesson.init.bias = bias_init_from_name(init.at("bias").get<std::string>());
        }
        if (init.contains("seed")) {
            require(init.at("seed").is_number_unsigned(),
                    "lesson: init.seed must be a whole number ≥ 0, got " + init.at("seed").dump());
            lesson.init.seed = init.at("seed").get<uint64_t>();
        }
    }
    require(j.contains("optimizer"),
            "lesson: an \"optimizer\" is needed, e.g. "
            "{\"type\": \"sgd\", \"lr\": 0.1}");
    lesson.optimizer = optimizer_config_from_json(j.at("optimizer"));
    if (j.contains("training")) {
        const auto& t = j.at("training");
        require(t.is_object(), "lesson: training must be an object");
        lesson.training.batch_size =
            positive_int(t, "training", "batch_size", lesson.training.batch_size);
        lesson.training.epochs = positive_int(t, "training", "epochs", lesson.training.epochs);
    }
    return lesson;
}

nlohmann::json lesson_to_json(const Lesson& lesson) {
    nlohmann::json j = network_to_json(lesson.network);
    j["format"] = lesson_format;
    j["version"] = 1;
    j["name"] = lesson.name;
    j["title"] = localized_json(lesson.title);
    j["description"] = localized_json(lesson.description);
    j["dataset"] = lesson.dataset;
    j["init"] = {{"weight", weight_init_name(lesson.init.weight)},
                 {"bias", bias_init_name(lesson.init.bias)},
                 {"seed", lesson.init.seed}};
    j["optimizer"] = optimizer_config_to_json(lesson.optimizer);
    j["training"] = {{"batch_size", lesson.training.batch_size},
                     {"epochs", lesson.training.epochs}};
    return j;
}

Lesson read_lesson_file(const std::string& path) {
    const std::string text = read_regular_text(path, max_json_file_bytes, "the lesson file");
    nlohmann::json j;
    try {
        j = parse_json_limited(text, "lesson file " + path);
    } catch (const nlohmann::json::exception& e) {  // also out_of_range: "1e999"
        throw Error("lesson file " + path + " is not valid JSON: " + e.what());
    }
    try {
        return lesson_from_json(j);
    } catch (const Error& e) {
        throw Error("lesson file " + path + ": " + e.what());
    }
}

}  // namespace cs
