#include "app/core/autosave.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <sys/types.h>
#include <csignal>

#include "app/core/lesson.hpp"
#include "app/core/lesson_controller.hpp"

namespace cs::core {
namespace {

bool process_alive(qint64 pid) {
    return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0;
}

}  // namespace

Autosave::Autosave(LessonController* controller, QString folder, QObject* parent)
    : QObject(parent), controller_(controller), folder_(std::move(folder)) {
    if (folder_.isEmpty()) {
        folder_ = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                      .filePath("autosave");
    }
    QDir().mkpath(folder_);
    // A session file whose process is gone: that run did not close normally.
    QFile session(session_path());
    if (session.open(QIODevice::ReadOnly)) {
        const qint64 pid = session.readAll().trimmed().toLongLong();
        session.close();
        if (!process_alive(pid) && QFile::exists(lesson_path())) {
            recovery_path_ = lesson_path();
        }
    }
    if (!recovery_path_.isEmpty()) {
        // Keep the old copy apart so that this session's autosaves do not overwrite it.
        const QString kept = QDir(folder_).filePath("recovered-lesson.json");
        QFile::remove(kept);
        QFile::rename(recovery_path_, kept);
        recovery_path_ = kept;
    }
    try {
        write_file_atomically(session_path(),
                              QByteArray::number(QCoreApplication::applicationPid()));
    } catch (const std::exception&) {
        // Without a writable data folder there is no autosave; the app still works.
    }
    connect(&timer_, &QTimer::timeout, this, [this] { save_now(); });
}

Autosave::~Autosave() {
    timer_.stop();
    QFile::remove(session_path());
}

void Autosave::start(int interval_ms) {
    timer_.start(interval_ms);
}

QString Autosave::lesson_path() const {
    return QDir(folder_).filePath("lesson.json");
}

QString Autosave::session_path() const {
    return QDir(folder_).filePath("session");
}

bool Autosave::save_now() {
    try {
        const QByteArray bytes =
            QByteArray::fromStdString(lesson_to_json(controller_->lesson(), folder_).dump(1));
        if (bytes == last_written_) {
            return false;
        }
        write_file_atomically(lesson_path(), bytes);
        last_written_ = bytes;
        return true;
    } catch (const std::exception&) {
        return false;  // a full disk must not take the lesson on screen with it
    }
}

void Autosave::discard_recovery() {
    if (!recovery_path_.isEmpty()) {
        QFile::remove(recovery_path_);
        recovery_path_.clear();
    }
}

}  // namespace cs::core
