#pragma once
// A lesson: everything on screen for one operation — the op and its parameters, the input
// (a small matrix or an image), the kernels, and the view options. Saved as JSON; the format
// is documented in docs/lesson-format.md.
#include <QRect>
#include <QString>

#include <nlohmann/json.hpp>

#include "engine/colormap.hpp"
#include "engine/image_io.hpp"
#include "engine/tensor.hpp"

namespace cs::core {

// The most cells a lesson animates (its padded input plus its output): no screen shows more,
// and each costs a layout box and a painted cell.
inline constexpr int64_t max_lesson_cells = 4'000'000;
// A lesson file holds at most this many bytes: a matrix of max_lesson_cells values written
// out in full. Larger files are refused before they are parsed (a 125 MB matrix took 3.8 GB).
inline constexpr int64_t max_lesson_file_bytes = int64_t{64} << 20;

struct ViewOptions {
    bool show_values = true;
    bool image_mode = false;  // false: the matrix of cells; true: the whole image side by side
    // A lesson page of its own instead of the canvas: "laplacian", "channels", "activation",
    // "transpose_compare", … (empty: the canvas or image mode). See lesson_pages().
    std::string page;
    Colormap colormap = Colormap::diverging;
    Normalization normalization{Normalization::Kind::symmetric};
    int64_t step = 0;        // current step of the animation
    std::string trace_view;  // conv_transpose2d: "insert" (default) or "scatter"
    QRect region;            // image mode: the part of the image the animation runs on
};

struct Lesson {
    QString title_en;
    QString title_zh;
    QString description_en;
    QString description_zh;
    std::string op = "conv2d";
    nlohmann::json params = nlohmann::json::object();
    Tensor input;        // [1, C, H, W]: the matrix, or the loaded image in image mode
    QString image_path;  // set when the input comes from an image file (absolute path)
    bool grayscale = true;
    int max_side = 0;  // image input: shrink to this longer side (0 = full size)
    Tensor weight;     // empty for ops without one
    Tensor bias;       // empty when there is no bias
    ViewOptions view;

    // The title in the current UI language (Chinese when `chinese` and one is given).
    QString title(bool chinese) const;
    QString description(bool chinese) const;
};

// The names of the special lesson pages a lesson's view.mode may name.
const std::vector<std::string>& lesson_pages();

// The titles of a lesson file without loading its image (for the lesson list).
struct LessonTitles {
    QString en;
    QString zh;
    int order = 1000;  // place in the lesson list ("order" in the file; the course order)
    QString title(bool chinese) const { return chinese && !zh.isEmpty() ? zh : en; }
};
LessonTitles read_lesson_titles(const QString& path);

// Reads a lesson file. Relative image paths are resolved against the file's folder.
// Throws cs::Error with a message naming the field for anything malformed.
Lesson read_lesson(const QString& path);
Lesson lesson_from_json(const nlohmann::json& doc, const QString& base_dir);

// Writes everything on screen; image paths are stored relative to the file's folder when
// they lie inside it. The write goes to a temporary file that replaces the target only when
// complete, so a failure never destroys the previous copy.
void write_lesson(const Lesson& lesson, const QString& path);
nlohmann::json lesson_to_json(const Lesson& lesson, const QString& base_dir);

// Reads an image from a file or from the app's resources (":/..."), as load_image does.
Tensor read_image(const QString& path, const LoadOptions& options = {});

// Writes `bytes` to `path` atomically (temporary file + rename). Throws cs::Error on failure.
void write_file_atomically(const QString& path, const QByteArray& bytes,
                           const QString& what = QStringLiteral("the file"));

}  // namespace cs::core
