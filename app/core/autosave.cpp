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

const QString recovered_prefix = QStringLiteral("recovered-");

}  // namespace

Autosave::Autosave(QString folder, QObject* parent) : QObject(parent), folder_(std::move(folder)) {
    if (folder_.isEmpty()) {
        folder_ = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                      .filePath("autosave");
    }
    QDir().mkpath(folder_);
    set_aside_previous_session();
    try {
        write_file_atomically(session_path(),
                              QByteArray::number(QCoreApplication::applicationPid()));
    } catch (const std::exception&) {
        // Without a writable data folder there is no autosave; the app still works.
    }
    connect(&timer_, &QTimer::timeout, this, [this] { save_now(); });
}

Autosave::Autosave(LessonController* controller, QString folder, QObject* parent)
    : Autosave(std::move(folder), parent) {
    add_document(lesson_file, [this, controller] {
        return QByteArray::fromStdString(lesson_to_json(controller->lesson(), folder_).dump(1));
    });
}

Autosave::~Autosave() {
    timer_.stop();
    QFile::remove(session_path());
    for (auto it = documents_.cbegin(); it != documents_.cend(); ++it) {
        QFile::remove(document_path(it.key()));
    }
}

// A session file whose process is gone: that run did not close normally. Its documents are
// renamed so that this session's autosaves do not overwrite them before the user decides.
void Autosave::set_aside_previous_session() {
    QDir dir(folder_);
    QFile session(session_path());
    bool abnormal = false;
    if (session.open(QIODevice::ReadOnly)) {
        const qint64 pid = session.readAll().trimmed().toLongLong();
        abnormal = !process_alive(pid) && pid != QCoreApplication::applicationPid();
    }
    // Only the documents this app writes; a temporary file left by a crash mid-write is junk.
    const QStringList documents = {lesson_file, pipeline_file, training_file, window_file};
    for (const QString& name : dir.entryList(QDir::Files)) {
        if (name == "session" || name.startsWith(recovered_prefix)) {
            continue;
        }
        if (abnormal && documents.contains(name)) {
            const QString kept = dir.filePath(recovered_prefix + name);
            QFile::remove(kept);
            QFile::rename(dir.filePath(name), kept);
            recovered_.insert(name, kept);
        } else {
            QFile::remove(dir.filePath(name));
        }
    }
}

void Autosave::add_document(const QString& file_name, std::function<QByteArray()> snapshot) {
    documents_.insert(file_name, Document{std::move(snapshot), {}});
}

void Autosave::start(int interval_ms) {
    timer_.start(interval_ms);
}

QString Autosave::document_path(const QString& file_name) const {
    return QDir(folder_).filePath(file_name);
}

QString Autosave::session_path() const {
    return QDir(folder_).filePath("session");
}

bool Autosave::save_now() {
    bool wrote = false;
    for (auto it = documents_.begin(); it != documents_.end(); ++it) {
        try {
            const QByteArray bytes = it->snapshot();
            if (bytes.isEmpty() || bytes == it->last_written) {
                continue;
            }
            write_file_atomically(document_path(it.key()), bytes);
            it->last_written = bytes;
            wrote = true;
        } catch (const std::exception&) {
            // A full disk must not take what is on screen with it; the next tick tries again.
        }
    }
    return wrote;
}

void Autosave::discard_recovery() {
    for (const QString& path : recovered_) {
        QFile::remove(path);
    }
    recovered_.clear();
}

}  // namespace cs::core
