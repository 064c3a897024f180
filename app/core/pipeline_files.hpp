#pragma once
// The pipelines shipped with the app (resources/pipelines/, compiled into the resources).
#include <QString>
#include <vector>

namespace cs::core {

struct ShippedPipeline {
    QString path;  // ":/resources/pipelines/<id>.json"
    QString name_en;
    QString name_zh;
    QString name(bool chinese) const { return chinese && !name_zh.isEmpty() ? name_zh : name_en; }
};

// In menu order; names read from the files.
std::vector<ShippedPipeline> shipped_pipelines();

// True when `path` is a lesson file that holds a playground pipeline (see
// pipeline::is_pipeline_lesson): File ▸ Open Lesson then opens it in the playground. False for
// anything unreadable, which the lesson reader then reports.
bool is_pipeline_lesson_file(const QString& path);

}  // namespace cs::core
