#pragma once
// The Fashion-MNIST training and test sets, loaded once on a worker thread and shared (read
// only) by the training controller and the inspect view. Decompressing 70,000 pictures takes
// long enough that the window would freeze if it happened on the UI thread.
#include <QObject>
#include <QString>

#include <memory>

#include "engine/data/fashion_mnist.hpp"

namespace cs::core {

class TrainingData : public QObject {
    Q_OBJECT
  public:
    explicit TrainingData(QObject* parent = nullptr);

    // Starts loading both splits from `dir`; `loaded` or `failed` follows.
    void load(const QString& dir);
    bool loading() const { return loading_; }
    bool ready() const { return train_ != nullptr; }
    QString error() const { return error_; }
    QString directory() const { return dir_; }
    std::shared_ptr<const ImageDataset> train() const { return train_; }
    std::shared_ptr<const ImageDataset> test() const { return test_; }

  signals:
    void loaded();
    void failed(const QString& message);

  private:
    QString dir_;
    QString error_;
    bool loading_ = false;
    std::shared_ptr<const ImageDataset> train_;
    std::shared_ptr<const ImageDataset> test_;
};

}  // namespace cs::core
