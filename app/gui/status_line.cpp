#include "app/gui/status_line.hpp"

#include <QCoreApplication>
#include <QStatusBar>

namespace cs::gui {

QString StatusMessage::said(const char* context) const {
    if (source == nullptr) {
        return text;
    }
    QString line = QCoreApplication::translate(context, source);
    for (const StatusMessage& arg : args) {
        line = line.arg(arg.said(context));
    }
    return line;
}

StatusLine::StatusLine(QStatusBar* bar, const char* context)
    : QObject(bar), bar_(bar), context_(context) {}

void StatusLine::say(const StatusMessage& message, int timeout_ms) {
    message_ = message;
    timeout_ms_ = timeout_ms;
    deadline_ =
        timeout_ms > 0 ? QDeadlineTimer(timeout_ms) : QDeadlineTimer(QDeadlineTimer::Forever);
    shown_ = message.said(context_);
    bar_->showMessage(shown_, timeout_ms);
}

void StatusLine::retranslate() {
    if (shown_.isEmpty() || bar_->currentMessage() != shown_) {
        return;
    }
    const int left =
        timeout_ms_ > 0 ? static_cast<int>(std::max<qint64>(1, deadline_.remainingTime())) : 0;
    shown_ = message_.said(context_);
    bar_->showMessage(shown_, left);
}

}  // namespace cs::gui
