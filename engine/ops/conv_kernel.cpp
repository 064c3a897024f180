#include "engine/ops/conv_kernel.hpp"

#include <cstring>

// This file is compiled with -ffp-contract=fast (conv_sources.cmake): in the AVX2 + FMA
// version `acc += in * w` becomes one fused multiply-add, which is both faster and rounds once.

namespace cs::conv_kernel {
namespace {

// Eight floats, one 256-bit AVX register (two SSE registers in the portable build).
typedef float v8 __attribute__((vector_size(32)));

// A tile of CH output channels × XV vectors (8·XV consecutive outputs) kept in registers
// while the taps stream past: each tap loads XV input vectors and does CH·XV multiply-adds.
template <int CH, int XV>
[[gnu::always_inline]] inline void tile(const RowJob& j, int64_t x) {
    v8 acc[CH][XV];
#pragma GCC unroll 4
    for (int o = 0; o < CH; ++o) {
#pragma GCC unroll 4
        for (int v = 0; v < XV; ++v) {
            acc[o][v] = v8{};
        }
    }
    const float* row = j.src + j.base + x;
    for (int64_t t = 0; t < j.taps; ++t) {
        const float* s = row + j.offsets[t];
        v8 in[XV];
#pragma GCC unroll 4
        for (int v = 0; v < XV; ++v) {
            std::memcpy(&in[v], s + 8 * v, sizeof(v8));  // an unaligned load
        }
        const float* w = j.weights + t * CH;
#pragma GCC unroll 4
        for (int o = 0; o < CH; ++o) {
            const float wo = w[o];
#pragma GCC unroll 4
            for (int v = 0; v < XV; ++v) {
                acc[o][v] += in[v] * wo;
            }
        }
    }
    const int64_t valid = j.count - x;
#pragma GCC unroll 4
    for (int o = 0; o < CH; ++o) {
        float* dst = j.out[static_cast<size_t>(o)] + x;
#pragma GCC unroll 4
        for (int v = 0; v < XV; ++v) {
            const v8 r = acc[o][v] + j.bias[o];
            if (8 * v + 8 <= valid) {
                std::memcpy(dst + 8 * v, &r, sizeof(v8));
            } else if (8 * v < valid) {  // the row ends inside this vector
                float lanes[8];
                std::memcpy(lanes, &r, sizeof(v8));
                for (int64_t i = 0; i < valid - 8 * v; ++i) {
                    dst[8 * v + i] = lanes[i];
                }
            }
        }
    }
}

// Whole tiles of the widest kind, then narrower ones for the rest of the row (each lane does
// the same arithmetic whatever the tile width).
template <int CH>
[[gnu::always_inline]] inline void row(const RowJob& j) {
    constexpr int XV = CH <= 2 ? 4 : 3;  // CH·XV accumulators + XV inputs fit 16 registers
    int64_t x = 0;
    for (; x + 8 * XV <= j.count; x += 8 * XV) {
        tile<CH, XV>(j, x);
    }
    while (x < j.count) {
        const int64_t rest = j.count - x;
        if (rest > 16) {
            tile<CH, 3>(j, x);
            x += 24;
        } else if (rest > 8) {
            tile<CH, 2>(j, x);
            x += 16;
        } else {
            tile<CH, 1>(j, x);
            x += 8;
        }
    }
}

[[gnu::always_inline]] inline void dispatch(const RowJob& j) {
    switch (j.channels) {
        case 1:
            row<1>(j);
            break;
        case 2:
            row<2>(j);
            break;
        case 3:
            row<3>(j);
            break;
        default:
            row<4>(j);
            break;
    }
}

__attribute__((target("avx2,fma"))) void tap_rows_avx2(const RowJob& j) {
    dispatch(j);
}

void tap_rows_portable(const RowJob& j) {
    dispatch(j);
}

bool has_avx2() {
    static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return yes;
}

}  // namespace

void tap_rows(const RowJob& job) {
    if (has_avx2()) {
        tap_rows_avx2(job);
    } else {
        tap_rows_portable(job);
    }
}

bool uses_avx2() {
    return has_avx2();
}

}  // namespace cs::conv_kernel
