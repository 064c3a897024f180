#include "app/core/pipeline_files.hpp"

#include <QFile>

#include <nlohmann/json.hpp>

#include "app/core/read_file.hpp"
#include "engine/file_read.hpp"
#include "engine/pipeline/pipeline_spec.hpp"

namespace cs::core {

std::vector<ShippedPipeline> shipped_pipelines() {
    std::vector<ShippedPipeline> out;
    for (const char* id : {"edge_detectors", "two_blocks", "vgg_block", "lenet", "residual_block",
                           "inception_block"}) {
        ShippedPipeline p;
        p.path = QString(":/resources/pipelines/%1.json").arg(id);
        QFile file(p.path);
        if (!file.open(QIODevice::ReadOnly)) {
            continue;
        }
        const QByteArray bytes = file.readAll();
        nlohmann::json doc;
        try {
            doc = parse_json_limited(std::string_view(bytes.constData(), bytes.size()), id);
        } catch (const std::exception&) {
            continue;
        }
        p.name_en = QString::fromStdString(doc.value("name", std::string(id)));
        p.name_zh = QString::fromStdString(doc.value("name_zh", std::string()));
        out.push_back(p);
    }
    return out;
}

bool is_pipeline_lesson_file(const QString& path) {
    // Anything that cannot be read or parsed is not a pipeline lesson; opening it as a lesson
    // then says why.
    try {
        const std::vector<uint8_t> bytes =
            read_file_or_resource(path, pipeline::max_pipeline_file_bytes, "the lesson");
        const nlohmann::json doc = parse_json_limited(
            std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
            "the lesson");
        return pipeline::is_pipeline_lesson(doc);
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace cs::core
