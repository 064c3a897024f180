#include "app/core/page_input.hpp"

namespace cs::core {

std::shared_ptr<const Tensor> PageInput::get(const Lesson& lesson) {
    const bool same_photo = tensor_ && !lesson.image_path.isEmpty() && lesson.image_path == path_ &&
                            lesson.input.data() == source_ && lesson.input.shape() == shape_;
    if (!same_photo) {
        tensor_ = std::make_shared<const Tensor>(lesson.input);
        path_ = lesson.image_path;
        source_ = lesson.input.data();
        shape_ = lesson.input.shape();
    }
    return tensor_;
}

}  // namespace cs::core
