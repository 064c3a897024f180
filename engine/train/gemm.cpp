#include "engine/train/gemm.hpp"

#include <algorithm>
#include <vector>

// On x86-64 with GCC or Clang, hot loops are compiled for several instruction sets and the best
// one the processor supports is chosen when the program starts (a portable build otherwise
// gets only SSE2).
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CS_MULTIVERSION \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define CS_MULTIVERSION
#endif

namespace cs {
namespace {

// Tile of C computed at once: MR rows × NR columns, 96 accumulators. 16 floats are one AVX-512
// register, two AVX registers or four SSE registers, so the inner loop vectorises on each.
constexpr int64_t MR = 6;
constexpr int64_t NR = 16;
// Block sizes chosen so that a KC×NR panel of B stays in L1 and an MC×KC block of A in L2.
constexpr int64_t KC = 256;
constexpr int64_t MC = 72;

float element(const GemmOperand& x, int64_t row, int64_t col) {
    return x.transposed ? x.data[col * x.ld + row] : x.data[row * x.ld + col];
}

// Copies rows [i0, i0 + mc) × columns [p0, p0 + kc) of op(A) into panels of MR rows stored
// column by column (k-major), padding the last panel with zeros.
void pack_a(const GemmOperand& a, int64_t i0, int64_t mc, int64_t p0, int64_t kc, float* out) {
    for (int64_t i = 0; i < mc; i += MR, out += kc * MR) {
        const int64_t rows = std::min(MR, mc - i);
        if (rows < MR) {
            std::fill(out, out + kc * MR, 0.0f);
        }
        if (a.transposed) {
            // Stored row p0 + p holds op(A)'s column p0 + p: MR neighbours at a time.
            for (int64_t p = 0; p < kc; ++p) {
                const float* src = a.data + (p0 + p) * a.ld + i0 + i;
                std::copy(src, src + rows, out + p * MR);
            }
            continue;
        }
        for (int64_t r = 0; r < rows; ++r) {
            const float* src = a.data + (i0 + i + r) * a.ld + p0;
            for (int64_t p = 0; p < kc; ++p) {
                out[p * MR + r] = src[p];
            }
        }
    }
}

// Copies rows [p0, p0 + kc) × columns [j0, j0 + nc) of op(B) into panels of NR columns stored
// row by row (k-major), padding the last panel with zeros. The loops follow the stored
// matrix's rows, so that the source is read sequentially either way.
void pack_b(const GemmOperand& b, int64_t p0, int64_t kc, int64_t j0, int64_t nc, float* out) {
    for (int64_t j = 0; j < nc; j += NR, out += kc * NR) {
        const int64_t cols = std::min(NR, nc - j);
        if (b.transposed) {
            // Stored row j0 + j + c holds op(B)'s column j0 + j + c.
            if (cols < NR) {
                std::fill(out, out + kc * NR, 0.0f);
            }
            for (int64_t c = 0; c < cols; ++c) {
                const float* src = b.data + (j0 + j + c) * b.ld + p0;
                for (int64_t p = 0; p < kc; ++p) {
                    out[p * NR + c] = src[p];
                }
            }
            continue;
        }
        for (int64_t p = 0; p < kc; ++p) {
            const float* src = b.data + (p0 + p) * b.ld + j0 + j;
            float* dst = out + p * NR;
            std::copy(src, src + cols, dst);
            std::fill(dst + cols, dst + NR, 0.0f);
        }
    }
}

// acc (MR×NR) = Σ_p a[p] ⊗ b[p] over kc packed columns of A and rows of B, then
// C_tile = alpha·acc + (first ? beta·C_tile : C_tile).
CS_MULTIVERSION void micro_kernel(int64_t kc, const float* __restrict a, const float* __restrict b,
                                  float* __restrict c, int64_t ldc, int64_t rows, int64_t cols,
                                  float alpha, float beta, bool first) {
    float acc[MR][NR] = {};
    for (int64_t p = 0; p < kc; ++p) {
#pragma GCC unroll 6
        for (int64_t r = 0; r < MR; ++r) {
            const float ar = a[r];
#pragma GCC unroll 16
            for (int64_t j = 0; j < NR; ++j) {
                acc[r][j] += ar * b[j];
            }
        }
        a += MR;
        b += NR;
    }
    for (int64_t r = 0; r < rows; ++r) {
        float* row = c + r * ldc;
        for (int64_t j = 0; j < cols; ++j) {
            const float base = first ? (beta == 0.0f ? 0.0f : beta * row[j]) : row[j];
            row[j] = base + alpha * acc[r][j];
        }
    }
}

}  // namespace

void gemm(const GemmShape& s, float alpha, const GemmOperand& a, const GemmOperand& b, float beta,
          float* c, int64_t ldc) {
    if (s.m <= 0 || s.n <= 0) {
        return;
    }
    if (s.k <= 0) {
        gemm_reference(s, alpha, a, b, beta, c, ldc);  // only scales C
        return;
    }
    // Per-thread scratch space, reused from call to call.
    thread_local std::vector<float> packed_a;
    thread_local std::vector<float> packed_b;
    const int64_t nc = ((s.n + NR - 1) / NR) * NR;
    packed_b.resize(static_cast<size_t>(KC * nc));
    packed_a.resize(static_cast<size_t>(KC * MC));
    for (int64_t p0 = 0; p0 < s.k; p0 += KC) {
        const int64_t kc = std::min(KC, s.k - p0);
        const bool first = p0 == 0;
        pack_b(b, p0, kc, 0, s.n, packed_b.data());
        for (int64_t i0 = 0; i0 < s.m; i0 += MC) {
            const int64_t mc = std::min(MC, s.m - i0);
            pack_a(a, i0, mc, p0, kc, packed_a.data());
            for (int64_t j = 0; j < s.n; j += NR) {
                const float* bp = packed_b.data() + (j / NR) * kc * NR;
                for (int64_t i = 0; i < mc; i += MR) {
                    micro_kernel(kc, packed_a.data() + (i / MR) * kc * MR, bp,
                                 c + (i0 + i) * ldc + j, ldc, std::min(MR, mc - i),
                                 std::min(NR, s.n - j), alpha, beta, first);
                }
            }
        }
    }
}

void gemm_reference(const GemmShape& s, float alpha, const GemmOperand& a, const GemmOperand& b,
                    float beta, float* c, int64_t ldc) {
    for (int64_t i = 0; i < s.m; ++i) {
        for (int64_t j = 0; j < s.n; ++j) {
            float sum = 0.0f;
            for (int64_t p = 0; p < s.k; ++p) {
                sum += element(a, i, p) * element(b, p, j);
            }
            float& out = c[i * ldc + j];
            out = (beta == 0.0f ? 0.0f : beta * out) + alpha * sum;
        }
    }
}

}  // namespace cs
