#include "app/core/frame_export.hpp"

#include <QBuffer>
#include <QDir>
#include <QImage>
#include <QPainter>

#include "app/core/frame_painter.hpp"
#include "app/core/lesson.hpp"
#include "app/core/lesson_controller.hpp"
#include "engine/error.hpp"
#include "engine/video_writer.hpp"

namespace cs::core {
namespace {

// A controller of its own: export may run on a worker thread while the window goes on.
struct ExportSession {
    LessonController controller;
    int64_t first = 0;
    int64_t last = 0;

    ExportSession(const Lesson& lesson, const ExportOptions& options) {
        controller.set_lesson(lesson);
        require(controller.valid(),
                "the lesson cannot be rendered: " + controller.error().toStdString());
        const int64_t total = controller.total_steps();
        first = options.first_step;
        last = options.last_step < 0 ? total - 1 : options.last_step;
        require(first >= 0 && first <= last && last < total,
                "steps " + std::to_string(first) + ":" + std::to_string(last) +
                    " are outside the lesson's steps 0:" + std::to_string(total - 1));
    }

    QImage frame(int64_t step, double phase, const ExportOptions& options) {
        controller.set_step(step);
        QImage image(options.size, QImage::Format_RGB888);
        QPainter painter(&image);
        paint_frame(painter, QRectF(QPointF(0, 0), QSizeF(options.size)),
                    frame_state(controller, phase, options.chinese), options.theme);
        return image;
    }
};

}  // namespace

void save_png(const QImage& image, const QString& path) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    require(image.save(&buffer, "PNG"), "cannot encode the image as PNG");
    write_file_atomically(path, bytes, QStringLiteral("the image"));
}

int64_t export_png_frames(const Lesson& lesson, const ExportOptions& options, const QString& folder,
                          const ExportProgress& progress) {
    ExportSession session(lesson, options);
    require(QDir().mkpath(folder), "cannot create the folder \"" + folder.toStdString() + "\"");
    const int64_t total = session.last - session.first + 1;
    for (int64_t step = session.first; step <= session.last; ++step) {
        const QString path =
            QDir(folder).filePath(QString("step_%1.png").arg(step, 5, 10, QChar('0')));
        save_png(session.frame(step, 0.0, options), path);
        if (progress && !progress(step - session.first + 1, total)) {
            return step - session.first + 1;
        }
    }
    return total;
}

int64_t export_video(const Lesson& lesson, const ExportOptions& options, const QString& file,
                     const ExportProgress& progress) {
    ExportSession session(lesson, options);
    const QSize even(options.size.width() / 2 * 2, options.size.height() / 2 * 2);
    ExportOptions sized = options;
    sized.size = even;
    VideoWriter writer(file.toStdString(), even.width(), even.height(), options.frames_per_second);
    const int per_step = std::max(1, options.frames_per_step);
    const int64_t total = (session.last - session.first + 1) * per_step;
    int64_t done = 0;
    for (int64_t step = session.first; step <= session.last; ++step) {
        for (int f = 0; f < per_step; ++f) {
            // The window rests on a step for half its frames, then glides to the next one.
            const double phase =
                step < session.last ? std::max(0.0, (f - per_step / 2.0) / (per_step / 2.0)) : 0.0;
            const QImage image = session.frame(step, phase, sized);
            writer.write_rgb(image.constBits(), image.bytesPerLine());
            ++done;
            if (progress && !progress(done, total)) {
                return writer.close();
            }
        }
    }
    return writer.close();
}

}  // namespace cs::core
