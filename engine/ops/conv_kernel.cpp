#include "engine/ops/conv_kernel.hpp"

#include <atomic>
#include <cstring>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

// This file is compiled with -ffp-contract=fast (conv_sources.cmake): in the AVX2 and AVX-512
// versions `acc += in * w` becomes one fused multiply-add, which is both faster and rounds
// once. Both versions do one FMA per tap per element in the same order, so they give the same
// bits; the portable version (no FMA) rounds the product and the sum separately.

namespace cs::conv_kernel {
namespace {

// L floats in one vector register: 8 = one AVX register (two SSE registers in the portable
// build), 16 = one AVX-512 register.
template <int L>
struct Vec;
template <>
struct Vec<8> {
    typedef float type __attribute__((vector_size(32)));
};
template <>
struct Vec<16> {
    typedef float type __attribute__((vector_size(64)));
};

// A tile of CH output channels × XV vectors (L·XV consecutive outputs) kept in registers
// while the taps stream past: each tap loads XV input vectors and does CH·XV multiply-adds.
// `Partial`: the row ends inside this one-vector tile. Its loads then read only the lanes
// that exist (the rest are zero and never stored), so no buffer needs slack past a row's
// end: rows read straight from an input tensor may be the last floats of its allocation.
template <int L, int CH, int XV, bool Partial = false>
[[gnu::always_inline]] inline void tile(const RowJob& j, int64_t x) {
    static_assert(!Partial || XV == 1);
    using V = typename Vec<L>::type;
    V acc[CH][XV];
#pragma GCC unroll 8
    for (int o = 0; o < CH; ++o) {
#pragma GCC unroll 8
        for (int v = 0; v < XV; ++v) {
            acc[o][v] = V{};
        }
    }
    const float* row = j.src + j.base + x;
    for (int64_t t = 0; t < j.taps; ++t) {
        const float* s = row + j.offsets[t];
        V in[XV];
#pragma GCC unroll 8
        for (int v = 0; v < XV; ++v) {
            if constexpr (Partial) {
                in[v] = V{};
                std::memcpy(&in[v], s, static_cast<size_t>(j.count - x) * sizeof(float));
            } else {
                std::memcpy(&in[v], s + L * v, sizeof(V));  // an unaligned load
            }
        }
        const float* w = j.weights + t * CH;
#pragma GCC unroll 8
        for (int o = 0; o < CH; ++o) {
            const float wo = w[o];
#pragma GCC unroll 8
            for (int v = 0; v < XV; ++v) {
                acc[o][v] += in[v] * wo;
            }
        }
    }
    const int64_t valid = j.count - x;
#pragma GCC unroll 8
    for (int o = 0; o < CH; ++o) {
        float* dst = j.out[static_cast<size_t>(o)] + x;
#pragma GCC unroll 8
        for (int v = 0; v < XV; ++v) {
            const V r = acc[o][v] + j.bias[o];
            if (L * v + L <= valid) {
                std::memcpy(dst + L * v, &r, sizeof(V));
            } else if (L * v < valid) {  // the row ends inside this vector
                float lanes[L];
                std::memcpy(lanes, &r, sizeof(V));
                for (int64_t i = 0; i < valid - L * v; ++i) {
                    dst[L * v + i] = lanes[i];
                }
            }
        }
    }
}

// Whole tiles of the widest kind, then one-vector tiles for the rest of the row, the last one
// partial (each lane does the same arithmetic whatever the tile width). Widest: enough
// independent accumulators (CH·XV ≥ 8) to hide the multiply-add latency, few enough that
// accumulators and inputs fit the registers (16 for AVX2, 32 for AVX-512). No load reaches
// past the row's last element.
template <int L, int CH>
[[gnu::always_inline]] inline void row(const RowJob& j) {
    constexpr int XV = CH == 1 ? 8 : CH == 2 ? 4 : L == 16 && CH == 4 ? 4 : 3;
    int64_t x = 0;
    for (; x + L * XV <= j.count; x += L * XV) {
        tile<L, CH, XV>(j, x);
    }
    for (; x + L <= j.count; x += L) {
        tile<L, CH, 1>(j, x);
    }
    if (x < j.count) {
        tile<L, CH, 1, true>(j, x);
    }
}

template <int L>
[[gnu::always_inline]] inline void dispatch(const RowJob& j) {
    switch (j.channels) {
        case 1:
            row<L, 1>(j);
            break;
        case 2:
            row<L, 2>(j);
            break;
        case 3:
            row<L, 3>(j);
            break;
        default:
            row<L, 4>(j);
            break;
    }
}

__attribute__((target("avx512f,avx512vl,avx2,fma"))) void tap_rows_avx512(const RowJob& j) {
    dispatch<16>(j);
}

__attribute__((target("avx2,fma"))) void tap_rows_avx2(const RowJob& j) {
    dispatch<8>(j);
}

void tap_rows_portable(const RowJob& j) {
    dispatch<8>(j);
}

enum class Isa { portable, avx2, avx512 };

Isa best_isa() {
    static const Isa best = [] {
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")) {
            return Isa::avx512;
        }
        if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
            return Isa::avx2;
        }
        return Isa::portable;
    }();
    return best;
}

std::atomic<int> chosen{-1};  // an Isa forced by use_instruction_set, or -1

Isa isa() {
    const int forced = chosen.load(std::memory_order_relaxed);
    return forced < 0 ? best_isa() : static_cast<Isa>(forced);
}

}  // namespace

void tap_rows(const RowJob& job) {
    switch (isa()) {
        case Isa::avx512:
            tap_rows_avx512(job);
            break;
        case Isa::avx2:
            tap_rows_avx2(job);
            break;
        case Isa::portable:
            tap_rows_portable(job);
            break;
    }
}

Tensor new_output(const Shape& shape) {
    require_tensor_size(shape, "the output");
    Tensor out = Tensor::uninitialized(shape);  // large blocks come straight from mmap, untouched
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr uintptr_t huge = uintptr_t{2} << 20;
    const uintptr_t begin = (reinterpret_cast<uintptr_t>(out.data()) + huge - 1) & ~(huge - 1);
    const uintptr_t end = (reinterpret_cast<uintptr_t>(out.data() + out.numel())) & ~(huge - 1);
    if (end > begin) {
        madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // only a hint
    }
#endif
    return out;
}

bool use_instruction_set(const std::string& name) {
    if (name.empty()) {
        chosen = -1;
        return true;
    }
    const Isa want = name == "avx512+fma" ? Isa::avx512
                     : name == "avx2+fma" ? Isa::avx2
                     : name == "portable" ? Isa::portable
                                          : best_isa();
    const bool known = name == "avx512+fma" || name == "avx2+fma" || name == "portable";
    if (!known || static_cast<int>(want) > static_cast<int>(best_isa())) {
        return false;
    }
    chosen = static_cast<int>(want);
    return true;
}

const char* instruction_set() {
    switch (isa()) {
        case Isa::avx512:
            return "avx512+fma";
        case Isa::avx2:
            return "avx2+fma";
        case Isa::portable:
            return "portable";
    }
    return "portable";
}

}  // namespace cs::conv_kernel
