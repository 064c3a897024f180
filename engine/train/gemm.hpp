#pragma once
// Single-precision matrix multiply, the workhorse of training: a convolution becomes one after
// im2col (conv_gemm.hpp), a linear layer is one. Row-major, with optional transposes, like the
// BLAS routine sgemm:
//   C (M×N) = alpha · op(A) (M×K) · op(B) (K×N) + beta · C
// where op(X) is X or Xᵀ. `lda`, `ldb`, `ldc` are the row strides of A, B, C as stored.
//
// The fast version packs panels of A and B into contiguous blocks and computes tiles of C with
// the accumulators in registers (the "GotoBLAS" scheme): 8×48 with AVX-512, 6×16 with AVX2,
// 6×8 portable, the best the processor has chosen at run time (conv_kernel::instruction_set,
// which tests can force). It runs on the calling thread only: callers parallelise over
// independent parts of C. Each element of C is summed in the same order (K blocks of 384)
// whatever the tile or thread count. gemm_reference is the plain triple loop it is tested
// against.
#include <cstdint>

namespace cs {

struct GemmShape {
    int64_t m = 0;
    int64_t n = 0;
    int64_t k = 0;
};

struct GemmOperand {
    const float* data = nullptr;
    int64_t ld = 0;           // row stride of the matrix as stored
    bool transposed = false;  // use the transpose of the stored matrix
};

void gemm(const GemmShape& shape, float alpha, const GemmOperand& a, const GemmOperand& b,
          float beta, float* c, int64_t ldc);

// For a B that its caller writes straight into the kernel's packed layout (conv2d's im2col
// does: one copy of the columns instead of two). The layout: ⌈N / w⌉ panels of
// w = gemm_panel_width() columns, one after the other; each panel holds its K rows of w floats
// (zeros past column N), so element (p, j) of B is at
//   (j / w)·K·w + p·w + j % w.
// gemm_panel_width() is that of the kernel version that runs (48, 16 or 8).
int64_t gemm_panel_width();
void gemm_packed_b(const GemmShape& shape, float alpha, const GemmOperand& a, const float* packed_b,
                   float beta, float* c, int64_t ldc);

// For an A used again and again (a network's weights): packed once by gemm_pack_a into panels
// of r = gemm_panel_rows() rows, element (i, p) of op(A) at (i / r)·K·r + p·r + i % r (zeros past
// row M), then multiplied with a B packed as for gemm_packed_b. Rows [i0, M) of a packed A start
// at packed_a + i0·K when i0 is a multiple of r. The layout is the running kernel version's: a
// packed A is packed again when the version changes (tests force one). gemm_pack_b packs a B
// the same way (the layout above; columns [j0, N) start at packed_b + j0·K when j0 is a
// multiple of w), for a weight that is the right-hand operand.
int64_t gemm_panel_rows();
void gemm_pack_a(const GemmOperand& a, int64_t m, int64_t k, float* packed_a);
void gemm_pack_b(const GemmOperand& b, int64_t k, int64_t n, float* packed_b);
void gemm_packed_ab(const GemmShape& shape, float alpha, const float* packed_a,
                    const float* packed_b, float beta, float* c, int64_t ldc);

void gemm_reference(const GemmShape& shape, float alpha, const GemmOperand& a, const GemmOperand& b,
                    float beta, float* c, int64_t ldc);

}  // namespace cs
