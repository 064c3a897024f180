#pragma once
// Never lose work: what is on screen — the open lesson, the playground's pipeline, the training
// run — is written to the user's data folder every 30 seconds, each document to a temporary
// file renamed over its last copy, so a crash mid-write never spoils it. A session file marks
// a running app; when the next start finds the session of a process that no longer exists,
// the previous run ended abnormally and its documents can be restored.
#include <QByteArray>
#include <QMap>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

namespace cs::core {

class LessonController;

class Autosave : public QObject {
    Q_OBJECT
  public:
    // The documents every window autosaves.
    static constexpr const char* lesson_file = "lesson.json";
    static constexpr const char* pipeline_file = "pipeline.json";
    static constexpr const char* training_file = "training.csw";
    static constexpr const char* window_file = "window.json";  // the workspace tab on screen

    // `folder` empty: <user data>/autosave. Sets the previous session's documents aside when
    // that session ended abnormally, then claims the session for this process.
    explicit Autosave(QString folder = QString(), QObject* parent = nullptr);
    // The same, autosaving `controller`'s lesson as lesson_file.
    explicit Autosave(LessonController* controller, QString folder = QString(),
                      QObject* parent = nullptr);
    ~Autosave() override;  // a clean exit: the session and its documents are released

    // Saves `file_name` from `snapshot`, called on the UI thread at every save; it returns the
    // file's bytes, or an empty array when there is nothing worth saving now.
    void add_document(const QString& file_name, std::function<QByteArray()> snapshot);

    void start(int interval_ms = 30000);
    // Writes every document that changed since its last write. Returns whether any was written.
    bool save_now();

    // The previous run ended without closing (killed, crashed) and left documents behind.
    bool recovery_available() const { return !recovered_.isEmpty(); }
    // The kept copy of `file_name` from that run, or "" when it left none.
    QString recovered_path(const QString& file_name) const { return recovered_.value(file_name); }
    QString recovery_path() const { return recovered_path(lesson_file); }
    void discard_recovery();
    QString document_path(const QString& file_name) const;
    QString lesson_path() const { return document_path(lesson_file); }

  private:
    struct Document {
        std::function<QByteArray()> snapshot;
        QByteArray last_written;
    };

    QString session_path() const;
    void set_aside_previous_session();

    QString folder_;
    QMap<QString, QString> recovered_;  // file name → kept copy
    QMap<QString, Document> documents_;
    QTimer timer_;
};

}  // namespace cs::core
