#pragma once
// The fast inner loop shared by conv2d, conv1d and conv_transpose2d.
//
// Every convolution, once its input has been copied into a padded buffer, computes rows of
// the form
//
//   out[o][x] = bias[o] + Σ_t weight[t][o] · src[base + offset[t] + x]      x = 0 .. count−1
//
// where t runs over the kernel taps (input channel, ky, kx) and offset[t] says where that tap
// reads relative to the output element. The ops differ only in how they lay out the buffer and
// fill the tap list, so the vector code lives here once.
//
// Each output element's sum runs over the taps in list order, one multiply-add per tap, in its
// own vector lane: the result does not depend on how rows are split between threads.
#include <array>
#include <cstdint>
#include <string>

#include "engine/tensor.hpp"

namespace cs::conv_kernel {

// Output channels computed together (their accumulators share each input load).
inline constexpr int kMaxChannels = 4;

struct RowJob {
    const float* src = nullptr;        // the padded buffer
    int64_t base = 0;                  // where output element 0 of this row reads with offset 0
    const int64_t* offsets = nullptr;  // [taps]
    int64_t taps = 0;
    const float* weights = nullptr;          // [taps][channels]: weight of tap t for channel o
    int channels = 1;                        // 1 .. kMaxChannels
    const float* bias = nullptr;             // [channels]
    std::array<float*, kMaxChannels> out{};  // one output row per channel, `count` floats each
    int64_t count = 0;
};

// Computes one row for `job.channels` output channels. Uses AVX-512 or AVX2 + FMA when the
// processor has them (checked once at run time; both give the same bits), portable vector code
// otherwise.
void tap_rows(const RowJob& job);

// An uninitialised tensor for a kernel that writes every output element. Its pages are first
// touched by the kernel's own threads, in parallel, not zeroed by one thread beforehand; a
// large one is also asked to live on transparent huge pages (Linux madvise): a 133 MB feature
// map then costs one page fault per 2 MiB instead of one per 4 KiB, which is otherwise slower
// than the whole convolution.
Tensor new_output(const Shape& shape);

// The version that runs: "avx512+fma", "avx2+fma" or "portable" (the best this processor has).
const char* instruction_set();
// For tests and benchmarks: run `name` (one of the above) from now on, if this processor has
// it; "" goes back to the best. Returns whether the request was granted.
bool use_instruction_set(const std::string& name);

}  // namespace cs::conv_kernel
