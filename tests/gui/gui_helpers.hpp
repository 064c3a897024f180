#pragma once
// Helpers for driving the real window in tests.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QString>
#include <functional>

namespace cs::test {

// Processes events until `done` holds or `timeout_ms` passes; returns whether it held.
inline bool wait_until(const std::function<bool()>& done, int timeout_ms = 5000) {
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeout_ms) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return done();
}

inline QString resource_path(const QString& relative) {
    return QString(CONVSCOPE_SOURCE_DIR) + "/" + relative;
}

}  // namespace cs::test
