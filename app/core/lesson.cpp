#include "app/core/lesson.hpp"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "app/core/read_file.hpp"
#include "engine/case_file.hpp"
#include "engine/error.hpp"
#include "engine/file_read.hpp"
#include "engine/image_io.hpp"
#include "engine/safe_file.hpp"

namespace cs::core {
namespace {

constexpr const char* format_name = "convscope-lesson";
constexpr int format_version = 1;

QString text_field(const nlohmann::json& doc, const char* key, const char* lang) {
    if (!doc.contains(key)) {
        return {};
    }
    const nlohmann::json& v = doc.at(key);
    if (v.is_string()) {
        return QString::fromStdString(v.get<std::string>());
    }
    require(v.is_object(),
            std::string("lesson field \"") + key + "\" must be text or {\"en\": ..., \"zh\": ...}");
    if (v.contains(lang)) {
        require(v.at(lang).is_string(),
                std::string("lesson field \"") + key + "." + lang + "\" must be text");
        return QString::fromStdString(v.at(lang).get<std::string>());
    }
    return {};
}

// A JSON value for a message, cut short: a wrong field may be a list of a million numbers.
std::string shown(const nlohmann::json& v) {
    const std::string text = v.dump();
    return text.size() <= 60 ? text : text.substr(0, 57) + "...";
}

// A field of the expected JSON type, or `fallback` when it is absent; a field of another type
// is refused with a message naming it ("lesson field \"view.mode\" must be text, got 7")
// instead of nlohmann's "type must be string, but is number".
bool bool_field(const nlohmann::json& j, const char* key, bool fallback, const std::string& where) {
    if (!j.contains(key)) {
        return fallback;
    }
    require(j.at(key).is_boolean(),
            "lesson field \"" + where + key + "\" must be true or false, got " + shown(j.at(key)));
    return j.at(key).get<bool>();
}

std::string text_value(const nlohmann::json& j, const char* key, const std::string& fallback,
                       const std::string& where) {
    if (!j.contains(key)) {
        return fallback;
    }
    require(j.at(key).is_string(),
            "lesson field \"" + where + key + "\" must be text, got " + shown(j.at(key)));
    return j.at(key).get<std::string>();
}

int64_t int_field(const nlohmann::json& j, const char* key, int64_t fallback,
                  const std::string& where) {
    if (!j.contains(key)) {
        return fallback;
    }
    require(j.at(key).is_number_integer(),
            "lesson field \"" + where + key + "\" must be a whole number, got " + shown(j.at(key)));
    return j.at(key).get<int64_t>();
}

std::vector<double> numbers_field(const nlohmann::json& j, const char* key,
                                  const std::string& where) {
    const nlohmann::json& v = j.at(key);
    bool ok = v.is_array();
    for (const auto& x : v) {
        ok = ok && x.is_number();
    }
    require(ok, "lesson field \"" + where + key + "\" must be a list of numbers, got " + shown(v));
    return v.get<std::vector<double>>();
}

nlohmann::json view_to_json(const ViewOptions& v) {
    const char* norm = v.normalization.kind == Normalization::Kind::symmetric ? "symmetric"
                       : v.normalization.kind == Normalization::Kind::fixed   ? "fixed"
                                                                              : "min_max";
    nlohmann::json j = {{"show_values", v.show_values},
                        {"mode", !v.page.empty() ? v.page
                                 : v.image_mode  ? "image"
                                                 : "matrix"},
                        {"colormap", colormap_name(v.colormap)},
                        {"normalization", norm},
                        {"step", v.step}};
    if (v.normalization.kind == Normalization::Kind::fixed) {
        j["range"] = {v.normalization.low, v.normalization.high};
    }
    if (!v.trace_view.empty()) {
        j["trace_view"] = v.trace_view;
    }
    if (!v.region.isNull()) {
        j["region"] = {v.region.x(), v.region.y(), v.region.width(), v.region.height()};
    }
    return j;
}

ViewOptions view_from_json(const nlohmann::json& j) {
    ViewOptions v;
    if (j.is_null()) {
        return v;
    }
    require(j.is_object(), "lesson field \"view\" must be an object");
    const std::string at = "view.";
    v.show_values = bool_field(j, "show_values", true, at);
    const std::string mode = text_value(j, "mode", "matrix", at);
    const auto& pages = lesson_pages();
    require(mode == "matrix" || mode == "image" ||
                std::find(pages.begin(), pages.end(), mode) != pages.end(),
            "lesson field \"view.mode\" must be \"matrix\", \"image\" or a lesson page, got \"" +
                mode + "\"");
    v.image_mode = mode == "image";
    v.page = mode == "matrix" || mode == "image" ? std::string() : mode;
    v.colormap = colormap_from_name(text_value(j, "colormap", "diverging", at));
    const std::string norm = text_value(j, "normalization", "symmetric", at);
    if (norm == "symmetric") {
        v.normalization.kind = Normalization::Kind::symmetric;
    } else if (norm == "min_max") {
        v.normalization.kind = Normalization::Kind::min_max;
    } else if (norm == "fixed") {
        v.normalization.kind = Normalization::Kind::fixed;
        const std::vector<double> range =
            j.contains("range") ? numbers_field(j, "range", at) : std::vector<double>{0.0, 1.0};
        require(range.size() == 2 && std::isfinite(range[0]) && std::isfinite(range[1]) &&
                    range[1] > range[0],
                "lesson field \"view.range\" must be [low, high] with low < high");
        v.normalization.low = static_cast<float>(range[0]);
        v.normalization.high = static_cast<float>(range[1]);
    } else {
        throw Error(
            "lesson field \"view.normalization\" must be min_max, symmetric or fixed, got \"" +
            norm + "\"");
    }
    v.trace_view = text_value(j, "trace_view", std::string(), at);
    require(v.trace_view.empty() || v.trace_view == "insert" || v.trace_view == "scatter",
            "lesson field \"view.trace_view\" must be \"insert\" or \"scatter\"");
    v.step = int_field(j, "step", 0, at);
    require(v.step >= 0, "lesson field \"view.step\" cannot be negative");
    if (j.contains("region")) {
        const std::vector<double> r = numbers_field(j, "region", at);
        const auto whole = [](double x) { return x == std::floor(x) && std::abs(x) < 1e9; };
        require(r.size() == 4 && std::all_of(r.begin(), r.end(), whole) && r[2] > 0 && r[3] > 0 &&
                    r[0] >= 0 && r[1] >= 0,
                "lesson field \"view.region\" must be [x, y, width, height]");
        v.region = QRect(static_cast<int>(r[0]), static_cast<int>(r[1]), static_cast<int>(r[2]),
                         static_cast<int>(r[3]));
    }
    return v;
}

}  // namespace

const std::vector<std::string>& lesson_pages() {
    static const std::vector<std::string> pages = {
        "laplacian", "channels", "activation", "transpose_compare", "pool_backward", "conv1d"};
    return pages;
}

QString Lesson::title(bool chinese) const {
    return chinese && !title_zh.isEmpty() ? title_zh : title_en;
}

QString Lesson::description(bool chinese) const {
    return chinese && !description_zh.isEmpty() ? description_zh : description_en;
}

Lesson lesson_from_json(const nlohmann::json& doc, const QString& base_dir) {
    require(doc.is_object(), "a lesson file must hold a JSON object");
    // The other files of the lesson list and of the playground: each names its own command.
    require(!doc.contains("format") || doc.at("format") != "convscope-training-lesson",
            "this is a training lesson (a network to train on Fashion-MNIST), not a step-by-step "
            "lesson: open it in the window (its Training tab), or train it with convscope-cli "
            "train LESSON.json --out WEIGHTS.csw");
    require(!doc.contains("format") || doc.at("format") != "convscope-pipeline",
            "this is a playground pipeline, not a step-by-step lesson: open it in the window (its "
            "Playground tab), or run it with convscope-cli run PIPELINE.json --out FOLDER");
    require(doc.contains("format") && doc.at("format") == format_name,
            "not a ConvScope lesson: \"format\" must be \"convscope-lesson\"");
    require(!doc.contains("pipeline"),
            "this lesson is a playground pipeline: open it with File ▸ Open Lesson in the window, "
            "or run it with convscope-cli run LESSON.json --out FOLDER");
    const int64_t version = int_field(doc, "version", 0, "");
    require(version >= 1 && version <= format_version,
            "lesson format version " + std::to_string(version) +
                " is not supported by this ConvScope (it reads version 1)");
    Lesson lesson;
    lesson.title_en = text_field(doc, "title", "en");
    lesson.title_zh = text_field(doc, "title", "zh");
    lesson.description_en = text_field(doc, "description", "en");
    lesson.description_zh = text_field(doc, "description", "zh");
    require(doc.contains("op") && doc.at("op").is_string(), "a lesson needs \"op\", the op's name");
    lesson.op = doc.at("op").get<std::string>();
    if (doc.contains("params") && !doc.at("params").is_null()) {
        require(doc.at("params").is_object(), "lesson field \"params\" must be an object");
        lesson.params = doc.at("params");
    }
    require(doc.contains("input"), "a lesson needs \"input\": a matrix or an image");
    const nlohmann::json& input = doc.at("input");
    require(input.is_object(),
            "lesson field \"input\" must be a matrix ({\"shape\": [...], \"data\": [...]}) or an "
            "image ({\"image\": \"photo.png\"}), got " +
                shown(input));
    if (input.is_object() && input.contains("image")) {
        require(input.at("image").is_string(), "lesson field \"input.image\" must be a file path");
        QString path = QString::fromStdString(input.at("image").get<std::string>());
        if (QFileInfo(path).isRelative() && !path.startsWith(":/")) {
            path = QDir(base_dir).filePath(path);
        }
        lesson.image_path =
            QDir::cleanPath(path.startsWith(":/") ? path : QFileInfo(path).absoluteFilePath());
        lesson.grayscale = bool_field(input, "grayscale", true, "input.");
        const int64_t max_side = int_field(input, "max_side", 0, "input.");
        require(max_side >= 0 && max_side <= 100'000,
                "lesson field \"input.max_side\" must be 0 (full size) or a side in pixels");
        lesson.max_side = static_cast<int>(max_side);
        LoadOptions options;
        options.grayscale = lesson.grayscale;
        options.max_side = lesson.max_side;
        lesson.input = read_image(lesson.image_path, options);
    } else {
        // Counted before the values are converted: a matrix no lesson can draw is refused.
        const int64_t values = input.contains("data") && input.at("data").is_array()
                                   ? static_cast<int64_t>(input.at("data").size())
                                   : 0;
        cs::require(values <= max_lesson_cells,
                    "the lesson's input matrix has " + std::to_string(values) +
                        " values; a lesson shows at most " + std::to_string(max_lesson_cells) +
                        " (2000 × 2000): for larger data use an image as the input");
        lesson.input = tensor_from_json(input, "input");
        cs::require(
            lesson.input.dim() >= 2 && lesson.input.dim() <= 4,
            "lesson field \"input\" must have 2 to 4 dimensions (N, C, H, W for images), got " +
                shape_string(lesson.input.shape()));
    }
    if (doc.contains("weight") && !doc.at("weight").is_null()) {
        lesson.weight = tensor_from_json(doc.at("weight"), "weight");
    }
    if (doc.contains("bias") && !doc.at("bias").is_null()) {
        lesson.bias = tensor_from_json(doc.at("bias"), "bias");
    }
    lesson.view = view_from_json(doc.value("view", nlohmann::json()));
    return lesson;
}

namespace {

nlohmann::json parse_lesson_file(const QString& path) {
    const std::vector<uint8_t> bytes =
        read_file_or_resource(path, max_lesson_file_bytes, "the lesson");
    try {
        return parse_json_limited(
            std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
            "the lesson \"" + path.toStdString() + "\"");
    } catch (const nlohmann::json::exception& e) {
        throw Error("\"" + path.toStdString() + "\" is not valid JSON: " + e.what());
    }
}

}  // namespace

LessonTitles read_lesson_titles(const QString& path) {
    const nlohmann::json doc = parse_lesson_file(path);
    require(doc.is_object(), "a lesson file must hold a JSON object");
    const int order =
        doc.contains("order") && doc["order"].is_number_integer() ? doc["order"].get<int>() : 1000;
    return {text_field(doc, "title", "en"), text_field(doc, "title", "zh"), order};
}

Lesson read_lesson(const QString& path) {
    const nlohmann::json doc = parse_lesson_file(path);
    try {
        return lesson_from_json(doc, QFileInfo(path).absolutePath());
    } catch (const nlohmann::json::exception& e) {
        throw Error("\"" + path.toStdString() + "\" has a field of the wrong type: " + e.what());
    }
}

nlohmann::json lesson_to_json(const Lesson& lesson, const QString& base_dir) {
    nlohmann::json doc = {{"format", format_name}, {"version", format_version}};
    doc["title"] = {{"en", lesson.title_en.toStdString()}, {"zh", lesson.title_zh.toStdString()}};
    doc["description"] = {{"en", lesson.description_en.toStdString()},
                          {"zh", lesson.description_zh.toStdString()}};
    doc["op"] = lesson.op;
    doc["params"] = lesson.params;
    if (!lesson.image_path.isEmpty()) {
        const QString relative = QDir(base_dir).relativeFilePath(lesson.image_path);
        const QString stored = lesson.image_path.startsWith(":/") ? lesson.image_path : relative;
        doc["input"] = {{"image", stored.toStdString()},
                        {"grayscale", lesson.grayscale},
                        {"max_side", lesson.max_side}};
    } else {
        doc["input"] = tensor_to_json(lesson.input);
    }
    doc["weight"] = lesson.weight.empty() ? nlohmann::json(nullptr) : tensor_to_json(lesson.weight);
    doc["bias"] = lesson.bias.empty() ? nlohmann::json(nullptr) : tensor_to_json(lesson.bias);
    doc["view"] = view_to_json(lesson.view);
    return doc;
}

Tensor read_image(const QString& path, const LoadOptions& options) {
    return decode_image(read_file_or_resource(path, max_image_file_bytes, "the image"),
                        path.toStdString(), options);
}

void write_file_atomically(const QString& path, const QByteArray& bytes, const QString& what) {
    cs::write_file_atomically(path.toStdString(), std::string_view(bytes.constData(), bytes.size()),
                              what.toStdString());
}

void write_lesson(const Lesson& lesson, const QString& path) {
    const nlohmann::json doc = lesson_to_json(lesson, QFileInfo(path).absolutePath());
    write_file_atomically(path, QByteArray::fromStdString(doc.dump(2) + "\n"), "the lesson");
}

}  // namespace cs::core
