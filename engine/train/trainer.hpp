#pragma once
// Training a network on an image data set, one epoch or one batch at a time, with progress
// reports and cancellation for the GUI, and saving/resuming through weights files.
//
// Reproducibility: the initial weights come from the lesson's seed (Network::initialize), and
// epoch e (counting from 0) visits the training examples in the order of a Fisher–Yates shuffle
// driven by Pcg32(seed, 1 + e). The gradients come from the network's graph (graph_of, each op's
// own backward) in chunks of examples (classifier_gradients), so a given seed gives the same
// weights after every step with any number of threads, and a run resumed from a weights file
// continues exactly as if it had not stopped.
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <vector>

#include "engine/data/fashion_mnist.hpp"
#include "engine/graph/graph.hpp"
#include "engine/train/lesson.hpp"
#include "engine/train/network.hpp"
#include "engine/train/optimizer.hpp"
#include "engine/train/weights_file.hpp"

namespace cs {

struct EpochOptions {
    int64_t batch_size = 256;
    int64_t limit = 0;       // train on the first `limit` examples only (0 = all), for quick runs
    int64_t test_limit = 0;  // test on the first `test_limit` examples only (0 = all)
};

// Sent after every batch.
struct BatchProgress {
    int64_t epoch = 0;      // the epoch being trained, from 1
    int64_t batch = 0;      // batches done in this epoch
    int64_t batches = 0;    // batches in the epoch
    int64_t examples = 0;   // examples done in this epoch
    double loss = 0.0;      // mean loss of the examples done so far in this epoch
    double accuracy = 0.0;  // their training accuracy
    double examples_per_second = 0.0;
};

struct EpochReport {
    int64_t epoch = 0;  // from 1
    double loss = 0.0;  // mean training loss over the epoch (as d2l's train_ch6 prints)
    double train_accuracy = 0.0;
    double test_accuracy = std::numeric_limits<double>::quiet_NaN();  // NaN without a test set
    double examples_per_second = 0.0;  // training only, not the test pass
    double seconds = 0.0;
    bool completed = true;  // false when stopped early; such an epoch is not counted
};

// Both run on the thread that called train_epoch (the GUI's worker thread), between batches,
// when no computation is in flight: on_batch may copy the network (a snapshot to display).
struct TrainCallbacks {
    std::function<void(const BatchProgress&)> on_batch;
    // Polled before every batch; returning true ends the epoch early.
    std::function<bool()> stop_requested;
};

class Trainer {
  public:
    // A fresh network initialised as the lesson says, and a fresh optimiser.
    explicit Trainer(Lesson lesson);
    // Continues from a weights file: parameters, optimiser state, epochs done and history.
    explicit Trainer(const WeightsFile& weights);

    // Everything needed to predict with the network or to resume training.
    WeightsFile to_weights_file() const;

    const Lesson& lesson() const { return lesson_; }
    Network& network() { return network_; }
    const Network& network() const { return network_; }
    const Optimizer& optimizer() const { return *optimizer_; }
    int64_t epochs_done() const { return epochs_done_; }
    const std::vector<EpochReport>& history() const { return history_; }

    // One optimiser step on one batch (N, C, H, W) with its labels; returns the batch's loss
    // and correct count before the step.
    BatchResult step(const Tensor& batch, const std::vector<int64_t>& labels);

    // One epoch over `train` in shuffled batches, then the accuracy on `test` (may be null).
    EpochReport train_epoch(const ImageDataset& train, const ImageDataset* test,
                            const EpochOptions& options, const TrainCallbacks& callbacks = {});

  private:
    Lesson lesson_;
    Network network_;  // the parameters, which the optimiser moves
    Graph graph_;      // the same network as a graph: its values are the parameters' at each step
    std::unique_ptr<Optimizer> optimizer_;
    int64_t epochs_done_ = 0;
    std::vector<EpochReport> history_;
};

// The order in which epoch `epoch` (from 0) visits examples 0 … count − 1.
std::vector<int64_t> epoch_order(uint64_t seed, int64_t epoch, int64_t count);

// Mean loss and correct count of the network over the first `limit` examples of a data set
// (0 = all), in batches of `batch_size`. `stop_requested`, when given, is asked before every
// batch; when it says stop, the result is nullopt.
BatchResult evaluate_dataset(const Network& network, const ImageDataset& data, int64_t limit = 0,
                             int64_t batch_size = 1000);
std::optional<BatchResult> evaluate_dataset(const Network& network, const ImageDataset& data,
                                            int64_t limit, int64_t batch_size,
                                            const std::function<bool()>& stop_requested);

}  // namespace cs
