#pragma once
// Runs a lesson page's computation on Qt's thread pool so that a large photo never blocks the
// window. The newest request wins: a result that arrives after a newer request was made is
// dropped, and work that was superseded before it started is skipped.
#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

#include "app/core/background.hpp"

namespace cs::core {

class PageWorker : public QObject {
    Q_OBJECT
  public:
    explicit PageWorker(QObject* parent = nullptr);
    ~PageWorker() override;

    // Runs `work()` off the UI thread; then, on this object's thread, `done(result)` or
    // `failed(message)` when work threw — unless a newer run was requested in between.
    template <typename Work, typename Done, typename Failed>
    void run(Work work, Done done, Failed failed) {
        const int64_t generation = generation_->fetch_add(1) + 1;
        auto latest = generation_;
        ++pending_;
        emit busy_changed(true);
        using Result = decltype(work());
        run_in_background(
            this,
            [work = std::move(work), latest, generation]() mutable -> std::optional<Result> {
                if (latest->load() != generation) {
                    return std::nullopt;  // superseded before it started
                }
                return work();
            },
            [this, latest, generation, done = std::move(done), failed = std::move(failed)](
                std::optional<std::optional<Result>> result, const QString& error) mutable {
                --pending_;
                if (pending_ == 0) {
                    emit busy_changed(false);
                }
                if (latest->load() != generation) {
                    return;
                }
                if (result && *result) {
                    done(std::move(**result));
                } else {
                    failed(error);
                }
            });
    }

    bool busy() const { return pending_ > 0; }

  signals:
    void busy_changed(bool busy);

  private:
    std::shared_ptr<std::atomic<int64_t>> generation_;
    int pending_ = 0;  // touched on this object's thread only
};

}  // namespace cs::core
