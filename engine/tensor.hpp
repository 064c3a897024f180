#pragma once
// A dense float32 tensor in row-major order. Images and feature maps are NCHW:
// (batch, channels, height, width). Shapes are checked with messages a student can act on.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace cs {

using Shape = std::vector<int64_t>;

// "[1, 3, 224, 224]"
std::string shape_string(const Shape& shape);
// Product of the extents; throws cs::Error for a negative extent or a size that overflows.
int64_t shape_numel(const Shape& shape);

// No tensor may hold more values than this: 2^29 floats, 2 GiB. A 100-megapixel RGB photo
// (3 × 10^8 values) fits; an op whose output would be larger (a transposed convolution with
// a huge stride, an upsampling chain) is refused with a message instead of exhausting memory.
inline constexpr int64_t max_tensor_values = int64_t{1} << 29;
// Throws cs::Error naming `shape` and the limit when it holds more than max_tensor_values.
void require_tensor_size(const Shape& shape, const std::string& what = "a tensor");

class Tensor {
  public:
    Tensor() = default;
    explicit Tensor(Shape shape, float fill = 0.0f);
    Tensor(Shape shape, std::vector<float> values);

    const Shape& shape() const { return shape_; }
    int64_t dim() const { return static_cast<int64_t>(shape_.size()); }
    // Extent of dimension d; negative d counts from the end as in PyTorch.
    int64_t size(int64_t d) const;
    int64_t numel() const { return static_cast<int64_t>(values_.size()); }
    bool empty() const { return values_.empty(); }

    float* data() { return values_.data(); }
    const float* data() const { return values_.data(); }
    const std::vector<float>& values() const { return values_; }
    std::vector<float>& values() { return values_; }

    // Bounds-checked element access with one index per dimension.
    float& at(std::initializer_list<int64_t> index);
    float at(std::initializer_list<int64_t> index) const;

    // Unchecked NCHW access for inner loops of 4-D tensors.
    float& operator()(int64_t n, int64_t c, int64_t y, int64_t x) {
        return values_[((n * shape_[1] + c) * shape_[2] + y) * shape_[3] + x];
    }
    float operator()(int64_t n, int64_t c, int64_t y, int64_t x) const {
        return values_[((n * shape_[1] + c) * shape_[2] + y) * shape_[3] + x];
    }

    // Same values, another shape with the same number of elements.
    Tensor reshaped(Shape shape) const;

    // Throws cs::Error naming `what` unless the tensor has exactly `rank` dimensions.
    void require_rank(int64_t rank, const std::string& what) const;

  private:
    int64_t flat_index(std::initializer_list<int64_t> index) const;

    Shape shape_;
    std::vector<float> values_;
};

}  // namespace cs
