#pragma once
// The lesson's input as shared, read-only data for a page's background jobs. A photo's tensor
// is shared (LessonController shares it: Tensor::share), so taking it copies no floats; the
// same object is handed out again while the photo stays, so the jobs of one page compare it.
#include <QString>

#include <memory>

#include "app/core/lesson.hpp"

namespace cs::core {

class PageInput {
  public:
    // The lesson's input; the previous copy when it is still the same photo. A photo's tensor
    // is never edited in place (only replaced by opening another), so the same file, storage
    // and shape mean the same pixels. Matrix inputs are small and copied every time.
    std::shared_ptr<const Tensor> get(const Lesson& lesson);

  private:
    std::shared_ptr<const Tensor> tensor_;
    QString path_;
    const float* source_ = nullptr;
    Shape shape_;
};

}  // namespace cs::core
