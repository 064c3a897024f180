#pragma once
// Renders a range of a lesson's steps to PNG files or a video with the frame painter — the
// same drawing as the window. Used by `convscope-cli render` and by Export Animation….
#include <QSize>
#include <QString>
#include <functional>

#include "app/core/lesson.hpp"
#include "app/core/theme.hpp"

class QImage;

namespace cs::core {

struct ExportOptions {
    int64_t first_step = 0;
    int64_t last_step = -1;  // −1 = the last step of the lesson
    QSize size{1280, 720};
    Theme theme;
    bool chinese = false;
    int frames_per_step = 12;  // video only: the glide between two steps
    double frames_per_second = 30.0;
};

// Called after each frame with (frames done, frames in all); returning false cancels.
using ExportProgress = std::function<bool(int64_t, int64_t)>;

// Writes step_00000.png … into `folder` (created if missing). Returns the number of frames
// written; throws cs::Error for an invalid lesson or step range, or a write failure.
// Writes `image` as a PNG file that replaces `path` only once it is whole on the disk.
// Throws cs::Error otherwise (the old file stays).
void save_png(const QImage& image, const QString& path);

int64_t export_png_frames(const Lesson& lesson, const ExportOptions& options, const QString& folder,
                          const ExportProgress& progress = {});
int64_t export_video(const Lesson& lesson, const ExportOptions& options, const QString& file,
                     const ExportProgress& progress = {});

}  // namespace cs::core
