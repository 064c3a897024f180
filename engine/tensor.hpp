#pragma once
// A dense float32 tensor in row-major order. Images and feature maps are NCHW:
// (batch, channels, height, width). Shapes are checked with messages a student can act on.
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

namespace cs {

using Shape = std::vector<int64_t>;

// Storage of tensor buffers. While a TensorBufferReuse exists (a training session holds one, and
// so do timed runs of a model), blocks of 64 KiB to 64 MiB that are freed are kept, up to
// 128 MiB in all (the oldest go back to the system first), and handed to the next request of
// the same size: a training step allocates the same feature maps step after step, and a fresh
// 6 MB block costs about 1,600 page faults each time, which took a quarter of a ResNet block's
// step; squeezenet's run took half its time in the kernel's page handling until its 0.1–3 MB
// maps were kept too. Otherwise blocks go back to malloc at once: the playground, whose sizes
// vary from band to band, ran about 10 % slower on 2 threads with blocks kept by size.
void* allocate_buffer(size_t bytes);
void release_buffer(void* block, size_t bytes) noexcept;

class TensorBufferReuse {
  public:
    TensorBufferReuse();
    ~TensorBufferReuse();  // the last one gives every kept block back
    // A copy is one more user (an object holding one stays copyable and movable).
    TensorBufferReuse(const TensorBufferReuse&) : TensorBufferReuse() {}
    TensorBufferReuse& operator=(const TensorBufferReuse&) { return *this; }
};

// An allocator that leaves new floats uninitialised instead of zeroing them. A tensor's
// storage is then only touched by the code that fills it — in parallel, on every core —
// rather than by one thread zeroing a 100 MB feature map first, which costs more than the
// convolution that follows.
template <class T>
struct UninitializedAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = UninitializedAllocator<U>;
    };
    UninitializedAllocator() = default;
    template <class U>
    UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}

    T* allocate(size_t n) { return static_cast<T*>(allocate_buffer(n * sizeof(T))); }
    void deallocate(T* block, size_t n) noexcept { release_buffer(block, n * sizeof(T)); }

    template <class U>
    void construct(U* where) noexcept {
        ::new (static_cast<void*>(where)) U;  // default-initialised: no zeroing
    }
    template <class U, class... Args>
    void construct(U* where, Args&&... args) {
        ::new (static_cast<void*>(where)) U(std::forward<Args>(args)...);
    }
};

// A tensor's values. Behaves as std::vector<float> except that resize() leaves new elements
// uninitialised.
using FloatBuffer = std::vector<float, UninitializedAllocator<float>>;
// Flat element indices (max pooling's argmax), with the same uninitialised resize().
using IndexBuffer = std::vector<int64_t, UninitializedAllocator<int64_t>>;

// Tests and callers compare a tensor's values with plain vectors.
inline bool operator==(const FloatBuffer& a, const std::vector<float>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}
inline bool operator==(const IndexBuffer& a, const std::vector<int64_t>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

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
    // Every value set to `fill` (large tensors are filled in parallel).
    explicit Tensor(Shape shape, float fill = 0.0f);
    Tensor(Shape shape, FloatBuffer values);
    Tensor(Shape shape, const std::vector<float>& values);
    Tensor(Shape shape, std::initializer_list<float> values);
    // Values left uninitialised, for a kernel that writes every element itself.
    static Tensor uninitialized(Shape shape);
    // A shape without values, for shape inference: numel() and empty() answer from the shape,
    // and no value may be read. Planning a network on a 12-megapixel photo allocates nothing.
    static Tensor shape_only(Shape shape);
    bool is_shape_only() const { return shape_only_; }

    const Shape& shape() const { return shape_; }
    int64_t dim() const { return static_cast<int64_t>(shape_.size()); }
    // Extent of dimension d; negative d counts from the end as in PyTorch.
    int64_t size(int64_t d) const;
    int64_t numel() const {
        return shape_only_ ? shape_numel(shape_) : static_cast<int64_t>(values().size());
    }
    bool empty() const { return numel() == 0; }

    // Writing through a shared tensor first gives it its own copy of the values (see share()).
    float* data() {
        detach();
        return values_.data();
    }
    const float* data() const { return values().data(); }
    const FloatBuffer& values() const { return shared_ ? *shared_ : values_; }
    FloatBuffer& values() {
        detach();
        return values_;
    }
    // A copy of the values as a plain vector.
    std::vector<float> to_vector() const { return {values().begin(), values().end()}; }

    // From now on copies of this tensor share its values, read-only, instead of duplicating
    // them; the first write through any copy gives that copy its own values. For a large
    // input that many readers hold at once: a 12-megapixel photo is 144 MB, and copying it
    // for each background job cost the UI thread over 150 ms (mostly page faults) and the
    // process one more copy per job in flight. Tensors are not shared unless asked: a kernel
    // that keeps a data() pointer while a copy is made would otherwise write into both.
    void share();
    bool is_shared() const { return shared_ != nullptr; }
    // The shared values, or null. Shared values never change, so their identity can key a
    // cache of something derived from them (a convolution's transformed weights), valid while
    // they live.
    const std::shared_ptr<const FloatBuffer>& shared_values() const { return shared_; }

    // Bounds-checked element access with one index per dimension.
    float& at(std::initializer_list<int64_t> index);
    float at(std::initializer_list<int64_t> index) const;

    // Unchecked NCHW access for inner loops of 4-D tensors.
    float& operator()(int64_t n, int64_t c, int64_t y, int64_t x) {
        detach();
        return values_[((n * shape_[1] + c) * shape_[2] + y) * shape_[3] + x];
    }
    float operator()(int64_t n, int64_t c, int64_t y, int64_t x) const {
        return values()[((n * shape_[1] + c) * shape_[2] + y) * shape_[3] + x];
    }

    // Same values, another shape with the same number of elements.
    Tensor reshaped(Shape shape) const;

    // Throws cs::Error naming `what` unless the tensor has exactly `rank` dimensions.
    void require_rank(int64_t rank, const std::string& what) const;

  private:
    int64_t flat_index(std::initializer_list<int64_t> index) const;
    void detach() {
        if (shared_) [[unlikely]] {
            take_own_copy();
        }
    }
    void take_own_copy();

    Shape shape_;
    FloatBuffer values_;                         // empty while shared_
    std::shared_ptr<const FloatBuffer> shared_;  // values shared by copies, or null
    bool shape_only_ = false;                    // see shape_only()
};

}  // namespace cs
