#include "app/core/pipeline_files.hpp"

#include <QFile>

#include <nlohmann/json.hpp>

#include "engine/pipeline/pipeline_spec.hpp"

namespace cs::core {

std::vector<ShippedPipeline> shipped_pipelines() {
    std::vector<ShippedPipeline> out;
    for (const char* id : {"edge_detectors", "two_blocks", "vgg_block", "lenet"}) {
        ShippedPipeline p;
        p.path = QString(":/resources/pipelines/%1.json").arg(id);
        QFile file(p.path);
        if (!file.open(QIODevice::ReadOnly)) {
            continue;
        }
        const QByteArray bytes = file.readAll();
        const nlohmann::json doc =
            nlohmann::json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, false);
        if (doc.is_discarded()) {
            continue;
        }
        p.name_en = QString::fromStdString(doc.value("name", std::string(id)));
        p.name_zh = QString::fromStdString(doc.value("name_zh", std::string()));
        out.push_back(p);
    }
    return out;
}

bool is_pipeline_lesson_file(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > (64 << 20)) {
        return false;
    }
    const QByteArray bytes = file.readAll();
    const nlohmann::json doc =
        nlohmann::json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, false);
    return !doc.is_discarded() && pipeline::is_pipeline_lesson(doc);
}

}  // namespace cs::core
