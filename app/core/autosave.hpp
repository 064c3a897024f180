#pragma once
// Never lose work: what is on screen — the open lesson, the playground's pipeline, the training
// run — is written to the user's data folder every 30 seconds, each document to a temporary
// file that replaces its last copy only once it is whole on the disk.
//
// Each running window writes into a folder of its own, <data>/autosave/<session>, named after
// its process and that process's start time, with a `session` file that says so. At start the
// app looks at every other session folder: one whose process is still running belongs to
// another window and is left alone; one whose process is gone (killed, crashed, the machine
// rebooted — a process id alone can be reused, its start time and boot cannot) holds work to
// restore. The app claims one such folder and keeps it until the user has answered; if the app
// dies before that, the next start finds the same folder unclaimed and asks again.
#include <QByteArray>
#include <QMap>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

namespace cs::core {

class Autosave : public QObject {
    Q_OBJECT
  public:
    // The documents every window autosaves.
    static constexpr const char* lesson_file = "lesson.json";
    static constexpr const char* pipeline_file = "pipeline.json";
    static constexpr const char* training_file = "training.csw";
    static constexpr const char* window_file = "window.json";  // the workspace tab on screen

    // `folder` empty: <user data>/autosave. Finds work left by a session that ended abnormally
    // and claims it, then opens this process's own session folder.
    explicit Autosave(QString folder = QString(), QObject* parent = nullptr);
    ~Autosave() override;  // a clean exit: this session's folder is removed

    // Saves `file_name` from `snapshot`, called on the UI thread at every save; it returns the
    // file's bytes, or an empty array when there is nothing worth saving now.
    void add_document(const QString& file_name, std::function<QByteArray()> snapshot);

    // Starts the timer. Until the recovery question is answered (restored or discarded), the
    // timer waits: the work on screen is then only the default lesson.
    void start(int interval_ms = 30000);
    // Writes every document that changed since its last write. Returns whether any was written.
    bool save_now();

    // A previous run ended without closing (killed, crashed) and left documents behind.
    bool recovery_available() const { return !recovered_.isEmpty(); }
    // The kept copy of `file_name` from that run, or "" when it left none.
    QString recovered_path(const QString& file_name) const { return recovered_.value(file_name); }
    QString recovery_path() const { return recovered_path(lesson_file); }
    // The user has answered: the recovered documents are removed (after a restore, what was
    // restored is on screen and autosaved again from now on).
    void discard_recovery();
    QString document_path(const QString& file_name) const;
    QString lesson_path() const { return document_path(lesson_file); }
    QString session_folder() const { return session_folder_; }

  signals:
    // Autosave cannot write (a read-only or full data folder): said once, with the reason,
    // until a save succeeds again.
    void failed(const QString& message);

  private:
    struct Document {
        std::function<QByteArray()> snapshot;
        QByteArray last_written;
    };

    void claim_abandoned_session();
    void report_failure(const QString& message);

    QString folder_;                    // <data>/autosave
    QString session_folder_;            // this process's
    QString claimed_folder_;            // an abandoned session's, until the user has answered
    QMap<QString, QString> recovered_;  // file name → its copy in claimed_folder_
    QMap<QString, Document> documents_;
    QTimer timer_;
    bool failure_reported_ = false;
};

}  // namespace cs::core
