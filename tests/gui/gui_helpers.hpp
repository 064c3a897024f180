#pragma once
// Helpers for driving the real window in tests.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QString>
#include <functional>

#include <sys/resource.h>

#include "engine/safe_file.hpp"

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

// A full disk as this process sees it: writes past `bytes` fail (EFBIG, reported like ENOSPC)
// for as long as the object lives.
class FileSizeLimit {
  public:
    explicit FileSizeLimit(rlim_t bytes) {
        ignore_file_size_signal();
        getrlimit(RLIMIT_FSIZE, &old_);
        rlimit small = old_;
        small.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &small);
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &old_); }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

  private:
    rlimit old_{};
};

}  // namespace cs::test
