#pragma once
// The lesson's input as shared, read-only data for a page's background jobs. A 12-megapixel RGB
// photo is 144 MB: copying it costs tens of milliseconds of UI thread, so a photo is copied
// once when it arrives, not again on every kernel or parameter edit.
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
