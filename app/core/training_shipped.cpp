#include "app/core/training_shipped.hpp"

#include <QFile>
#include <QFileInfo>

#include <vector>

#include "app/core/read_file.hpp"
#include "engine/data/fashion_mnist.hpp"
#include "engine/error.hpp"
#include "engine/file_read.hpp"

namespace cs::core {
namespace {

std::vector<uint8_t> read_resource(const QString& path) {
    QFile file(path);
    require(file.open(QIODevice::ReadOnly),
            "the app's resource " + path.toStdString() + " is missing (was it compiled in?)");
    const QByteArray bytes = file.readAll();
    return {bytes.begin(), bytes.end()};
}

}  // namespace

QStringList shipped_lesson_names() {
    return {"lenet_d2l", "lenet_modern"};
}

cs::Lesson shipped_lesson(const QString& name) {
    const std::vector<uint8_t> bytes = read_resource(":/resources/lessons/" + name + ".json");
    Lesson lesson = lesson_from_json(parse_json_limited(
        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
        "the shipped lesson " + name.toStdString()));
    if (lesson.name.empty()) {
        lesson.name = name.toStdString();
    }
    return lesson;
}

WeightsFile shipped_weights(const QString& name) {
    return parse_weights(read_resource(":/resources/weights/" + name + ".csw"),
                         name.toStdString() + ".csw");
}

cs::Lesson read_training_lesson(const QString& path) {
    const std::vector<uint8_t> bytes =
        read_file_or_resource(path, max_json_file_bytes, "the training lesson");
    Lesson lesson = lesson_from_json(parse_json_limited(
        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
        "the training lesson " + path.toStdString()));
    if (lesson.name.empty()) {
        lesson.name = QFileInfo(path).completeBaseName().toStdString();
    }
    return lesson;
}

bool is_training_lesson_file(const QString& path) {
    try {
        const std::vector<uint8_t> bytes =
            read_file_or_resource(path, max_json_file_bytes, "the lesson");
        const nlohmann::json doc = parse_json_limited(
            std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
            "the lesson");
        return doc.is_object() && doc.contains("format") &&
               doc.at("format") == "convscope-training-lesson";
    } catch (const std::exception&) {
        return false;
    }
}

QStringList class_names(bool chinese) {
    QStringList names;
    for (const ClassName& name : fashion_mnist_classes()) {
        names << QString::fromUtf8(chinese ? name.chinese : name.english);
    }
    return names;
}

}  // namespace cs::core
