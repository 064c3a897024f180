#pragma once
// Helpers for driving the real window in tests.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QString>
#include <functional>

namespace cs::test {

#if defined(CONVSCOPE_SANITIZED)
// AddressSanitizer and UBSan make the engine several times slower: limits on waiting stretch.
inline constexpr int wait_scale = 4;
#else
inline constexpr int wait_scale = 1;
#endif

// Processes events until `done` holds or `timeout_ms` (× wait_scale) passes; returns whether
// it held.
inline bool wait_until(const std::function<bool()>& done, int timeout_ms = 5000) {
    timeout_ms *= wait_scale;
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
