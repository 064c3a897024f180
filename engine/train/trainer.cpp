#include "engine/train/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "engine/error.hpp"
#include "engine/train/graph_learner.hpp"
#include "engine/train/random.hpp"

namespace cs {
namespace {

Network initialised_network(const Lesson& lesson) {
    Network network(lesson.network);
    network.initialize(lesson.init);
    return network;
}

nlohmann::json report_json(const EpochReport& r) {
    nlohmann::json j = {{"epoch", r.epoch},
                        {"loss", r.loss},
                        {"train_accuracy", r.train_accuracy},
                        {"examples_per_second", r.examples_per_second},
                        {"seconds", r.seconds}};
    // JSON has no NaN: an epoch without a test set has no test_accuracy entry.
    if (!std::isnan(r.test_accuracy)) {
        j["test_accuracy"] = r.test_accuracy;
    }
    return j;
}

EpochReport report_from_json(const nlohmann::json& j) {
    EpochReport r;
    r.epoch = j.value("epoch", int64_t{0});
    r.loss = j.value("loss", 0.0);
    r.train_accuracy = j.value("train_accuracy", 0.0);
    r.test_accuracy = j.value("test_accuracy", std::numeric_limits<double>::quiet_NaN());
    r.examples_per_second = j.value("examples_per_second", 0.0);
    r.seconds = j.value("seconds", 0.0);
    return r;
}

std::vector<int64_t> first_n(int64_t n) {
    std::vector<int64_t> v(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        v[static_cast<size_t>(i)] = i;
    }
    return v;
}

}  // namespace

std::vector<int64_t> epoch_order(uint64_t seed, int64_t epoch, int64_t count) {
    std::vector<int64_t> order = first_n(count);
    Pcg32 rng(seed, 1 + static_cast<uint64_t>(epoch));
    shuffle(order, rng);
    return order;
}

Trainer::Trainer(Lesson lesson)
    : lesson_(std::move(lesson)),
      network_(initialised_network(lesson_)),
      graph_(graph_of(network_)),
      optimizer_(make_optimizer(lesson_.optimizer)) {}

Trainer::Trainer(const WeightsFile& weights)
    : lesson_(weights.lesson),
      network_(lesson_.network),
      graph_(graph_of(network_)),
      optimizer_(make_optimizer(lesson_.optimizer)) {
    network_.load_parameters(weights.parameters);
    // Optimiser buffers are stored as "<parameter>.<buffer>", parameter by parameter.
    const std::vector<std::string> names = optimizer_->buffer_names();
    std::vector<std::vector<Tensor>> buffers;
    if (!weights.optimizer_state.empty()) {
        const auto& params = network_.parameters();
        require(weights.optimizer_state.size() == params.size() * names.size(),
                "the weights file holds " + std::to_string(weights.optimizer_state.size()) +
                    " optimiser tensors, but " + optimizer_summary(lesson_.optimizer) + " needs " +
                    std::to_string(params.size() * names.size()));
        size_t next = 0;
        for (const Parameter& p : params) {
            buffers.emplace_back();
            for (const std::string& name : names) {
                const NamedTensor& t = weights.optimizer_state[next++];
                require(t.name == p.name + "." + name, "the weights file's optimiser tensor " +
                                                           t.name + " should be " + p.name + "." +
                                                           name);
                buffers.back().push_back(t.tensor);
            }
        }
    }
    optimizer_->load_state(weights.optimizer_steps, std::move(buffers), network_.parameters());
    epochs_done_ = weights.progress.value("epochs_done", int64_t{0});
    if (weights.progress.contains("history") && weights.progress.at("history").is_array()) {
        for (const auto& entry : weights.progress.at("history")) {
            history_.push_back(report_from_json(entry));
        }
    }
}

WeightsFile Trainer::to_weights_file() const {
    WeightsFile w;
    w.lesson = lesson_;
    w.parameters = network_.named_parameters();
    w.optimizer_steps = optimizer_->steps();
    const auto& buffers = optimizer_->buffers();
    const std::vector<std::string> names = optimizer_->buffer_names();
    for (size_t p = 0; p < buffers.size(); ++p) {
        for (size_t k = 0; k < names.size(); ++k) {
            w.optimizer_state.push_back(
                {network_.parameters()[p].name + "." + names[k], buffers[p][k]});
        }
    }
    nlohmann::json history = nlohmann::json::array();
    for (const EpochReport& r : history_) {
        history.push_back(report_json(r));
    }
    w.progress = {{"epochs_done", epochs_done_}, {"seed", lesson_.init.seed}, {"history", history}};
    return w;
}

BatchResult Trainer::step(const Tensor& batch, const std::vector<int64_t>& labels) {
    // The network's parameters may have been set since the last step (network() is public).
    for (const Parameter& p : network_.parameters()) {
        graph_.parameter(p.name) = p.value;
    }
    const BatchResult result = classifier_gradients(graph_, batch, labels, network_.parameters(),
                                                    static_cast<uint64_t>(optimizer_->steps()));
    optimizer_->step(network_.parameters());
    return result;
}

EpochReport Trainer::train_epoch(const ImageDataset& train, const ImageDataset* test,
                                 const EpochOptions& options, const TrainCallbacks& callbacks) {
    require(options.batch_size > 0,
            "the batch size must be at least 1, got " + std::to_string(options.batch_size));
    require(options.limit >= 0, "the example limit must not be negative");
    const Shape& input = lesson_.network.input;
    require(input == Shape{1, train.height, train.width},
            "the network expects examples of shape " + shape_string(input) +
                ", but the data set holds 1×" + std::to_string(train.height) + "×" +
                std::to_string(train.width) + " images");
    const int64_t count = options.limit > 0 ? std::min(options.limit, train.count) : train.count;
    require(count > 0, "the training set is empty");
    const std::vector<int64_t> order = epoch_order(lesson_.init.seed, epochs_done_, count);
    const int64_t batches = (count + options.batch_size - 1) / options.batch_size;

    EpochReport report;
    report.epoch = epochs_done_ + 1;
    BatchProgress progress;
    progress.epoch = report.epoch;
    progress.batches = batches;
    double loss_sum = 0.0;
    int64_t correct = 0;
    const auto start = std::chrono::steady_clock::now();
    auto seconds_since_start = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    for (int64_t b = 0; b < batches; ++b) {
        if (callbacks.stop_requested && callbacks.stop_requested()) {
            report.completed = false;
            break;
        }
        const auto first = order.begin() + b * options.batch_size;
        const std::vector<int64_t> indices(
            first, first + std::min(options.batch_size, count - b * options.batch_size));
        const BatchResult r = step(train.images(indices), train.labels_of(indices));
        loss_sum += r.loss * static_cast<double>(r.count);
        correct += r.correct;
        progress.batch = b + 1;
        progress.examples += r.count;
        progress.loss = loss_sum / static_cast<double>(progress.examples);
        progress.accuracy = static_cast<double>(correct) / static_cast<double>(progress.examples);
        progress.examples_per_second =
            static_cast<double>(progress.examples) / std::max(seconds_since_start(), 1e-9);
        if (callbacks.on_batch) {
            callbacks.on_batch(progress);
        }
    }
    report.seconds = seconds_since_start();
    report.loss = progress.loss;
    report.train_accuracy = progress.accuracy;
    report.examples_per_second = progress.examples_per_second;
    if (!report.completed) {
        return report;
    }
    if (test != nullptr) {
        // Small batches, so that a cancel during the test pass is seen within milliseconds.
        const std::optional<BatchResult> t =
            evaluate_dataset(network_, *test, options.test_limit, 200, callbacks.stop_requested);
        if (!t) {
            report.completed = false;  // cancelled: the epoch is dropped as during training
            return report;
        }
        report.test_accuracy = static_cast<double>(t->correct) / static_cast<double>(t->count);
    }
    ++epochs_done_;
    history_.push_back(report);
    return report;
}

BatchResult evaluate_dataset(const Network& network, const ImageDataset& data, int64_t limit,
                             int64_t batch_size) {
    return *evaluate_dataset(network, data, limit, batch_size, {});
}

std::optional<BatchResult> evaluate_dataset(const Network& network, const ImageDataset& data,
                                            int64_t limit, int64_t batch_size,
                                            const std::function<bool()>& stop_requested) {
    const int64_t count = limit > 0 ? std::min(limit, data.count) : data.count;
    require(count > 0, "cannot evaluate on an empty data set");
    BatchResult total;
    double loss_sum = 0.0;
    for (int64_t begin = 0; begin < count; begin += batch_size) {
        if (stop_requested && stop_requested()) {
            return std::nullopt;
        }
        std::vector<int64_t> indices;
        for (int64_t i = begin; i < std::min(count, begin + batch_size); ++i) {
            indices.push_back(i);
        }
        const BatchResult r = network.evaluate(data.images(indices), data.labels_of(indices));
        loss_sum += r.loss * static_cast<double>(r.count);
        total.correct += r.correct;
        total.count += r.count;
    }
    total.loss = loss_sum / static_cast<double>(total.count);
    return total;
}

}  // namespace cs
