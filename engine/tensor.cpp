#include "engine/tensor.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <vector>

#include "engine/error.hpp"
#include "engine/parallel.hpp"

namespace cs {

std::string shape_string(const Shape& shape) {
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i) {
        text += (i ? ", " : "") + std::to_string(shape[i]);
    }
    return text + "]";
}

int64_t shape_numel(const Shape& shape) {
    int64_t count = 1;
    for (int64_t extent : shape) {
        require(extent >= 0,
                "a tensor cannot have a negative size; got shape " + shape_string(shape));
        if (extent != 0 && count > std::numeric_limits<int64_t>::max() / extent) {
            throw Error("shape " + shape_string(shape) + " has too many elements");
        }
        count *= extent;
    }
    return count;
}

void require_tensor_size(const Shape& shape, const std::string& what) {
    const int64_t count = shape_numel(shape);
    if (count > max_tensor_values) {
        char gib[32];
        std::snprintf(gib, sizeof gib, "%.1f", static_cast<double>(count) * 4.0 / (1 << 30));
        throw Error(what + " of shape " + shape_string(shape) + " would hold " +
                    std::to_string(count) + " values (" + gib + " GiB); ConvScope's limit is " +
                    std::to_string(max_tensor_values) + " values (2 GiB) per tensor");
    }
}

namespace {

constexpr size_t kSmallestPooled = size_t{64} << 10;
constexpr size_t kLargestPooled = size_t{64} << 20;
constexpr size_t kPoolBytes = size_t{128} << 20;

// Freed blocks by size, each size's newest last (it is the one reused: its pages are the most
// likely to be in cache); `age` orders all of them for eviction.
class BufferPool {
  public:
    void* take(size_t bytes) {
        std::lock_guard lock(mutex_);
        auto it = by_size_.upper_bound(bytes);  // past the newest block of this size
        if (it == by_size_.begin() || std::prev(it)->first != bytes) {
            return nullptr;
        }
        --it;
        void* block = it->second.block;
        by_size_.erase(it);
        held_ -= bytes;
        return block;
    }
    // Keeps `block` while reuse is on (otherwise returns false: the caller frees it), first
    // giving the oldest kept blocks back until it fits (freed after the lock is released:
    // unmapping 60 MB takes a while, and other threads may be waiting).
    bool keep(void* block, size_t bytes) {
        std::vector<void*> evicted;
        {
            std::lock_guard lock(mutex_);
            if (users_ == 0) {
                return false;
            }
            while (held_ + bytes > kPoolBytes && !by_size_.empty()) {
                const auto oldest = std::min_element(
                    by_size_.begin(), by_size_.end(),
                    [](const auto& a, const auto& b) { return a.second.age < b.second.age; });
                evicted.push_back(oldest->second.block);
                held_ -= oldest->first;
                by_size_.erase(oldest);
            }
            by_size_.emplace(bytes, Kept{block, ++clock_});
            held_ += bytes;
        }
        for (void* old : evicted) {
            ::operator delete(old);
        }
        return true;
    }
    void add_user() {
        std::lock_guard lock(mutex_);
        ++users_;
    }
    // The last user gone, every kept block goes back to the system.
    void remove_user() {
        std::multimap<size_t, Kept> kept;
        {
            std::lock_guard lock(mutex_);
            if (--users_ > 0) {
                return;
            }
            kept.swap(by_size_);
            held_ = 0;
        }
        for (const auto& [bytes, k] : kept) {
            ::operator delete(k.block);
        }
    }

  private:
    struct Kept {
        void* block;
        uint64_t age;
    };
    std::mutex mutex_;
    std::multimap<size_t, Kept> by_size_;
    size_t held_ = 0;
    uint64_t clock_ = 0;
    int users_ = 0;  // live TensorBufferReuse objects
};

BufferPool& pool() {
    static auto* pool = new BufferPool;  // never destroyed: tensors may outlive static objects
    return *pool;
}

bool pooled(size_t bytes) {
    return bytes >= kSmallestPooled && bytes <= kLargestPooled;
}

}  // namespace

TensorBufferReuse::TensorBufferReuse() {
    pool().add_user();
}

TensorBufferReuse::~TensorBufferReuse() {
    pool().remove_user();
}

void* allocate_buffer(size_t bytes) {
    if (pooled(bytes)) {
        if (void* block = pool().take(bytes)) {
            return block;
        }
    }
    return ::operator new(bytes);
}

void release_buffer(void* block, size_t bytes) noexcept {
    if (block != nullptr && pooled(bytes)) {
        try {
            if (pool().keep(block, bytes)) {
                return;
            }
        } catch (...) {  // no memory for the pool's own bookkeeping: free the block instead
        }
    }
    ::operator delete(block);
}

namespace {

// Below this many values one thread fills faster than waking the others.
constexpr int64_t parallel_fill_threshold = int64_t{1} << 18;

// Asks the kernel to back a large buffer with 2 MiB pages: a fresh 6 MB feature map otherwise
// costs about 1,600 page faults, which on a virtual machine take longer than the relu or batch
// norm that writes it. Only a hint; smaller buffers come from the heap anyway.
void prefer_huge_pages(FloatBuffer& values) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr uintptr_t huge = uintptr_t{2} << 20;
    if (values.size() * sizeof(float) < 2 * huge) {
        return;
    }
    const auto first = reinterpret_cast<uintptr_t>(values.data());
    const uintptr_t begin = (first + huge - 1) & ~(huge - 1);
    const uintptr_t end = (first + values.size() * sizeof(float)) & ~(huge - 1);
    if (end > begin) {
        madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
    }
#else
    (void)values;
#endif
}

void fill_values(FloatBuffer& values, float fill) {
    const auto count = static_cast<int64_t>(values.size());
    if (count < parallel_fill_threshold) {
        std::fill(values.begin(), values.end(), fill);
        return;
    }
    float* data = values.data();
    parallel_for(
        0, count,
        [data, fill](int64_t begin, int64_t end) { std::fill(data + begin, data + end, fill); },
        parallel_fill_threshold / 4);
}

}  // namespace

Tensor::Tensor(Shape shape, float fill) : shape_(std::move(shape)) {
    require_tensor_size(shape_);
    values_.resize(static_cast<size_t>(shape_numel(shape_)));
    prefer_huge_pages(values_);
    fill_values(values_, fill);
}

Tensor Tensor::uninitialized(Shape shape) {
    require_tensor_size(shape);
    Tensor tensor;
    tensor.values_.resize(static_cast<size_t>(shape_numel(shape)));
    prefer_huge_pages(tensor.values_);
    tensor.shape_ = std::move(shape);
    return tensor;
}

Tensor Tensor::shape_only(Shape shape) {
    require_tensor_size(shape);
    Tensor tensor;
    tensor.shape_ = std::move(shape);
    tensor.shape_only_ = true;
    return tensor;
}

Tensor::Tensor(Shape shape, const std::vector<float>& values)
    : Tensor(std::move(shape), FloatBuffer(values.begin(), values.end())) {}

Tensor::Tensor(Shape shape, std::initializer_list<float> values)
    : Tensor(std::move(shape), FloatBuffer(values)) {}

Tensor::Tensor(Shape shape, FloatBuffer values)
    : shape_(std::move(shape)), values_(std::move(values)) {
    const int64_t expected = shape_numel(shape_);
    require(expected == static_cast<int64_t>(values_.size()),
            "shape " + shape_string(shape_) + " needs " + std::to_string(expected) +
                " values, but " + std::to_string(values_.size()) + " were given");
}

int64_t Tensor::size(int64_t d) const {
    const int64_t rank = dim();
    const int64_t axis = d < 0 ? d + rank : d;
    require(axis >= 0 && axis < rank, "dimension " + std::to_string(d) +
                                          " is out of range for a tensor of shape " +
                                          shape_string(shape_));
    return shape_[static_cast<size_t>(axis)];
}

int64_t Tensor::flat_index(std::initializer_list<int64_t> index) const {
    require(static_cast<int64_t>(index.size()) == dim(),
            "a tensor of shape " + shape_string(shape_) + " needs " + std::to_string(dim()) +
                " indices, got " + std::to_string(index.size()));
    int64_t flat = 0;
    size_t axis = 0;
    for (int64_t i : index) {
        require(i >= 0 && i < shape_[axis], "index " + std::to_string(i) + " of dimension " +
                                                std::to_string(axis) + " is outside shape " +
                                                shape_string(shape_));
        flat = flat * shape_[axis] + i;
        ++axis;
    }
    return flat;
}

float& Tensor::at(std::initializer_list<int64_t> index) {
    const int64_t flat = flat_index(index);
    detach();
    return values_[flat];
}

float Tensor::at(std::initializer_list<int64_t> index) const {
    return values()[flat_index(index)];
}

void Tensor::share() {
    if (!shared_) {
        shared_ = std::make_shared<const FloatBuffer>(std::move(values_));
        values_ = FloatBuffer();
    }
}

void Tensor::take_own_copy() {
    FloatBuffer own(shared_->size());
    const float* from = shared_->data();
    float* to = own.data();
    // In parallel: a large copy is mostly first-touch page faults, which scale with cores.
    parallel_for(
        0, static_cast<int64_t>(own.size()),
        [from, to](int64_t begin, int64_t end) { std::copy(from + begin, from + end, to + begin); },
        parallel_fill_threshold / 4);
    values_ = std::move(own);
    shared_.reset();
}

Tensor Tensor::reshaped(Shape shape) const {
    require(shape_numel(shape) == numel(), "cannot reshape " + shape_string(shape_) + " (" +
                                               std::to_string(numel()) + " values) to " +
                                               shape_string(shape));
    Tensor out;
    out.shape_ = std::move(shape);
    out.values_ = values_;
    out.shared_ = shared_;  // a shared tensor's reshape shares too
    return out;
}

void Tensor::require_rank(int64_t rank, const std::string& what) const {
    require(dim() == rank, what + " must have " + std::to_string(rank) +
                               " dimensions, but has shape " + shape_string(shape_));
}

}  // namespace cs
