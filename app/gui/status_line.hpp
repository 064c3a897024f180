#pragma once
// The status bar's message, kept as what it says rather than as its words: a source text of
// one translation context and its arguments. On a language change the line is said again in
// the new language, for the time it had left ("Opened chelsea.png" becomes "已打开 chelsea.png").
#include <QDeadlineTimer>
#include <QObject>
#include <QString>

#include <vector>

class QStatusBar;

namespace cs::gui {

// A source text (marked with QT_TR_NOOP, translated each time it is said) with its arguments,
// or a text said as it is: a file name, a number, an engine message.
struct StatusMessage {
    StatusMessage(const char* source, std::vector<StatusMessage> args = {})
        : source(source), args(std::move(args)) {}
    StatusMessage(QString text) : text(std::move(text)) {}           // NOLINT: said as it is
    StatusMessage(qint64 number) : text(QString::number(number)) {}  // NOLINT

    // In the language installed now; `context` is the translation context of `source`.
    QString said(const char* context) const;

    const char* source = nullptr;
    QString text;
    std::vector<StatusMessage> args;
};

class StatusLine : public QObject {
    Q_OBJECT
  public:
    // `context`: the translation context of the messages' source texts ("cs::gui::MainWindow").
    StatusLine(QStatusBar* bar, const char* context);

    // Shows the message for `timeout_ms` (0: until another replaces it).
    void say(const StatusMessage& message, int timeout_ms = 0);
    // Says the line shown now again in the current language; a line that has gone (its time
    // ran out, or someone else wrote over it) stays gone.
    void retranslate();

  private:
    QStatusBar* bar_;
    const char* context_;
    StatusMessage message_{QString()};
    QString shown_;
    int timeout_ms_ = 0;
    QDeadlineTimer deadline_;
};

}  // namespace cs::gui
