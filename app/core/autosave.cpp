#include "app/core/autosave.hpp"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <sys/types.h>
#include <csignal>

#include <nlohmann/json.hpp>

#include "app/core/lesson.hpp"
#include "engine/file_read.hpp"

namespace cs::core {
namespace {

const QString session_prefix = QStringLiteral("session-");
const QString session_file = QStringLiteral("session");
const QString claim_file = QStringLiteral("claim");
const QStringList document_names = {Autosave::lesson_file, Autosave::pipeline_file,
                                    Autosave::training_file, Autosave::window_file};

QByteArray read_small_file(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > 4096) {
        return {};
    }
    return file.readAll();
}

// A process is named by its id, its start time (in clock ticks since boot) and the boot: an id
// alone is reused, by another program after a reboot or after many processes.
struct ProcessIdentity {
    qint64 pid = 0;
    QString start;
    QString boot;

    static ProcessIdentity of(qint64 pid) {
        ProcessIdentity id{
            pid, start_time_of(pid),
            QString::fromLatin1(read_small_file("/proc/sys/kernel/random/boot_id")).trimmed()};
        return id;
    }
    static ProcessIdentity self() { return of(QCoreApplication::applicationPid()); }

    // Field 22 of /proc/PID/stat, counted after the command name (which may hold spaces).
    static QString start_time_of(qint64 pid) {
        const QByteArray stat = read_small_file(QString("/proc/%1/stat").arg(pid));
        const qsizetype close = stat.lastIndexOf(')');
        if (close < 0) {
            return {};
        }
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        return fields.size() > 19 ? QString::fromLatin1(fields[19]) : QString();
    }

    bool alive() const {
        if (pid <= 0 || ::kill(static_cast<pid_t>(pid), 0) != 0) {
            return false;
        }
        const ProcessIdentity now = of(pid);
        return now.start == start && now.boot == boot;
    }

    QByteArray to_bytes() const {
        return QByteArray::fromStdString(nlohmann::json{{"pid", pid},
                                                        {"start", start.toStdString()},
                                                        {"boot", boot.toStdString()}}
                                             .dump() +
                                         "\n");
    }

    // An unreadable or old-format file names no living process.
    static ProcessIdentity from_file(const QString& path) {
        nlohmann::json doc;
        try {
            doc = parse_json_limited(read_small_file(path).toStdString(), "the autosave session");
        } catch (const std::exception&) {
            return {};
        }
        if (!doc.is_object()) {
            return {};
        }
        // Fields of another type name no process either (never an exception here).
        const auto text = [&](const char* key) {
            return doc.contains(key) && doc.at(key).is_string()
                       ? QString::fromStdString(doc.at(key).get<std::string>())
                       : QString();
        };
        ProcessIdentity id;
        id.pid = doc.contains("pid") && doc.at("pid").is_number_integer()
                     ? doc.at("pid").get<qint64>()
                     : 0;
        id.start = text("start");
        id.boot = text("boot");
        return id;
    }
};

bool has_documents(const QDir& dir) {
    for (const QString& name : document_names) {
        if (QFileInfo(dir.filePath(name)).size() > 0) {
            return true;
        }
    }
    return false;
}

// The newest time any document of a session folder was written.
QDateTime last_written(const QDir& dir) {
    QDateTime newest;
    for (const QString& name : document_names) {
        const QFileInfo info(dir.filePath(name));
        if (info.exists() && (!newest.isValid() || info.lastModified() > newest)) {
            newest = info.lastModified();
        }
    }
    return newest;
}

// Versions before session folders wrote their documents straight into the autosave folder
// (with a `session` file holding a bare process id). Such documents left by a process that is
// gone move into a session folder of their own, so that they are offered like any other.
void adopt_old_layout(const QDir& root) {
    const QString old_session = root.filePath(session_file);
    if (!QFile::exists(old_session)) {
        return;
    }
    const qint64 pid = read_small_file(old_session).trimmed().toLongLong();
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0) {
        return;  // perhaps an older ConvScope still running: leave its files alone
    }
    const QString adopted = session_prefix + "old-" + QString::number(pid);
    root.mkpath(adopted);
    for (const QString& name : document_names) {
        if (QFile::exists(root.filePath(name))) {
            QFile::rename(root.filePath(name), root.filePath(adopted + "/" + name));
        }
    }
    QFile::remove(old_session);
    for (const QString& name : root.entryList(QDir::Files)) {
        QFile::remove(
            root.filePath(name));  // "recovered-…" copies and temporaries of the old layout
    }
}

}  // namespace

Autosave::Autosave(QString folder, QObject* parent) : QObject(parent), folder_(std::move(folder)) {
    if (folder_.isEmpty()) {
        folder_ = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                      .filePath("autosave");
    }
    const ProcessIdentity me = ProcessIdentity::self();
    session_folder_ =
        QDir(folder_).filePath(session_prefix + QString::number(me.pid) + "-" + me.start);
    QDir().mkpath(folder_);
    adopt_old_layout(QDir(folder_));
    claim_abandoned_session();
    try {
        QDir().mkpath(session_folder_);
        write_file_atomically(QDir(session_folder_).filePath(session_file), me.to_bytes(),
                              QStringLiteral("the autosave session"));
    } catch (const std::exception&) {
        // Reported at the first save, when the window listens.
    }
    connect(&timer_, &QTimer::timeout, this, [this] {
        if (!recovery_available()) {  // until the user has answered, the old work stays first
            save_now();
        }
    });
}

Autosave::~Autosave() {
    timer_.stop();
    QDir(session_folder_).removeRecursively();
    if (!claimed_folder_.isEmpty()) {  // unanswered: the next start asks again
        QFile::remove(QDir(claimed_folder_).filePath(claim_file));
    }
}

// Picks the newest session folder whose process is gone and that no living window has
// claimed, and claims it. Abandoned folders without documents are removed.
void Autosave::claim_abandoned_session() {
    const QDir root(folder_);
    QString newest_path;
    QDateTime newest_time;
    const QStringList sessions =
        root.entryList({session_prefix + "*"}, QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& name : sessions) {
        const QDir dir(root.filePath(name));
        if (dir.absolutePath() == QDir(session_folder_).absolutePath() ||
            ProcessIdentity::from_file(dir.filePath(session_file)).alive() ||
            ProcessIdentity::from_file(dir.filePath(claim_file)).alive()) {
            continue;  // another window's work, or being restored by another window
        }
        if (!has_documents(dir)) {
            QDir(dir.absolutePath()).removeRecursively();
            continue;
        }
        const QDateTime written = last_written(dir);
        if (newest_path.isEmpty() || written > newest_time) {
            newest_path = dir.absolutePath();
            newest_time = written;
        }
    }
    if (newest_path.isEmpty()) {
        return;
    }
    try {
        write_file_atomically(QDir(newest_path).filePath(claim_file),
                              ProcessIdentity::self().to_bytes(),
                              QStringLiteral("the autosave claim"));
    } catch (const std::exception&) {
        return;  // a read-only folder: the work stays on disk for a later start
    }
    claimed_folder_ = newest_path;
    for (const QString& name : document_names) {
        const QString path = QDir(newest_path).filePath(name);
        if (QFileInfo(path).size() > 0) {
            recovered_.insert(name, path);
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
    return QDir(session_folder_).filePath(file_name);
}

bool Autosave::save_now() {
    bool wrote = false;
    for (auto it = documents_.begin(); it != documents_.end(); ++it) {
        try {
            const QByteArray bytes = it->snapshot();
            if (bytes.isEmpty() || bytes == it->last_written) {
                continue;
            }
            if (!QDir(session_folder_).exists() && !QDir().mkpath(session_folder_)) {
                throw std::runtime_error(
                    tr("cannot create the folder \"%1\"").arg(session_folder_).toStdString());
            }
            write_file_atomically(document_path(it.key()), bytes, QStringLiteral("the autosave"));
            it->last_written = bytes;
            wrote = true;
            failure_reported_ = false;
        } catch (const std::exception& e) {
            // What is on screen stays; the old autosave stays; the next tick tries again.
            report_failure(QString::fromUtf8(e.what()));
        }
    }
    return wrote;
}

void Autosave::report_failure(const QString& message) {
    if (!failure_reported_) {
        failure_reported_ = true;
        emit failed(message);
    }
}

void Autosave::discard_recovery() {
    if (!claimed_folder_.isEmpty()) {
        QDir(claimed_folder_).removeRecursively();
    }
    claimed_folder_.clear();
    recovered_.clear();
}

}  // namespace cs::core
