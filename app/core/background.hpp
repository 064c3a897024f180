#pragma once
// Runs work on Qt's thread pool and delivers its result to `context`'s thread, unless `context`
// was destroyed in between. Errors thrown by the work arrive as their message.
#include <QMetaObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>

#include <exception>
#include <optional>
#include <utility>

namespace cs::core {

template <typename Work, typename Done>
void run_in_background(QObject* context, Work work, Done done) {
    QPointer<QObject> guard(context);
    QThreadPool::globalInstance()->start(
        [guard, work = std::move(work), done = std::move(done)]() mutable {
            using Result = decltype(work());
            std::optional<Result> result;
            QString error;
            try {
                result.emplace(work());
            } catch (const std::exception& e) {
                error = QString::fromUtf8(e.what());
            }
            if (guard.isNull()) {
                return;
            }
            QMetaObject::invokeMethod(
                guard.data(),
                [done = std::move(done), result = std::move(result), error]() mutable {
                    done(std::move(result), error);
                },
                Qt::QueuedConnection);
        });
}

}  // namespace cs::core
