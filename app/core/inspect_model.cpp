#include "app/core/inspect_model.hpp"

#include <QMetaObject>
#include <QPointer>

#include <algorithm>
#include <cmath>

#include "app/core/background.hpp"
#include "engine/image_io.hpp"

namespace cs::core {

Inspection inspect(const Network& network, const Tensor& input) {
    Inspection result;
    result.outputs = network.forward_all(input);
    const Tensor probabilities = network.probabilities(input);
    result.probabilities.assign(probabilities.values().begin(), probabilities.values().end());
    result.predicted = std::max_element(result.probabilities.begin(), result.probabilities.end()) -
                       result.probabilities.begin();
    return result;
}

PreparedImage prepare_photo(const QString& path) {
    return prepare_image(load_image(path.toStdString()), 28, 28, InvertMode::automatic);
}

ConfusionMatrix confusion_matrix(const Network& network, const ImageDataset& data, int64_t limit,
                                 size_t mistakes,
                                 const std::function<bool(int64_t, int64_t)>& keep_going) {
    const int64_t count = limit > 0 ? std::min(limit, data.count) : data.count;
    ConfusionMatrix m;
    m.classes = network.class_count();
    m.counts.assign(static_cast<size_t>(m.classes * m.classes), 0);
    // Batches of 250: big enough for fast matrix products, small enough that a cancel is seen
    // within a few tens of milliseconds.
    constexpr int64_t batch = 250;
    for (int64_t begin = 0; begin < count; begin += batch) {
        std::vector<int64_t> indices;
        for (int64_t i = begin; i < std::min(count, begin + batch); ++i) {
            indices.push_back(i);
        }
        const Tensor p = network.probabilities(data.images(indices));
        const std::vector<int64_t> labels = data.labels_of(indices);
        for (size_t n = 0; n < indices.size(); ++n) {
            const float* row = p.data() + static_cast<int64_t>(n) * m.classes;
            const int64_t predicted = std::max_element(row, row + m.classes) - row;
            ++m.counts[static_cast<size_t>(labels[n] * m.classes + predicted)];
            ++m.total;
            if (predicted == labels[n]) {
                ++m.correct;
            } else {
                m.mistakes.push_back({indices[n], labels[n], predicted, row[predicted]});
            }
        }
        if (keep_going && !keep_going(m.total, count)) {
            break;
        }
    }
    std::sort(m.mistakes.begin(), m.mistakes.end(),
              [](const Mistake& a, const Mistake& b) { return a.confidence > b.confidence; });
    if (m.mistakes.size() > mistakes) {
        m.mistakes.resize(mistakes);
    }
    return m;
}

ConfusionJob::ConfusionJob(QObject* parent) : QObject(parent) {}

ConfusionJob::~ConfusionJob() {
    if (cancel_) {
        *cancel_ = true;
    }
}

void ConfusionJob::cancel() {
    if (cancel_) {
        *cancel_ = true;
    }
}

void ConfusionJob::start(std::shared_ptr<const Network> network,
                         std::shared_ptr<const ImageDataset> data, int64_t limit) {
    cancel();
    auto flag = std::make_shared<std::atomic<bool>>(false);
    cancel_ = flag;
    running_ = true;
    QPointer<ConfusionJob> self(this);
    run_in_background(
        this,
        [network, data, limit, flag, self] {
            return confusion_matrix(*network, *data, limit, 16, [&](int64_t done, int64_t total) {
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, flag, done, total] {
                        if (self && !*flag) {
                            emit self->progress(static_cast<int>(done), static_cast<int>(total));
                        }
                    },
                    Qt::QueuedConnection);
                return !*flag;
            });
        },
        [this, flag](std::optional<ConfusionMatrix> result, const QString& error) {
            if (flag != cancel_) {
                return;  // a newer request replaced this one
            }
            running_ = false;
            if (!result) {
                emit failed(error);
            } else if (*flag) {
                emit cancelled();
            } else {
                emit finished(*result);
            }
        });
}

}  // namespace cs::core
