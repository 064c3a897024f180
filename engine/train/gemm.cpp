#include "engine/train/gemm.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

#include "engine/ops/conv_kernel.hpp"

// This file is compiled with -ffp-contract=fast (train_sources.cmake): in the AVX2 and AVX-512
// versions `acc += a * b` is one fused multiply-add. Both do one FMA per k in the same order and
// the same K blocks, so they give the same bits; the portable version rounds the product and
// the sum separately.

namespace cs {
namespace {

// L floats in one vector variable: 8 = one AVX register (two SSE registers in the portable
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

// One version of the kernel: a tile of C of MR rows × NR = NV·L columns lives in MR·NV vector
// registers while k runs. AVX-512 (32 registers): 8×48, 24 accumulators, 3 loads of B and 8
// broadcasts of A per 24 FMAs. AVX2 (16 registers): 6×16, 12 accumulators. Portable: 6×8
// (12 SSE registers).
template <int L_, int MR_, int NV_>
struct Tile {
    static constexpr int L = L_;
    static constexpr int MR = MR_;
    static constexpr int NV = NV_;
    static constexpr int NR = L * NV;
};
using Avx512Tile = Tile<16, 8, 3>;
using Avx2Tile = Tile<8, 6, 2>;
using PortableTile = Tile<8, 6, 1>;

// Block sizes: a K block of 384 (every version sums the same blocks, so AVX2 and AVX-512 agree
// bit for bit), A blocks of at most MC rows (MC·KC floats, 96 KiB, stay in L2 cache), B blocks
// of about NC columns (KC·NC floats, 768 KiB, in L2) packed once and swept by every A panel.
// Longer K blocks pay where M·N is small: the weight gradient's 64×144 result over 1,008 cells
// ran 10-20 % faster with KC 384 than 256 on one Zen 5 core (noisy machine, best of 7); the
// forward band, 64×1008 over K 576, stays at 150-170 GFLOP/s either way.
constexpr int64_t KC = 384;
constexpr int64_t MC = 64;
constexpr int64_t NC = 512;

float element(const GemmOperand& x, int64_t row, int64_t col) {
    return x.transposed ? x.data[col * x.ld + row] : x.data[row * x.ld + col];
}

// Copies rows [i0, i0 + mc) × columns [p0, p0 + kc) of op(A) into panels of MR rows stored
// column by column (k-major): panel element (p, r) at p·MR + r. The last panel is padded with
// zeros, so the micro-kernel always reads whole tiles and never reads outside A.
template <int MR>
void pack_a(const GemmOperand& a, int64_t i0, int64_t mc, int64_t p0, int64_t kc, float* out) {
    for (int64_t i = 0; i < mc; i += MR, out += kc * MR) {
        const int64_t rows = std::min<int64_t>(MR, mc - i);
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
// row by row (k-major): panel element (p, j) at p·NR + j, the last panel padded with zeros.
// The loops follow the stored matrix's rows, so that the source is read sequentially.
template <int NR>
void pack_b(const GemmOperand& b, int64_t p0, int64_t kc, int64_t j0, int64_t nc, float* out) {
    for (int64_t j = 0; j < nc; j += NR, out += kc * NR) {
        const int64_t cols = std::min<int64_t>(NR, nc - j);
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

// Where one tile of C goes: `rows` × `cols` of it exist (fewer than MR × NR at the matrix's
// edges). C_tile = alpha·acc, or C_tile + alpha·acc when `accumulate`.
struct TileOut {
    float* c = nullptr;
    int64_t ldc = 0;
    int64_t rows = 0;
    int64_t cols = 0;
    float alpha = 1.0f;
    bool accumulate = false;
};

// acc (MR×NR) = Σ_p a[p] ⊗ b[p] over kc packed columns of A and rows of B (both padded to
// whole tiles), then written to C. An edge tile goes through a local array and only its
// existing elements are stored: nothing outside C is read or written.
template <typename T>
[[gnu::always_inline]] inline void micro_kernel(int64_t kc, const float* __restrict a,
                                                const float* __restrict b, const TileOut& t) {
    using V = typename Vec<T::L>::type;
    V acc[T::MR][T::NV];
#pragma GCC unroll 16
    for (int r = 0; r < T::MR; ++r) {
#pragma GCC unroll 4
        for (int v = 0; v < T::NV; ++v) {
            acc[r][v] = V{};
        }
    }
    for (int64_t p = 0; p < kc; ++p) {
        V bv[T::NV];
#pragma GCC unroll 4
        for (int v = 0; v < T::NV; ++v) {
            std::memcpy(&bv[v], b + v * T::L, sizeof(V));  // one load each, kept in a register
        }
#pragma GCC unroll 16
        for (int r = 0; r < T::MR; ++r) {
            const float ar = a[r];
#pragma GCC unroll 4
            for (int v = 0; v < T::NV; ++v) {
                acc[r][v] += ar * bv[v];
            }
        }
        a += T::MR;
        b += T::NR;
    }
    // One product per element (alpha·acc, added to C): one FMA whichever way the compiler
    // contracts, so every FMA version rounds alike.
    if (t.rows == T::MR && t.cols == T::NR) {
#pragma GCC unroll 16
        for (int r = 0; r < T::MR; ++r) {
#pragma GCC unroll 4
            for (int v = 0; v < T::NV; ++v) {
                float* dst = t.c + r * t.ldc + v * T::L;
                V out = t.alpha * acc[r][v];
                if (t.accumulate) {
                    V old;
                    std::memcpy(&old, dst, sizeof(V));
                    out = old + t.alpha * acc[r][v];
                }
                std::memcpy(dst, &out, sizeof(V));
            }
        }
        return;
    }
    float tile[T::MR][T::NR];
#pragma GCC unroll 16
    for (int r = 0; r < T::MR; ++r) {
#pragma GCC unroll 4
        for (int v = 0; v < T::NV; ++v) {
            std::memcpy(&tile[r][v * T::L], &acc[r][v], sizeof(V));
        }
    }
    for (int64_t r = 0; r < t.rows; ++r) {
        float* row = t.c + r * t.ldc;
        for (int64_t j = 0; j < t.cols; ++j) {
            row[j] = t.accumulate ? row[j] + t.alpha * tile[r][j] : t.alpha * tile[r][j];
        }
    }
}

// Per-thread packing space, reused from call to call (at most (MC + MR)·KC + (NC + NR)·KC
// floats).
struct PackBuffers {
    std::vector<float> a;
    std::vector<float> b;
};

PackBuffers& pack_buffers() {
    thread_local PackBuffers buffers;
    return buffers;
}

// C = beta·C in a pass of its own when beta is neither 0 (C is overwritten) nor 1, so that the
// kernel below only ever adds one product to C.
void scale_c(const GemmShape& s, float beta, float* c, int64_t ldc) {
    if (beta == 0.0f || beta == 1.0f) {
        return;
    }
    for (int64_t i = 0; i < s.m; ++i) {
        for (int64_t j = 0; j < s.n; ++j) {
            c[i * ldc + j] *= beta;
        }
    }
}

// The GotoBLAS loops: for each block of B columns and K, pack B (unless the caller packed all of
// it: `packed_b`, laid out as gemm_packed_b describes); for each block of A rows, pack A; then
// every (B panel, A panel) pair is one micro-kernel call.
template <typename T>
[[gnu::always_inline]] inline void gemm_blocked(const GemmShape& s, float alpha,
                                                const GemmOperand& a, const GemmOperand& b,
                                                const float* packed_a, const float* packed_b,
                                                float beta, float* c, int64_t ldc) {
    constexpr int64_t nc_max = (NC + T::NR - 1) / T::NR * T::NR;
    constexpr int64_t mc_max = (MC + T::MR - 1) / T::MR * T::MR;
    scale_c(s, beta, c, ldc);
    PackBuffers& buffers = pack_buffers();
    buffers.a.resize(static_cast<size_t>(mc_max * KC));
    if (packed_b == nullptr) {
        buffers.b.resize(static_cast<size_t>(nc_max * KC));
    }
    for (int64_t j0 = 0; j0 < s.n; j0 += nc_max) {
        const int64_t nc = std::min(nc_max, s.n - j0);
        for (int64_t p0 = 0; p0 < s.k; p0 += KC) {
            const int64_t kc = std::min(KC, s.k - p0);
            // Panel j of this block: kc rows × NR floats, the next panel `b_step` further on.
            const float* b_block = buffers.b.data();
            int64_t b_step = kc * T::NR;
            if (packed_b != nullptr) {
                b_block = packed_b + (j0 / T::NR) * s.k * T::NR + p0 * T::NR;
                b_step = s.k * T::NR;
            } else {
                pack_b<T::NR>(b, p0, kc, j0, nc, buffers.b.data());
            }
            for (int64_t i0 = 0; i0 < s.m; i0 += mc_max) {
                const int64_t mc = std::min(mc_max, s.m - i0);
                // Panel i of this block: kc columns × MR floats, the next `a_step` further on.
                const float* a_block = buffers.a.data();
                int64_t a_step = kc * T::MR;
                if (packed_a != nullptr) {
                    a_block = packed_a + i0 * s.k + p0 * T::MR;
                    a_step = s.k * T::MR;
                } else {
                    pack_a<T::MR>(a, i0, mc, p0, kc, buffers.a.data());
                }
                for (int64_t j = 0; j < nc; j += T::NR) {
                    const float* bp = b_block + (j / T::NR) * b_step;
                    for (int64_t i = 0; i < mc; i += T::MR) {
                        const TileOut out{.c = c + (i0 + i) * ldc + j0 + j,
                                          .ldc = ldc,
                                          .rows = std::min<int64_t>(T::MR, mc - i),
                                          .cols = std::min<int64_t>(T::NR, nc - j),
                                          .alpha = alpha,
                                          .accumulate = p0 > 0 || beta != 0.0f};
                        micro_kernel<T>(kc, a_block + (i / T::MR) * a_step, bp, out);
                    }
                }
            }
        }
    }
}

struct GemmCall {
    GemmShape shape;
    float alpha = 1.0f;
    GemmOperand a;
    GemmOperand b;
    const float* packed_a = nullptr;
    const float* packed_b = nullptr;
    float beta = 0.0f;
    float* c = nullptr;
    int64_t ldc = 0;
};

__attribute__((target("avx512f,avx512vl,avx2,fma"))) void gemm_avx512(const GemmCall& g) {
    gemm_blocked<Avx512Tile>(g.shape, g.alpha, g.a, g.b, g.packed_a, g.packed_b, g.beta, g.c,
                             g.ldc);
}

__attribute__((target("avx2,fma"))) void gemm_avx2(const GemmCall& g) {
    gemm_blocked<Avx2Tile>(g.shape, g.alpha, g.a, g.b, g.packed_a, g.packed_b, g.beta, g.c, g.ldc);
}

void gemm_portable(const GemmCall& g) {
    gemm_blocked<PortableTile>(g.shape, g.alpha, g.a, g.b, g.packed_a, g.packed_b, g.beta, g.c,
                               g.ldc);
}

enum class Version { avx512, avx2, portable };

// The engine's one choice of instruction set (conv_kernel::use_instruction_set forces one).
Version version() {
    const std::string_view isa = conv_kernel::instruction_set();
    return isa == "avx512+fma" ? Version::avx512
           : isa == "avx2+fma" ? Version::avx2
                               : Version::portable;
}

// body(tile) with a value of the running version's Tile type, for its sizes.
template <typename Body>
decltype(auto) with_tile(Body&& body) {
    switch (version()) {
        case Version::avx512:
            return body(Avx512Tile{});
        case Version::avx2:
            return body(Avx2Tile{});
        case Version::portable:
            break;
    }
    return body(PortableTile{});
}

void run(const GemmCall& g) {
    switch (version()) {
        case Version::avx512:
            gemm_avx512(g);
            break;
        case Version::avx2:
            gemm_avx2(g);
            break;
        case Version::portable:
            gemm_portable(g);
            break;
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
    run({.shape = s,
         .alpha = alpha,
         .a = a,
         .b = b,
         .packed_b = nullptr,
         .beta = beta,
         .c = c,
         .ldc = ldc});
}

void gemm_packed_b(const GemmShape& s, float alpha, const GemmOperand& a, const float* packed_b,
                   float beta, float* c, int64_t ldc) {
    if (s.m <= 0 || s.n <= 0 || s.k <= 0) {
        const GemmOperand none{packed_b, 0, false};
        gemm(s, alpha, a, none, beta, c, ldc);  // nothing to multiply: at most scales C
        return;
    }
    run({.shape = s,
         .alpha = alpha,
         .a = a,
         .b = {},
         .packed_b = packed_b,
         .beta = beta,
         .c = c,
         .ldc = ldc});
}

int64_t gemm_panel_width() {
    return with_tile([](auto tile) { return int64_t{decltype(tile)::NR}; });
}

int64_t gemm_panel_rows() {
    return with_tile([](auto tile) { return int64_t{decltype(tile)::MR}; });
}

// The whole K range of each panel in one run: pack_a of all rows and columns.
void gemm_pack_a(const GemmOperand& a, int64_t m, int64_t k, float* packed_a) {
    with_tile([&](auto tile) { pack_a<decltype(tile)::MR>(a, 0, m, 0, k, packed_a); });
}

// The whole K range of each panel in one run: pack_b of all rows and columns.
void gemm_pack_b(const GemmOperand& b, int64_t k, int64_t n, float* packed_b) {
    with_tile([&](auto tile) { pack_b<decltype(tile)::NR>(b, 0, k, 0, n, packed_b); });
}

void gemm_packed_ab(const GemmShape& s, float alpha, const float* packed_a, const float* packed_b,
                    float beta, float* c, int64_t ldc) {
    if (s.m <= 0 || s.n <= 0 || s.k <= 0) {
        const GemmOperand none{packed_b, 0, false};
        gemm(s, alpha, none, none, beta, c, ldc);  // nothing to multiply: at most scales C
        return;
    }
    run({.shape = s,
         .alpha = alpha,
         .a = {},
         .b = {},
         .packed_a = packed_a,
         .packed_b = packed_b,
         .beta = beta,
         .c = c,
         .ldc = ldc});
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
