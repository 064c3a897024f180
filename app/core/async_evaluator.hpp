#pragma once
// Runs an op on a worker thread so that large images never block the window. The newest
// request wins: results of older requests that finish late are dropped.
#include <QObject>

#include <atomic>
#include <memory>

#include "engine/op_call.hpp"

namespace cs::core {

class AsyncEvaluator : public QObject {
    Q_OBJECT
  public:
    explicit AsyncEvaluator(QObject* parent = nullptr);
    ~AsyncEvaluator() override;

    // Starts evaluating `call`; `finished` or `failed` follows unless a newer request comes first.
    void request(OpCall call);
    bool busy() const { return pending_ > 0; }
    // Blocks until no work is running (tests and shutdown).
    void wait();

  signals:
    void started();
    void finished(const cs::Tensor& output);
    void failed(const QString& message);

  private:
    std::shared_ptr<std::atomic<int64_t>> generation_;
    std::atomic<int> pending_{0};
};

}  // namespace cs::core
