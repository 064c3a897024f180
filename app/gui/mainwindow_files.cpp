// The main window's file side: opening images and lessons, saving, recent files, drag and
// drop, pasting, and exporting frames and animations.
#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QMenu>
#include <QMimeData>
#include <QProgressDialog>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>

#include <atomic>
#include <memory>

#include "app/core/background.hpp"
#include "app/core/frame_export.hpp"
#include "app/core/pipeline_files.hpp"
#include "app/core/training_controller.hpp"
#include "app/core/training_shipped.hpp"
#include "app/gui/image_mode_view.hpp"
#include "app/gui/lesson_canvas.hpp"
#include "app/gui/mainwindow.hpp"
#include "app/gui/model_page.hpp"
#include "app/gui/playground_view.hpp"
#include "app/gui/training_page.hpp"
#include "app/gui/training_tab.hpp"
#include "engine/image_io.hpp"
#include "engine/versions.hpp"

namespace cs::gui {

QString about_text() {
    return QObject::tr(
               "<h3>ConvScope %1</h3><p>See how convolutional networks compute, step by step.</p>"
               "<p>Qt %2 · OpenCV %3 · oneTBB %4</p>")
        .arg(QApplication::applicationVersion(), qVersion(),
             QString::fromStdString(opencv_version()), QString::fromStdString(tbb_version()));
}

// What a file is, from its first bytes rather than its name: the desktop opens lessons,
// pipelines and weights with their own MIME types, whatever they are called.
MainWindow::FileKind MainWindow::file_kind(const QString& path) {
    if (path.startsWith(":/")) {
        return path.endsWith(".json", Qt::CaseInsensitive) ? FileKind::lesson : FileKind::image;
    }
    // Only a regular file is looked into (a FIFO would block); anything else is opened as an
    // image, whose reader says what is wrong with it.
    // ONNX files are protobuf without a signature: known by their name.
    if (path.endsWith(".onnx", Qt::CaseInsensitive)) {
        return FileKind::model;
    }
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly)) {
        return FileKind::image;
    }
    const std::string text = file.read(512).toStdString();
    if (text.rfind("\x89"
                   "CSW",
                   0) == 0) {  // the weights file signature
        return FileKind::weights;
    }
    if (text.find("\"convscope-pipeline\"") != std::string::npos) {
        return FileKind::pipeline;
    }
    const size_t first = text.find_first_not_of(" \t\r\n");
    const bool json = first != std::string::npos && (text[first] == '{' || text[first] == '[');
    return json || path.endsWith(".json", Qt::CaseInsensitive) ? FileKind::lesson : FileKind::image;
}

bool MainWindow::open_file(const QString& path) {
    switch (file_kind(path)) {
        case FileKind::weights:
            try {
                training_tab_->controller()->load_weights_file(path);
                workspaces_->setCurrentWidget(training_workspace());
                return true;
            } catch (const std::exception& e) {
                show_error(QT_TR_NOOP("Cannot open the weights"), QString::fromUtf8(e.what()));
                return false;
            }
        case FileKind::pipeline:
            workspaces_->setCurrentWidget(playground_scroll_);
            return playground_->open_pipeline(path);
        case FileKind::lesson:
            return open_lesson(path);
        case FileKind::model:
            open_model(path);
            return true;
        case FileKind::image:
            break;
    }
    return open_image(path);
}

// Decoding a 12-megapixel photo takes a while: it happens on a worker thread.
bool MainWindow::open_image(const QString& path) {
    status_line_->say({QT_TR_NOOP("Loading %1…"), {QFileInfo(path).fileName()}});
    QApplication::setOverrideCursor(Qt::BusyCursor);
    core::run_in_background(
        this,
        [path] {
            LoadOptions options;
            options.grayscale = false;
            return core::read_image(path, options);
        },
        [this, path](std::optional<Tensor> image, const QString& error) {
            QApplication::restoreOverrideCursor();
            if (!image) {
                show_error(QT_TR_NOOP("Cannot open the image"), error);
                return;
            }
            controller_.set_image(std::move(*image), QFileInfo(path).absoluteFilePath());
            set_image_mode(true);  // a new photo is first seen whole, with its feature map
            settings_.add_recent_file(QFileInfo(path).absoluteFilePath());
            refresh_recent_menu();
            status_line_->say({QT_TR_NOOP("Opened %1"), {QFileInfo(path).fileName()}}, 5000);
            emit image_opened(path);
        });
    return true;
}

void MainWindow::open_model(const QString& path) {
    workspaces_->setCurrentWidget(model_scroll_);
    model_page_->open_model(path);
}

bool MainWindow::open_lesson(const QString& path) {
    if (core::is_pipeline_lesson_file(path)) {
        workspaces_->setCurrentWidget(playground_scroll_);
        if (!playground_->open_pipeline(path)) {
            return false;  // the playground has shown why
        }
        if (!path.startsWith(":/")) {
            settings_.add_recent_file(QFileInfo(path).absoluteFilePath());
            refresh_recent_menu();
        }
        return true;
    }
    if (core::is_training_lesson_file(path)) {
        return open_training_lesson(path);
    }
    try {
        core::Lesson lesson = core::read_lesson(path);
        const bool image = !lesson.image_path.isEmpty() && lesson.view.image_mode;
        const std::string page = lesson.view.page;
        controller_.set_lesson(std::move(lesson));
        lesson_path_ = path;
        if (!path.startsWith(":/")) {
            settings_.add_recent_file(QFileInfo(path).absoluteFilePath());
            refresh_recent_menu();
        }
        page.empty() ? set_image_mode(image) : show_page(page);
        if (page.empty() &&
            op_handler(controller_.lesson().op).weight_layout == WeightLayout::conv_transposed &&
            controller_.lesson().view.trace_view != "scatter") {
            canvas_->build_grid();  // first see the zeros, border and output_padding appear
        }
        show_values_->setChecked(controller_.lesson().view.show_values);
        retranslate();
        return true;
    } catch (const std::exception& e) {
        show_error(QT_TR_NOOP("Cannot open the lesson"), QString::fromUtf8(e.what()));
        return false;
    }
}

// A training lesson (the LeNet entries of the lesson list) is a network to train: the Training
// tab opens with it. The run in progress is kept when it already trains that network.
bool MainWindow::open_training_lesson(const QString& path) {
    try {
        const cs::Lesson lesson = core::read_training_lesson(path);
        core::TrainingController* training = training_tab_->controller();
        if (training->lesson().name != lesson.name || training->snapshot() == nullptr) {
            if (training->busy()) {
                show_error(QT_TR_NOOP("Cannot open the lesson"),
                           QT_TR_NOOP("The Training tab is training another network: cancel "
                                      "it first."));
                return false;
            }
            training->set_lesson(lesson);
        }
        workspaces_->setCurrentWidget(training_workspace());
        training_tab_->setCurrentWidget(training_tab_->train_page());
        if (!path.startsWith(":/")) {
            settings_.add_recent_file(QFileInfo(path).absoluteFilePath());
            refresh_recent_menu();
        }
        return true;
    } catch (const std::exception& e) {
        show_error(QT_TR_NOOP("Cannot open the lesson"), QString::fromUtf8(e.what()));
        return false;
    }
}

bool MainWindow::save_lesson(const QString& path) {
    try {
        core::Lesson lesson = controller_.lesson();
        lesson.view.image_mode = stack_->currentWidget() == image_view_;
        core::write_lesson(lesson, path);
        lesson_path_ = path;
        settings_.add_recent_file(QFileInfo(path).absoluteFilePath());
        refresh_recent_menu();
        controller_.undo_stack()->setClean();
        retranslate();
        status_line_->say({QT_TR_NOOP("Saved %1"), {QFileInfo(path).fileName()}}, 5000);
        return true;
    } catch (const std::exception& e) {
        show_error(QT_TR_NOOP("Cannot save the lesson"), QString::fromUtf8(e.what()));
        return false;
    }
}

void MainWindow::refresh_recent_menu() {
    recent_menu_->clear();
    const QStringList files = settings_.recent_files();
    for (const QString& file : files) {
        QAction* a = recent_menu_->addAction(QFileInfo(file).fileName());
        a->setToolTip(file);
        connect(a, &QAction::triggered, this, [this, file] { open_file(file); });
    }
    recent_menu_->setEnabled(!files.isEmpty());
    if (!files.isEmpty()) {
        recent_menu_->addSeparator();
        connect(recent_menu_->addAction(tr("Clear Recent")), &QAction::triggered, this, [this] {
            settings_.clear_recent_files();
            refresh_recent_menu();
        });
    }
}

void MainWindow::refresh_recent_models_menu() {
    recent_models_menu_->clear();
    const QStringList models = settings_.recent_models();
    for (const QString& model : models) {
        QAction* a = recent_models_menu_->addAction(QFileInfo(model).fileName());
        a->setToolTip(model);
        a->setData(model);
        connect(a, &QAction::triggered, this, [this, model] { open_model(model); });
    }
    recent_models_menu_->setEnabled(!models.isEmpty());
    if (!models.isEmpty()) {
        recent_models_menu_->addSeparator();
        connect(recent_models_menu_->addAction(tr("Clear Recent Models")), &QAction::triggered,
                this, [this] {
                    settings_.clear_recent_models();
                    refresh_recent_models_menu();
                });
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls() || event->mimeData()->hasImage()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QMimeData* data = event->mimeData();
    if (data->hasUrls() && !data->urls().isEmpty()) {
        const QString path = data->urls().first().toLocalFile();
        open_file(path);
        event->acceptProposedAction();
    } else if (data->hasImage()) {
        paste_image();
    }
}

// A pasted image goes through the same decoder as a file: PNG-encode, then load.
void MainWindow::paste_image() {
    const QImage image = QApplication::clipboard()->image();
    if (image.isNull()) {
        show_error(QT_TR_NOOP("Paste Image"), QT_TR_NOOP("The clipboard holds no image."));
        return;
    }
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    try {
        Tensor t = decode_image(std::vector<uint8_t>(png.begin(), png.end()), "pasted image");
        controller_.set_image(std::move(t), tr("pasted image"));
        set_image_mode(true);
    } catch (const std::exception& e) {
        show_error(QT_TR_NOOP("Paste Image"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::export_frame() {
    QString path = QFileDialog::getSaveFileName(this, tr("Export Frame as PNG"), "frame.png",
                                                tr("PNG images (*.png)"));
    if (path.isEmpty()) {
        return;
    }
    if (!path.endsWith(".png", Qt::CaseInsensitive)) {
        path += ".png";
    }
    try {
        if (stack_->currentWidget() == image_view_) {
            image_view_->export_output(path);
        } else {
            core::save_png(canvas_->render_frame(QSize(1600, 1000) * devicePixelRatioF()), path);
        }
        status_line_->say({QT_TR_NOOP("Wrote %1"), {path}}, 5000);
    } catch (const std::exception& e) {
        show_error(QT_TR_NOOP("Export Frame"), QString::fromUtf8(e.what()));
    }
}

// Renders every step to a video (or PNG frames into a folder) on a worker thread, with a
// progress dialog whose Cancel stops it.
void MainWindow::export_animation() {
    QString path =
        QFileDialog::getSaveFileName(this, tr("Export Animation"), "lesson.mp4",
                                     tr("Video (*.mp4 *.avi);;PNG frames in a folder (*)"));
    if (path.isEmpty()) {
        return;
    }
    core::ExportOptions options;
    options.theme = canvas_->theme();
    options.chinese = language_.chinese();
    const core::Lesson lesson = controller_.lesson();
    auto* progress =
        new QProgressDialog(tr("Rendering the animation…"), tr("Cancel"), 0, 1000, this);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(0);
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    auto fraction = std::make_shared<std::atomic<int>>(0);
    connect(progress, &QProgressDialog::canceled, this, [cancelled] { *cancelled = true; });
    auto* poll = new QTimer(progress);
    connect(poll, &QTimer::timeout, progress,
            [progress, fraction] { progress->setValue(*fraction); });
    poll->start(100);
    const bool video =
        path.endsWith(".mp4", Qt::CaseInsensitive) || path.endsWith(".avi", Qt::CaseInsensitive);
    core::run_in_background(
        this,
        [lesson, options, path, video, cancelled, fraction] {
            auto report = [cancelled, fraction](int64_t done, int64_t total) {
                *fraction = static_cast<int>(done * 1000 / std::max<int64_t>(1, total));
                return !*cancelled;
            };
            return video ? core::export_video(lesson, options, path, report)
                         : core::export_png_frames(lesson, options, path, report);
        },
        [this, progress, path, cancelled](std::optional<int64_t> frames, const QString& error) {
            progress->close();
            if (!frames) {
                show_error(QT_TR_NOOP("Export Animation"), error);
            } else if (!*cancelled) {
                status_line_->say({QT_TR_NOOP("Wrote %1 frames to %2"), {*frames, path}}, 8000);
            }
        });
}

}  // namespace cs::gui
