#include "app/core/page_worker.hpp"

namespace cs::core {

PageWorker::PageWorker(QObject* parent)
    : QObject(parent), generation_(std::make_shared<std::atomic<int64_t>>(0)) {}

// Results still under way are dropped: run_in_background delivers nothing to a destroyed
// context.
PageWorker::~PageWorker() {
    generation_->fetch_add(1);
}

}  // namespace cs::core
