#pragma once
// Trains a network on a worker thread while the window stays responsive. The UI thread asks
// (start, pause, resume, cancel) through atomic flags that the trainer's callbacks read between
// batches, so every request takes effect within one batch (tens of milliseconds for LeNet).
// Progress, epoch results and network snapshots come back as signals on the UI thread.
//
// While a run is going, the worker owns the Trainer: the UI thread reads only the copies the
// signals carry (snapshot(), the last progress), never the Trainer itself.
#include <QObject>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/train/trainer.hpp"

namespace cs::core {

struct TrainingProgress {
    int64_t epoch = 0;       // the epoch being trained, from 1 (counting resumed epochs)
    int64_t run_epoch = 0;   // the epoch within this run, from 1
    int64_t run_epochs = 0;  // epochs this run will train
    int64_t batch = 0;       // batches done in this epoch
    int64_t batches = 0;     // batches per epoch
    double loss = 0.0;       // mean loss so far in this epoch
    double accuracy = 0.0;   // training accuracy so far in this epoch
    double examples_per_second = 0.0;
    double seconds_left = 0.0;  // estimate for the rest of the run
    // Fraction of the run done, in [0, 1].
    double fraction() const;
};

class TrainingController : public QObject {
    Q_OBJECT
  public:
    enum class State { idle, running, paused };

    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;  // cancels a run and waits for the worker

    // A fresh network as the lesson says (idle only).
    void set_lesson(const cs::Lesson& lesson);
    // Continues from a weights file: parameters, optimiser state and history (idle only).
    void set_weights(const WeightsFile& weights);
    // Throws cs::Error when the file cannot be read or written (idle only).
    void load_weights_file(const QString& path);
    void save_weights_file(const QString& path) const;
    // The newest snapshot as an ONNX model (engine/model/onnx_export.hpp), also while training.
    void export_onnx(const QString& path) const;

    const cs::Lesson& lesson() const { return lesson_; }
    int64_t epochs_done() const { return epochs_done_; }
    const std::vector<EpochReport>& history() const { return history_; }
    // The newest copy of the network (after set_lesson, a snapshot during training, or the
    // final network): what the window shows.
    std::shared_ptr<const Network> snapshot() const { return snapshot_; }
    // Everything needed to continue this run later (parameters, optimiser state, history):
    // while idle, the trainer's present state; while training, the state at the end of the
    // last finished epoch. Null before a lesson is set. What autosave writes.
    std::shared_ptr<const WeightsFile> saved_state() const { return saved_state_; }

    // Trains `epochs` more epochs; `test` may be null. Does nothing unless idle.
    void start(std::shared_ptr<const ImageDataset> train, std::shared_ptr<const ImageDataset> test,
               int64_t epochs, const EpochOptions& options);
    void pause();
    void resume();
    void cancel();  // the epoch in progress is dropped, as the trainer does
    State state() const { return state_; }
    bool busy() const { return state_ != State::idle; }
    // True once a paused run's worker has finished its batch in flight and waits: from then
    // on no progress arrives until resume().
    bool worker_parked() const { return parked_; }
    // How often a running trainer sends a copy of its network (default 400 ms).
    void set_snapshot_interval_ms(int ms) { snapshot_interval_ms_ = ms; }
    // Blocks until the worker has ended and its last signals are delivered (tests, shutdown).
    void wait();

  signals:
    void state_changed();
    void lesson_changed();
    void progress(const cs::core::TrainingProgress& progress);
    void epoch_finished(const cs::EpochReport& report);
    void snapshot_changed();
    void finished(bool completed);
    void failed(const QString& message);

  private:
    void set_state(State state);
    void run(std::shared_ptr<const ImageDataset> train, std::shared_ptr<const ImageDataset> test,
             int64_t epochs, EpochOptions options);
    bool stop_requested();
    void on_worker_done(bool completed, const QString& error);
    // Runs `f` on the UI thread, unless this controller is gone by then.
    template <typename F>
    void post(F f);

    cs::Lesson lesson_;  // the training lesson (engine/train/lesson.hpp), not core::Lesson
    std::unique_ptr<Trainer> trainer_;
    int64_t epochs_done_ = 0;
    std::vector<EpochReport> history_;
    std::shared_ptr<const Network> snapshot_;
    std::shared_ptr<const WeightsFile> saved_state_;
    State state_ = State::idle;
    int snapshot_interval_ms_ = 400;

    std::thread worker_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::atomic<bool> pause_{false};
    std::atomic<bool> cancel_{false};
    std::atomic<bool> parked_{false};
    // Shared with the worker's posted lambdas: false once this controller is destroyed.
    std::shared_ptr<std::atomic<bool>> alive_;
};

}  // namespace cs::core
