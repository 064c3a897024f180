#pragma once
// Never lose a lesson: the lesson on screen is written to the user's data folder every 30
// seconds (to a temporary file renamed over the last copy, so a crash mid-write never spoils
// it). A session file marks a running app; when the next start finds the session of a process
// that no longer exists, the previous run ended abnormally and its autosave can be restored.
#include <QObject>
#include <QString>
#include <QTimer>

namespace cs::core {

class LessonController;

class Autosave : public QObject {
    Q_OBJECT
  public:
    // `folder` empty: <user data>/autosave. Reads the previous session's state, then claims
    // the session for this process.
    Autosave(LessonController* controller, QString folder = QString(), QObject* parent = nullptr);
    ~Autosave() override;  // a clean exit: the session is released

    void start(int interval_ms = 30000);
    // Writes the lesson now if it changed since the last write. Returns whether it wrote.
    bool save_now();

    // The previous run ended without closing (killed, crashed) and left a lesson behind.
    bool recovery_available() const { return !recovery_path_.isEmpty(); }
    QString recovery_path() const { return recovery_path_; }
    void discard_recovery();
    QString lesson_path() const;

  private:
    QString session_path() const;

    LessonController* controller_;
    QString folder_;
    QString recovery_path_;
    QByteArray last_written_;
    QTimer timer_;
};

}  // namespace cs::core
