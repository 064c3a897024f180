#pragma once
// Looking inside a trained network: every layer's output and the class probabilities for one
// 28×28 picture, and — on a worker thread, with progress and cancel — the confusion matrix over
// the test set with the most confident mistakes.
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "engine/data/fashion_mnist.hpp"
#include "engine/train/network.hpp"
#include "engine/train/predict.hpp"

namespace cs::core {

struct Inspection {
    std::vector<Tensor> outputs;       // outputs[i]: layer i's output for the picture (batch 1)
    std::vector<float> probabilities;  // softmax, in label order
    int64_t predicted = 0;
};

// One picture (1, 1, 28, 28) through the network. Cheap for LeNet (well under a millisecond),
// so the UI thread may call it.
Inspection inspect(const Network& network, const Tensor& input);

// A photo file as the network sees it: gray, square, 28×28, inverted when its border is light.
// Throws cs::Error for a file that cannot be decoded.
PreparedImage prepare_photo(const QString& path);

struct Mistake {
    int64_t index = 0;  // in the test set
    int64_t label = 0;
    int64_t predicted = 0;
    float confidence = 0.0f;  // probability of the wrong class
};

struct ConfusionMatrix {
    int64_t classes = 0;
    std::vector<int64_t> counts;  // counts[label * classes + predicted]
    int64_t total = 0;
    int64_t correct = 0;
    std::vector<Mistake> mistakes;  // the most confident first
    int64_t at(int64_t label, int64_t predicted) const {
        return counts[label * classes + predicted];
    }
};

// The confusion matrix over the first `limit` examples (0 = all), in batches. `keep_going` is
// called after every batch with the examples done; returning false stops early (nullopt-like:
// the result then has total < the requested count).
ConfusionMatrix confusion_matrix(
    const Network& network, const ImageDataset& data, int64_t limit, size_t mistakes,
    const std::function<bool(int64_t done, int64_t total)>& keep_going);

// Runs confusion_matrix on the thread pool; the newest request wins.
class ConfusionJob : public QObject {
    Q_OBJECT
  public:
    explicit ConfusionJob(QObject* parent = nullptr);
    ~ConfusionJob() override;

    void start(std::shared_ptr<const Network> network, std::shared_ptr<const ImageDataset> data,
               int64_t limit = 0);
    void cancel();
    bool running() const { return running_; }

  signals:
    void progress(int done, int total);
    void finished(const cs::core::ConfusionMatrix& matrix);
    void cancelled();
    void failed(const QString& message);

  private:
    std::shared_ptr<std::atomic<bool>> cancel_;
    bool running_ = false;
};

}  // namespace cs::core
