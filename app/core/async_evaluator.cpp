#include "app/core/async_evaluator.hpp"

#include <QMetaObject>
#include <QPointer>
#include <QThread>
#include <QThreadPool>

#include "engine/error.hpp"

namespace cs::core {

AsyncEvaluator::AsyncEvaluator(QObject* parent)
    : QObject(parent), generation_(std::make_shared<std::atomic<int64_t>>(0)) {
    qRegisterMetaType<cs::Tensor>("cs::Tensor");
}

AsyncEvaluator::~AsyncEvaluator() {
    generation_->fetch_add(1);
    wait();
}

void AsyncEvaluator::request(OpCall call) {
    const int64_t generation = generation_->fetch_add(1) + 1;
    auto latest = generation_;
    QPointer<AsyncEvaluator> self(this);
    ++pending_;
    emit started();
    QThreadPool::globalInstance()->start([self, latest, generation, call = std::move(call), this] {
        OpResult result;
        QString message;
        if (latest->load() == generation) {  // skip work already superseded
            try {
                result = evaluate(call);
                result.output.share();  // the view keeps a copy: of a 12 MP map, 48 MB
            } catch (const std::exception& e) {
                message = QString::fromUtf8(e.what());
            }
        }
        QMetaObject::invokeMethod(
            this,
            [self, latest, generation, output = std::move(result.output), message] {
                if (!self) {
                    return;
                }
                --self->pending_;
                if (latest->load() != generation) {
                    return;
                }
                if (message.isEmpty()) {
                    emit self->finished(output);
                } else {
                    emit self->failed(message);
                }
            },
            Qt::QueuedConnection);
    });
}

void AsyncEvaluator::wait() {
    QThreadPool::globalInstance()->waitForDone();
}

}  // namespace cs::core
