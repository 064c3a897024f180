#include <catch2/catch.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <vector>

#include "engine/ops/conv_kernel.hpp"
#include "test_conv_helpers.hpp"

using namespace cs;

namespace {

// `floats` floats that end exactly where an inaccessible page begins: a read one float past
// the end is a segmentation fault, in every build, not only under AddressSanitizer.
class GuardedFloats {
  public:
    explicit GuardedFloats(size_t floats) {
        page_ = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
        data_bytes_ = (floats * sizeof(float) + page_ - 1) / page_ * page_;
        base_ = ::mmap(nullptr, data_bytes_ + page_, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        REQUIRE(base_ != MAP_FAILED);
        REQUIRE(::mprotect(static_cast<char*>(base_) + data_bytes_, page_, PROT_NONE) == 0);
        data_ = reinterpret_cast<float*>(static_cast<char*>(base_) + data_bytes_) -
                static_cast<std::ptrdiff_t>(floats);
    }
    ~GuardedFloats() { ::munmap(base_, data_bytes_ + page_); }
    GuardedFloats(const GuardedFloats&) = delete;
    GuardedFloats& operator=(const GuardedFloats&) = delete;
    float* data() const { return data_; }

  private:
    size_t page_ = 0, data_bytes_ = 0;
    void* base_ = nullptr;
    float* data_ = nullptr;
};

}  // namespace

TEST_CASE("conv kernel: no version reads past the end of the last row") {
    // One row of `count` outputs from a 1×3 kernel: the source holds count + 2 floats and its
    // last float is the last before the guard page. Every row length up to four AVX-512 tiles.
    const int ran = cs::test::for_each_kernel_version([] {
        for (int channels = 1; channels <= conv_kernel::kMaxChannels; ++channels) {
            for (int64_t count = 1; count <= 70; ++count) {
                GuardedFloats src(static_cast<size_t>(count + 2));
                for (int64_t i = 0; i < count + 2; ++i) {
                    src.data()[i] = static_cast<float>(i % 7);
                }
                const std::vector<int64_t> offsets = {0, 1, 2};
                std::vector<float> weights(static_cast<size_t>(3 * channels));
                for (size_t i = 0; i < weights.size(); ++i) {
                    weights[i] = static_cast<float>(i % 3 + 1);
                }
                const std::vector<float> bias(static_cast<size_t>(channels), 0.5f);
                std::vector<std::vector<float>> out(static_cast<size_t>(channels),
                                                    std::vector<float>(count + 1, -7.0f));
                conv_kernel::RowJob job;
                job.src = src.data();
                job.offsets = offsets.data();
                job.taps = 3;
                job.weights = weights.data();
                job.channels = channels;
                job.bias = bias.data();
                job.count = count;
                for (int o = 0; o < channels; ++o) {
                    job.out[static_cast<size_t>(o)] = out[static_cast<size_t>(o)].data();
                }
                conv_kernel::tap_rows(job);
                for (int o = 0; o < channels; ++o) {
                    const std::vector<float>& row = out[static_cast<size_t>(o)];
                    for (int64_t x = 0; x < count; ++x) {
                        float expected = 0.5f;
                        for (int t = 0; t < 3; ++t) {
                            expected +=
                                src.data()[x + t] * weights[static_cast<size_t>(t * channels + o)];
                        }
                        INFO("channels " << channels << " count " << count << " x " << x);
                        REQUIRE(row[static_cast<size_t>(x)] == expected);
                    }
                    REQUIRE(row[static_cast<size_t>(count)] == -7.0f);  // nothing written past
                }
            }
        }
    });
    CHECK(ran >= 1);
}
