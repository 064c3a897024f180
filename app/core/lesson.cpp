#include "app/core/lesson.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <array>
#include <limits>

#include "engine/case_file.hpp"
#include "engine/error.hpp"
#include "engine/image_io.hpp"

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

// A whole number from lesson field `name` (`key` of `j`), or `fallback` when it is absent.
// A fraction or a number outside [low, high] is refused: converting 1e23 to an int would be
// undefined behaviour.
int64_t whole_number(const nlohmann::json& j, const char* key, const std::string& name,
                     int64_t fallback, int64_t low, int64_t high) {
    if (!j.contains(key)) {
        return fallback;
    }
    const nlohmann::json& v = j.at(key);
    require(v.is_number_integer() &&
                (v.is_number_unsigned()
                     ? v.get<uint64_t>() <= static_cast<uint64_t>(high) && v.get<int64_t>() >= low
                     : v.get<int64_t>() >= low && v.get<int64_t>() <= high),
            "lesson field \"" + name + "\" must be a whole number from " + std::to_string(low) +
                " to " + std::to_string(high) + ", got " + v.dump());
    return v.get<int64_t>();
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
    v.show_values = j.value("show_values", true);
    const std::string mode = j.value("mode", std::string("matrix"));
    const auto& pages = lesson_pages();
    require(mode == "matrix" || mode == "image" ||
                std::find(pages.begin(), pages.end(), mode) != pages.end(),
            "lesson field \"view.mode\" must be \"matrix\", \"image\" or a lesson page, got \"" +
                mode + "\"");
    v.image_mode = mode == "image";
    v.page = mode == "matrix" || mode == "image" ? std::string() : mode;
    v.colormap = colormap_from_name(j.value("colormap", std::string("diverging")));
    const std::string norm = j.value("normalization", std::string("symmetric"));
    if (norm == "symmetric") {
        v.normalization.kind = Normalization::Kind::symmetric;
    } else if (norm == "min_max") {
        v.normalization.kind = Normalization::Kind::min_max;
    } else if (norm == "fixed") {
        v.normalization.kind = Normalization::Kind::fixed;
        const auto range = j.value("range", std::vector<float>{0.0f, 1.0f});
        require(range.size() == 2 && range[1] > range[0],
                "lesson field \"view.range\" must be [low, high] with low < high");
        v.normalization.low = range[0];
        v.normalization.high = range[1];
    } else {
        throw Error(
            "lesson field \"view.normalization\" must be min_max, symmetric or fixed, got \"" +
            norm + "\"");
    }
    v.trace_view = j.value("trace_view", std::string());
    require(v.trace_view.empty() || v.trace_view == "insert" || v.trace_view == "scatter",
            "lesson field \"view.trace_view\" must be \"insert\" or \"scatter\"");
    v.step = whole_number(j, "step", "view.step", 0, 0, std::numeric_limits<int64_t>::max());
    if (j.contains("region")) {
        const nlohmann::json& r = j.at("region");
        const char* const message =
            "lesson field \"view.region\" must be [x, y, width, height] in pixels";
        require(r.is_array() && r.size() == 4, message);
        std::array<int, 4> xywh{};
        for (size_t i = 0; i < 4; ++i) {
            require(r[i].is_number_integer() && r[i].get<int64_t>() >= (i < 2 ? 0 : 1) &&
                        r[i].get<int64_t>() <= (1 << 20),
                    message);
            xywh[i] = static_cast<int>(r[i].get<int64_t>());
        }
        v.region = QRect(xywh[0], xywh[1], xywh[2], xywh[3]);
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
    require(doc.value("format", std::string()) == format_name,
            "not a ConvScope lesson: \"format\" must be \"convscope-lesson\"");
    const int64_t version = whole_number(doc, "version", "version", 0, 0, 1 << 30);
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
    if (input.is_object() && input.contains("image")) {
        require(input.at("image").is_string(), "lesson field \"input.image\" must be a file path");
        QString path = QString::fromStdString(input.at("image").get<std::string>());
        if (QFileInfo(path).isRelative() && !path.startsWith(":/")) {
            path = QDir(base_dir).filePath(path);
        }
        lesson.image_path =
            QDir::cleanPath(path.startsWith(":/") ? path : QFileInfo(path).absoluteFilePath());
        lesson.grayscale = input.value("grayscale", true);
        lesson.max_side =
            static_cast<int>(whole_number(input, "max_side", "input.max_side", 0, 0, 1 << 20));
        LoadOptions options;
        options.grayscale = lesson.grayscale;
        options.max_side = lesson.max_side;
        lesson.input = read_image(lesson.image_path, options);
    } else {
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
    QFile file(path);
    require(file.open(QIODevice::ReadOnly),
            "cannot open lesson file \"" + path.toStdString() + "\"");
    require(file.size() < 256 * 1024 * 1024,
            "lesson file \"" + path.toStdString() + "\" is larger than 256 MiB");
    const QByteArray bytes = file.readAll();
    try {
        return nlohmann::json::parse(bytes.constBegin(), bytes.constEnd());
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
    QFile file(path);
    const std::string name = QString("\"%1\"").arg(path).toStdString();
    require(file.open(QIODevice::ReadOnly),
            "cannot open " + name + ": no such file, or it is not readable");
    require(file.size() < (qint64{1} << 31), name + " is larger than 2 GiB");
    const QByteArray bytes = file.readAll();
    return decode_image(std::vector<uint8_t>(bytes.begin(), bytes.end()), path.toStdString(),
                        options);
}

void write_file_atomically(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    require(file.open(QIODevice::WriteOnly),
            "cannot write \"" + path.toStdString() + "\": " + file.errorString().toStdString());
    require(file.write(bytes) == bytes.size(),
            "cannot write \"" + path.toStdString() + "\": " + file.errorString().toStdString());
    require(file.commit(),
            "cannot save \"" + path.toStdString() + "\": " + file.errorString().toStdString());
}

void write_lesson(const Lesson& lesson, const QString& path) {
    const nlohmann::json doc = lesson_to_json(lesson, QFileInfo(path).absolutePath());
    write_file_atomically(path, QByteArray::fromStdString(doc.dump(2) + "\n"));
}

}  // namespace cs::core
