#include "app/core/training_controller.hpp"

#include <QCoreApplication>
#include <QMetaObject>
#include <QThread>

#include <chrono>
#include <exception>

#include "engine/error.hpp"
#include "engine/model/onnx_export.hpp"
#include "engine/train/graph_learner.hpp"

namespace cs::core {

double TrainingProgress::fraction() const {
    if (run_epochs <= 0 || batches <= 0) {
        return 0.0;
    }
    const double done = static_cast<double>(run_epoch - 1) + static_cast<double>(batch) / batches;
    return std::clamp(done / static_cast<double>(run_epochs), 0.0, 1.0);
}

TrainingController::TrainingController(QObject* parent)
    : QObject(parent), alive_(std::make_shared<std::atomic<bool>>(true)) {}

TrainingController::~TrainingController() {
    *alive_ = false;
    cancel_ = true;
    wake_.notify_all();
    if (worker_.joinable()) {
        worker_.join();
    }
}

template <typename F>
void TrainingController::post(F f) {
    QMetaObject::invokeMethod(
        this,
        [alive = alive_, f = std::move(f)]() mutable {
            if (*alive) {
                f();
            }
        },
        Qt::QueuedConnection);
}

void TrainingController::set_lesson(const cs::Lesson& lesson) {
    if (busy()) {
        return;
    }
    trainer_ = std::make_unique<Trainer>(lesson);
    lesson_ = trainer_->lesson();
    epochs_done_ = 0;
    history_.clear();
    snapshot_ = std::make_shared<const Network>(trainer_->network());
    saved_state_ = std::make_shared<const WeightsFile>(trainer_->to_weights_file());
    emit lesson_changed();
    emit snapshot_changed();
}

void TrainingController::set_weights(const WeightsFile& weights) {
    if (busy()) {
        return;
    }
    trainer_ = std::make_unique<Trainer>(weights);
    lesson_ = trainer_->lesson();
    epochs_done_ = trainer_->epochs_done();
    history_ = trainer_->history();
    snapshot_ = std::make_shared<const Network>(trainer_->network());
    saved_state_ = std::make_shared<const WeightsFile>(trainer_->to_weights_file());
    emit lesson_changed();
    emit snapshot_changed();
}

void TrainingController::load_weights_file(const QString& path) {
    set_weights(read_weights_file(path.toStdString()));
}

void TrainingController::save_weights_file(const QString& path) const {
    require(trainer_ != nullptr && !busy(), "there is no stopped network to save");
    write_weights_file(path.toStdString(), trainer_->to_weights_file());
}

void TrainingController::export_onnx(const QString& path) const {
    require(snapshot_ != nullptr, "there is no network to export");
    write_onnx_file(graph_of(*snapshot_), path.toStdString());
}

void TrainingController::set_state(State state) {
    if (state_ != state) {
        state_ = state;
        emit state_changed();
    }
}

void TrainingController::start(std::shared_ptr<const ImageDataset> train,
                               std::shared_ptr<const ImageDataset> test, int64_t epochs,
                               const EpochOptions& options) {
    if (busy() || trainer_ == nullptr || train == nullptr || epochs <= 0) {
        return;
    }
    if (worker_.joinable()) {
        worker_.join();
    }
    pause_ = false;
    cancel_ = false;
    set_state(State::running);
    worker_ = std::thread([this, train = std::move(train), test = std::move(test), epochs,
                           options] { run(train, test, epochs, options); });
}

void TrainingController::pause() {
    if (state_ == State::running) {
        pause_ = true;
        set_state(State::paused);
    }
}

void TrainingController::resume() {
    if (state_ == State::paused) {
        {
            std::lock_guard lock(mutex_);
            pause_ = false;
        }
        wake_.notify_all();
        set_state(State::running);
    }
}

void TrainingController::cancel() {
    if (busy()) {
        {
            std::lock_guard lock(mutex_);
            cancel_ = true;
        }
        wake_.notify_all();
    }
}

// Called by the trainer before every batch, on the worker: a paused run waits here, so a
// pause never interrupts a batch half done.
bool TrainingController::stop_requested() {
    std::unique_lock lock(mutex_);
    parked_ = pause_ && !cancel_;
    wake_.wait(lock, [this] { return !pause_ || cancel_; });
    parked_ = false;
    return cancel_;
}

void TrainingController::run(std::shared_ptr<const ImageDataset> train,
                             std::shared_ptr<const ImageDataset> test, int64_t epochs,
                             EpochOptions options) {
    using Clock = std::chrono::steady_clock;
    auto last_snapshot = Clock::now();
    const int64_t per_epoch =
        options.limit > 0 ? std::min(options.limit, train->count) : train->count;
    bool completed = true;
    QString error;
    try {
        for (int64_t e = 1; e <= epochs && completed; ++e) {
            TrainCallbacks callbacks;
            callbacks.stop_requested = [this] { return stop_requested(); };
            callbacks.on_batch = [&, e](const BatchProgress& p) {
                TrainingProgress out;
                out.epoch = p.epoch;
                out.run_epoch = e;
                out.run_epochs = epochs;
                out.batch = p.batch;
                out.batches = p.batches;
                out.loss = p.loss;
                out.accuracy = p.accuracy;
                out.examples_per_second = p.examples_per_second;
                const double left = static_cast<double>(per_epoch - p.examples) +
                                    static_cast<double>((epochs - e) * per_epoch);
                out.seconds_left = p.examples_per_second > 0 ? left / p.examples_per_second : 0.0;
                post([this, out] { emit progress(out); });
                if (Clock::now() - last_snapshot >
                    std::chrono::milliseconds(snapshot_interval_ms_)) {
                    last_snapshot = Clock::now();
                    auto copy = std::make_shared<const Network>(trainer_->network());
                    post([this, copy] {
                        snapshot_ = copy;
                        emit snapshot_changed();
                    });
                }
            };
            const EpochReport report =
                trainer_->train_epoch(*train, test.get(), options, callbacks);
            completed = report.completed;
            if (completed) {
                auto copy = std::make_shared<const Network>(trainer_->network());
                auto state = std::make_shared<const WeightsFile>(trainer_->to_weights_file());
                const int64_t done = trainer_->epochs_done();
                post([this, report, copy, state, done] {
                    snapshot_ = copy;
                    saved_state_ = state;
                    epochs_done_ = done;
                    history_.push_back(report);
                    emit snapshot_changed();
                    emit epoch_finished(report);
                });
            }
        }
    } catch (const std::exception& e) {
        completed = false;
        error = QString::fromUtf8(e.what());
    }
    // A cancelled epoch may have changed the weights before it stopped; show them as they are.
    auto copy = std::make_shared<const Network>(trainer_->network());
    post([this, completed, error, copy] {
        snapshot_ = copy;
        emit snapshot_changed();
        on_worker_done(completed, error);
    });
}

void TrainingController::on_worker_done(bool completed, const QString& error) {
    if (worker_.joinable()) {
        worker_.join();
    }
    saved_state_ = std::make_shared<const WeightsFile>(trainer_->to_weights_file());
    set_state(State::idle);
    if (!error.isEmpty()) {
        emit failed(error);
    }
    emit finished(completed);
}

void TrainingController::wait() {
    while (busy()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(1);
    }
}

}  // namespace cs::core
