// Fuzz target: the lesson-file reader of the core library (app/core/lesson.hpp). Image paths
// may name only the scratch folder's "tiny.png" (or anything else in that folder) and the
// app's compiled-in resources.
#include <QString>

#include <nlohmann/json.hpp>

#include "app/core/lesson.hpp"
#include "tests/fuzz/fuzz_helpers.hpp"

namespace cs::fuzz {
namespace {

bool names_only_safe_images(const nlohmann::json& doc) {
    if (!doc.is_object() || !doc.contains("input")) {
        return true;
    }
    const nlohmann::json& input = doc["input"];
    return !(input.is_object() && input.contains("image") && input["image"].is_string()) ||
           is_safe_image_path(input["image"].get<std::string>());
}

}  // namespace

void fuzz_lesson(Input input) {
    const nlohmann::json doc = nlohmann::json::parse(input.begin(), input.end(), nullptr, false);
    if (doc.is_discarded() || !names_only_safe_images(doc)) {
        return;
    }
    core::Lesson lesson;
    try {
        lesson = core::lesson_from_json(doc, QString::fromStdString(scratch_dir()));
    } catch (const nlohmann::json::exception& e) {
        throw Error(e.what());  // as read_lesson does
    }
    // What the app does next with a loaded lesson: write it back (autosave, Save As).
    core::lesson_to_json(lesson, QString::fromStdString(scratch_dir())).dump();
}

}  // namespace cs::fuzz

CONVSCOPE_FUZZ_TARGET(cs::fuzz::fuzz_lesson)
