#include "engine/train/conv2d_winograd.hpp"

#include <algorithm>
#include <list>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "engine/error.hpp"
#include "engine/ops/conv_kernel.hpp"
#include "engine/parallel.hpp"
#include "engine/train/gemm.hpp"

namespace cs {
namespace {

// Floats of one chunk's transformed inputs and products together (V and M): 4 MiB. Measured on
// resnet18 (2 cores, AVX2, bench_onnx): 1 MiB chunks took 35 ms, 4 MiB 32 ms, 8 MiB 40 ms; a
// bigger chunk gives the products more columns per packed weight panel.
constexpr int64_t kChunkFloats = int64_t{1024} << 10;
// A chunk is never wider than this (floats of V and M for one row of tiles): 16 MiB, a photo
// 8,000 pixels wide with 64 channels in and out.
constexpr int64_t kMostChunkFloats = int64_t{4} << 20;
// The transformed weights kept for the networks in use: ResNet-18's are 67 MB.
constexpr int64_t kCacheBytes = int64_t{256} << 20;

int64_t round_up(int64_t value, int64_t step) {
    return (value + step - 1) / step * step;
}

// Tiles transformed together: one AVX-512 vector of floats per value of the transform.
constexpr int kLanes = 16;

// The transforms of F(m×m, 3×3), m = 2 or 4: a tile of m×m outputs reads α×α inputs, α = m + 2.
// Each applies its matrix to kLanes tiles at once: value k of lane l is in(k, l), result i goes
// to out(i, l); `in` and `out` index small local arrays, so that the compiler can keep a value
// of all lanes in one vector. Written out rather than as matrix loops because the zeros in the
// matrices would still cost a multiply each.
template <int M>
struct Transforms;

// Points 0, 1, −1, ∞: the matrices only add, subtract and halve, so U, V and M are exact up to
// rounding of the sums.
template <>
struct Transforms<2> {
    static constexpr int kAlpha = 4;
    static constexpr double kG[kAlpha][3] = {
        {1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}};

    // Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]
    template <typename In, typename Out>
    [[gnu::always_inline]] static void input(In in, Out out) {
        for (int l = 0; l < kLanes; ++l) {
            const float d0 = in(0, l), d1 = in(1, l), d2 = in(2, l), d3 = in(3, l);
            out(0, l) = d0 - d2;
            out(1, l) = d1 + d2;
            out(2, l) = d2 - d1;
            out(3, l) = d1 - d3;
        }
    }

    // Aᵀ = [1 1 1 0; 0 1 −1 −1]
    template <typename In, typename Out>
    [[gnu::always_inline]] static void output(In in, Out out) {
        for (int l = 0; l < kLanes; ++l) {
            const float m0 = in(0, l), m1 = in(1, l), m2 = in(2, l), m3 = in(3, l);
            out(0, l) = m0 + m1 + m2;
            out(1, l) = m1 - m2 - m3;
        }
    }
};

// Points 0, ±1, ±2, ∞ (Lavin & Gray's F(4×4, 3×3)): 36 products per 4×4 outputs instead of
// 16 per 2×2, 1.8 times fewer again; G's sixths and the 4s and 8s of A and B cost a few more
// units in the last place, which the tests bound.
template <>
struct Transforms<4> {
    static constexpr int kAlpha = 6;
    static constexpr double kG[kAlpha][3] = {{1.0 / 4, 0, 0},
                                             {-1.0 / 6, -1.0 / 6, -1.0 / 6},
                                             {-1.0 / 6, 1.0 / 6, -1.0 / 6},
                                             {1.0 / 24, 1.0 / 12, 1.0 / 6},
                                             {1.0 / 24, -1.0 / 12, 1.0 / 6},
                                             {0, 0, 1}};

    // Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0;
    //       0 4 0 −5 0 1]
    template <typename In, typename Out>
    [[gnu::always_inline]] static void input(In in, Out out) {
        for (int l = 0; l < kLanes; ++l) {
            const float d0 = in(0, l), d1 = in(1, l), d2 = in(2, l), d3 = in(3, l), d4 = in(4, l),
                        d5 = in(5, l);
            out(0, l) = 4.0f * d0 - 5.0f * d2 + d4;
            out(1, l) = d3 + d4 - 4.0f * (d1 + d2);
            out(2, l) = d4 - d3 + 4.0f * (d1 - d2);
            out(3, l) = d4 - d2 + 2.0f * (d3 - d1);
            out(4, l) = d4 - d2 + 2.0f * (d1 - d3);
            out(5, l) = 4.0f * d1 - 5.0f * d3 + d5;
        }
    }

    // Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1]
    template <typename In, typename Out>
    [[gnu::always_inline]] static void output(In in, Out out) {
        for (int l = 0; l < kLanes; ++l) {
            const float sum12 = in(1, l) + in(2, l), diff12 = in(1, l) - in(2, l);
            const float sum34 = in(3, l) + in(4, l), diff34 = in(3, l) - in(4, l);
            out(0, l) = in(0, l) + sum12 + sum34;
            out(1, l) = diff12 + 2.0f * diff34;
            out(2, l) = sum12 + 4.0f * sum34;
            out(3, l) = diff12 + 8.0f * diff34 + in(5, l);
        }
    }
};

int64_t alpha_of(int64_t m) {
    return m + 2;
}

int64_t positions_of(int64_t m) {
    return alpha_of(m) * alpha_of(m);
}

// Tiles of m×m output cells: TH rows of TW.
struct Tiling {
    int64_t m = 2;
    bool transposed = false;
    int64_t positions = 16;  // α²: one matrix product each
    int64_t th = 0, tw = 0;
    int64_t rows = 0;    // tile rows per chunk
    int64_t chunks = 0;  // chunks per image
    // V's packed layout: panels of this many tiles (the product's B columns, or its A rows when
    // transposed).
    int64_t v_panel = 0;
};

Tiling tiling(const ConvGemmGeometry& g, const WinogradPlan& plan) {
    const int64_t m = plan.tile;
    Tiling t;
    t.m = m;
    t.transposed = plan.transposed;
    t.v_panel = plan.transposed ? gemm_panel_rows() : gemm_panel_width();
    t.positions = positions_of(m);
    t.th = (g.oh + m - 1) / m;
    t.tw = (g.ow + m - 1) / m;
    const int64_t floats_per_row = t.positions * (g.c + g.oc) * t.tw;
    const int64_t most = std::clamp<int64_t>(kChunkFloats / floats_per_row, 1, t.th);
    t.chunks = (t.th + most - 1) / most;  // chunks of equal height
    t.rows = (t.th + t.chunks - 1) / t.chunks;
    t.chunks = (t.th + t.rows - 1) / t.rows;
    return t;
}

// U_ξ = (G g Gᵀ)_ξ for every (output, input) channel pair, each position's (OC, C) matrix
// packed for the product: as its A (gemm_pack_a), or as the B of the transposed product
// M_ξᵀ = V_ξᵀ U_ξᵀ (gemm_pack_b).
struct TransformedWeights {
    int64_t m = 2;
    bool transposed = false;
    int64_t oc = 0, c = 0;
    int64_t panel = 0;   // the product's layout they were packed for: A's rows or B's columns
    int64_t stride = 0;  // floats from one position's packed matrix to the next
    std::vector<float> packed;
};

int64_t weight_panel(bool transposed) {
    return transposed ? gemm_panel_width() : gemm_panel_rows();
}

// G g Gᵀ of one 3×3 kernel, in double so that U is the nearest float to the exact transform.
template <int M>
void transform_kernel(const float* g, int64_t pairs, float* u) {
    constexpr int kAlpha = Transforms<M>::kAlpha;
    const auto& G = Transforms<M>::kG;
    double gg[kAlpha][3] = {};  // G g
    for (int i = 0; i < kAlpha; ++i) {
        for (int x = 0; x < 3; ++x) {
            for (int k = 0; k < 3; ++k) {
                gg[i][x] += G[i][k] * double(g[k * 3 + x]);
            }
        }
    }
    for (int i = 0; i < kAlpha; ++i) {
        for (int j = 0; j < kAlpha; ++j) {
            double sum = 0.0;
            for (int x = 0; x < 3; ++x) {
                sum += gg[i][x] * G[j][x];
            }
            u[(i * kAlpha + j) * pairs] = static_cast<float>(sum);
        }
    }
}

std::shared_ptr<const TransformedWeights> transform_weights(const Tensor& weight,
                                                            const WinogradPlan& plan) {
    const int64_t m = plan.tile;
    auto t = std::make_shared<TransformedWeights>();
    t->m = m;
    t->transposed = plan.transposed;
    t->oc = weight.size(0);
    t->c = weight.size(1);
    t->panel = weight_panel(plan.transposed);
    t->stride = round_up(t->oc, t->panel) * t->c;
    const int64_t positions = positions_of(m);
    t->packed.resize(static_cast<size_t>(positions * t->stride));
    const int64_t pairs = t->oc * t->c;
    std::vector<float> plain(static_cast<size_t>(positions * pairs));  // U_ξ (OC, C) after U_ξ
    parallel_for(0, pairs, [&](int64_t first, int64_t last) {
        for (int64_t pair = first; pair < last; ++pair) {
            const float* g = weight.data() + pair * 9;
            if (m == 2) {
                transform_kernel<2>(g, pairs, plain.data() + pair);
            } else {
                transform_kernel<4>(g, pairs, plain.data() + pair);
            }
        }
    });
    parallel_for(0, positions, [&](int64_t first, int64_t last) {
        for (int64_t xi = first; xi < last; ++xi) {
            float* packed = t->packed.data() + xi * t->stride;
            if (t->transposed) {
                gemm_pack_b({plain.data() + xi * pairs, t->c, true}, t->c, t->oc, packed);
            } else {
                gemm_pack_a({plain.data() + xi * pairs, t->c, false}, t->oc, t->c, packed);
            }
        }
    });
    return t;
}

// Transformed weights of read-only (shared) tensors, most recently used first. A shared
// tensor's values never change (a write gives the writer its own copy), so an entry is valid
// while its tensor's values live; the weak pointer tells when they are gone.
struct CacheEntry {
    std::weak_ptr<const FloatBuffer> values;
    const FloatBuffer* identity = nullptr;
    std::shared_ptr<const TransformedWeights> transformed;
    int64_t bytes() const {
        return static_cast<int64_t>(transformed->packed.size() * sizeof(float));
    }
};

struct WeightCache {
    std::mutex mutex;
    std::list<CacheEntry> entries;
    int64_t bytes = 0;
};

WeightCache& weight_cache() {
    static WeightCache cache;
    return cache;
}

void drop_expired(WeightCache& cache) {
    for (auto it = cache.entries.begin(); it != cache.entries.end();) {
        if (it->values.expired()) {
            cache.bytes -= it->bytes();
            it = cache.entries.erase(it);
        } else {
            ++it;
        }
    }
}

std::shared_ptr<const TransformedWeights> cached_weights(const Tensor& weight,
                                                         const WinogradPlan& plan) {
    const std::shared_ptr<const FloatBuffer>& values = weight.shared_values();
    if (!values) {
        return transform_weights(weight, plan);
    }
    WeightCache& cache = weight_cache();
    {
        const std::lock_guard lock(cache.mutex);
        drop_expired(cache);
        for (auto it = cache.entries.begin(); it != cache.entries.end(); ++it) {
            const TransformedWeights& u = *it->transformed;
            if (it->identity == values.get() && u.m == plan.tile &&
                u.transposed == plan.transposed && u.panel == weight_panel(plan.transposed)) {
                cache.entries.splice(cache.entries.begin(), cache.entries, it);
                return it->transformed;
            }
        }
    }
    // Transformed outside the lock (it runs in parallel); two threads may both do it once.
    std::shared_ptr<const TransformedWeights> transformed = transform_weights(weight, plan);
    const std::lock_guard lock(cache.mutex);
    cache.entries.push_front({values, values.get(), transformed});
    cache.bytes += cache.entries.front().bytes();
    while (cache.bytes > kCacheBytes && cache.entries.size() > 1) {
        cache.bytes -= cache.entries.back().bytes();
        cache.entries.pop_back();
    }
    return transformed;
}

// One chunk's working space: V_ξ (C, tiles) packed as the product's B, M_ξ (OC, tiles).
struct ChunkBuffers {
    std::vector<float> v;
    std::vector<float> m;
    std::vector<float> mt;    // M_ξᵀ (tiles, OC), the transposed product's result
    std::vector<float> rows;  // α padded input rows, then the transform's rows
};

struct Chunk {
    int64_t n = 0;         // image
    int64_t ty0 = 0;       // first tile row
    int64_t ty1 = 0;       // one past the last
    int64_t tiles = 0;     // (ty1 − ty0)·TW
    int64_t v_stride = 0;  // floats from V_ξ to V_ξ+1
};

Chunk chunk_at(const ConvGemmGeometry& g, const Tiling& t, int64_t index) {
    Chunk c;
    c.n = index / t.chunks;
    c.ty0 = index % t.chunks * t.rows;
    c.ty1 = std::min(t.th, c.ty0 + t.rows);
    c.tiles = (c.ty1 - c.ty0) * t.tw;
    c.v_stride = g.c * round_up(c.tiles, t.v_panel);
    return c;
}

// Values of tiles [t0, t0 + count) of one input channel into a packed-B matrix whose tile t is
// at (t / panel)·C·panel + t % panel from `base` (the channel's row of the first panel).
[[gnu::always_inline]] inline void store_tiles(const float* values, int64_t count, int64_t t0,
                                               int64_t panel, int64_t channels, float* base) {
    for (int64_t x0 = 0; x0 < count;) {
        const int64_t tile = t0 + x0;
        const int64_t run = std::min(count - x0, panel - tile % panel);
        float* to = base + tile / panel * channels * panel + tile % panel;
        for (int64_t i = 0; i < run; ++i) {  // a few floats: a loop, not memmove
            to[i] = values[x0 + i];
        }
        x0 += run;
    }
}

// `count` ≤ kLanes floats into a block of kLanes, zeros after them. A whole block is one vector
// move; std::copy would call memmove, whose start-up costs more than these 64 bytes.
[[gnu::always_inline]] inline void copy_lanes(const float* from, int64_t count, float* to) {
    if (count == kLanes) {
        for (int l = 0; l < kLanes; ++l) {
            to[l] = from[l];
        }
        return;
    }
    for (int l = 0; l < kLanes; ++l) {
        to[l] = l < count ? from[l] : 0.0f;
    }
}

// Input row iy of one channel, zero-padded, as the `width` columns a row of tiles reads
// (column x is input column x − padding).
[[gnu::always_inline]] inline void padded_row(const ConvGemmGeometry& g, const float* plane,
                                              int64_t iy, int64_t width, float* row) {
    const int64_t first_valid = std::clamp<int64_t>(g.p.padding.w, 0, width);
    const int64_t last_valid = std::clamp<int64_t>(g.p.padding.w + g.w, first_valid, width);
    if (iy < 0 || iy >= g.h || first_valid == last_valid) {
        std::fill(row, row + width, 0.0f);
        return;
    }
    const float* in = plane + iy * g.w;
    std::fill(row, row + first_valid, 0.0f);
    std::copy(in + first_valid - g.p.padding.w, in + last_valid - g.p.padding.w, row + first_valid);
    std::fill(row + last_valid, row + width, 0.0f);
}

// V_ξ[ch, tile] = (Bᵀ d B)_ξ for input channel ch and each tile of the chunk, written in the
// product's packed layout (panels of `panel` tiles, zeros past the last: its B, or its A when
// transposed; the two layouts are the same with panels of that width). A row of tiles is done
// kLanes tiles at a time.
template <int M>
[[gnu::always_inline]] inline void transform_input_channel(const ConvGemmGeometry& g,
                                                           const Tiling& t, const Chunk& chunk,
                                                           const float* plane, int64_t ch,
                                                           int64_t panel, float* v,
                                                           std::vector<float>& scratch) {
    constexpr int kAlpha = M + 2;
    const int64_t tw = t.tw;
    // The padded input columns a row of tiles reads, for whole blocks of lanes (zeros after).
    const int64_t width = M * round_up(tw, kLanes) + 2;
    scratch.resize(static_cast<size_t>(kAlpha * width));
    float* padded = scratch.data();  // α rows of `width`
    for (int64_t ty = chunk.ty0; ty < chunk.ty1; ++ty) {
        for (int64_t r = 0; r < kAlpha; ++r) {
            padded_row(g, plane, M * ty - g.p.padding.h + r, width, padded + r * width);
        }
        const int64_t t0 = (ty - chunk.ty0) * tw;  // the row's first tile in the chunk
        for (int64_t x0 = 0; x0 < tw; x0 += kLanes) {
            float h[kAlpha][kAlpha][kLanes];  // h[j][r][lane]: row r of d B, column j
            for (int r = 0; r < kAlpha; ++r) {
                const float* d = padded + r * width + M * x0;
                Transforms<M>::input([&](int k, int l) { return d[M * l + k]; },
                                     [&](int j, int l) -> float& { return h[j][r][l]; });
            }
            const int64_t count = std::min<int64_t>(kLanes, tw - x0);
            float column[kAlpha][kLanes];  // (Bᵀ d B)[i][j] of each lane
            for (int j = 0; j < kAlpha; ++j) {
                Transforms<M>::input([&](int k, int l) { return h[j][k][l]; },
                                     [&](int i, int l) -> float& { return column[i][l]; });
                for (int i = 0; i < kAlpha; ++i) {
                    store_tiles(column[i], count, t0 + x0, panel, g.c,
                                v + (i * kAlpha + j) * chunk.v_stride + ch * panel);
                }
            }
        }
    }
    const int64_t padded_tiles = round_up(chunk.tiles, panel);
    if (padded_tiles > chunk.tiles) {  // the last panel's tail
        for (int64_t xi = 0; xi < t.positions; ++xi) {
            float* dst = v + xi * chunk.v_stride + (chunk.tiles / panel) * g.c * panel +
                         ch * panel + chunk.tiles % panel;
            std::fill(dst, dst + (padded_tiles - chunk.tiles), 0.0f);
        }
    }
}

// Output channel o of the chunk's tiles: Y = Aᵀ M A + bias, the cells past the map's last row
// or column dropped. A row of tiles is done kLanes tiles at a time.
template <int M>
[[gnu::always_inline]] inline void transform_output_channel(const ConvGemmGeometry& g,
                                                            const Tiling& t, const Chunk& chunk,
                                                            const float* m, int64_t m_stride,
                                                            int64_t o, float bias, float* y,
                                                            std::vector<float>& scratch) {
    constexpr int kAlpha = M + 2;
    const int64_t tw = t.tw;
    const int64_t row_length = M * round_up(tw, kLanes);
    scratch.resize(static_cast<size_t>(M * row_length));
    float* rows = scratch.data();  // the M output rows of a row of tiles
    float* plane = y + (chunk.n * g.oc + o) * g.oh * g.ow;
    for (int64_t ty = chunk.ty0; ty < chunk.ty1; ++ty) {
        const int64_t t0 = (ty - chunk.ty0) * tw;
        for (int64_t x0 = 0; x0 < tw; x0 += kLanes) {
            const int64_t count = std::min<int64_t>(kLanes, tw - x0);
            float mm[kAlpha][kAlpha][kLanes];  // mm[j][i][lane]: M_ξ at ξ = (i, j)
            for (int i = 0; i < kAlpha; ++i) {
                for (int j = 0; j < kAlpha; ++j) {
                    const float* from = m + (i * kAlpha + j) * m_stride + o * chunk.tiles + t0 + x0;
                    copy_lanes(from, count, mm[j][i]);
                }
            }
            float s[M][kAlpha][kLanes];  // s[k][j][lane]: row k of Aᵀ M, column j
            for (int j = 0; j < kAlpha; ++j) {
                Transforms<M>::output([&](int i, int l) { return mm[j][i][l]; },
                                      [&](int k, int l) -> float& { return s[k][j][l]; });
            }
            for (int k = 0; k < M; ++k) {
                float cells[M][kLanes];  // row k of each lane's tile, column c
                Transforms<M>::output([&](int j, int l) { return s[k][j][l]; },
                                      [&](int c, int l) -> float& { return cells[c][l]; });
                float* row = rows + k * row_length + M * x0;
                for (int l = 0; l < kLanes; ++l) {
                    for (int c = 0; c < M; ++c) {
                        row[M * l + c] = cells[c][l] + bias;
                    }
                }
            }
        }
        for (int64_t k = 0; k < M && M * ty + k < g.oh; ++k) {
            std::copy(rows + k * row_length, rows + k * row_length + g.ow,
                      plane + (M * ty + k) * g.ow);
        }
    }
}

// Channels [first, last) of one chunk: input channels into V, or output channels from M into y.
struct ChannelRange {
    const ConvGemmGeometry& g;
    const Tiling& t;
    const Chunk& chunk;
    int64_t first = 0, last = 0;
    std::vector<float>& scratch;
};

template <int M>
[[gnu::always_inline]] inline void inputs_of(const ChannelRange& r, const float* image, float* v) {
    for (int64_t ch = r.first; ch < r.last; ++ch) {
        transform_input_channel<M>(r.g, r.t, r.chunk, image + ch * r.g.h * r.g.w, ch, r.t.v_panel,
                                   v, r.scratch);
    }
}

template <int M>
[[gnu::always_inline]] inline void outputs_of(const ChannelRange& r, const float* m,
                                              const Tensor& bias, float* y) {
    for (int64_t o = r.first; o < r.last; ++o) {
        transform_output_channel<M>(r.g, r.t, r.chunk, m, r.g.oc * r.chunk.tiles, o,
                                    bias.empty() ? 0.0f : bias.data()[o], y, r.scratch);
    }
}

// The transforms compiled once per instruction set, like the gemm's kernels, and run in the
// same one: they are a sixth of a ResNet's time, and SSE2 moves a quarter of AVX-512's floats
// per instruction.
#define CS_WINOGRAD_TRANSFORMS(suffix, ...)                                                   \
    __VA_ARGS__ void inputs_##suffix(const ChannelRange& r, const float* image, float* v) {   \
        r.t.m == 2 ? inputs_of<2>(r, image, v) : inputs_of<4>(r, image, v);                   \
    }                                                                                         \
    __VA_ARGS__ void outputs_##suffix(const ChannelRange& r, const float* m, const Tensor& b, \
                                      float* y) {                                             \
        r.t.m == 2 ? outputs_of<2>(r, m, b, y) : outputs_of<4>(r, m, b, y);                   \
    }
CS_WINOGRAD_TRANSFORMS(avx512, __attribute__((target("avx512f,avx512vl,avx2,fma"))))
CS_WINOGRAD_TRANSFORMS(avx2, __attribute__((target("avx2,fma"))))
CS_WINOGRAD_TRANSFORMS(portable)
#undef CS_WINOGRAD_TRANSFORMS

void transform_inputs(const ChannelRange& r, const float* image, float* v) {
    const std::string_view isa = conv_kernel::instruction_set();
    if (isa == "avx512+fma") {
        inputs_avx512(r, image, v);
    } else if (isa == "avx2+fma") {
        inputs_avx2(r, image, v);
    } else {
        inputs_portable(r, image, v);
    }
}

void transform_outputs(const ChannelRange& r, const float* m, const Tensor& bias, float* y) {
    const std::string_view isa = conv_kernel::instruction_set();
    if (isa == "avx512+fma") {
        outputs_avx512(r, m, bias, y);
    } else if (isa == "avx2+fma") {
        outputs_avx2(r, m, bias, y);
    } else {
        outputs_portable(r, m, bias, y);
    }
}

// M_ξ (OC rows [o0, o1), tiles) = U_ξ · V_ξ for positions [xi0, xi1); transposed, the columns
// [o0, o1) of M_ξᵀ (tiles, OC) = V_ξᵀ · U_ξᵀ into `mt`. o0 is a multiple of the weights' panel.
// A small map has few tiles: as the product's columns they would fill a fraction of the
// micro-kernel's 48-wide panels, as its rows nearly all of its 8-row panels.
void chunk_products(const TransformedWeights& u, const Chunk& chunk, const float* v, float* m,
                    float* mt, int64_t xi0, int64_t xi1, int64_t o0, int64_t o1) {
    for (int64_t xi = xi0; xi < xi1; ++xi) {
        const float* weights = u.packed.data() + xi * u.stride + o0 * u.c;
        const float* values = v + xi * chunk.v_stride;
        if (u.transposed) {
            gemm_packed_ab({chunk.tiles, o1 - o0, u.c}, 1.0f, values, weights, 0.0f,
                           mt + xi * chunk.tiles * u.oc + o0, u.oc);
        } else {
            gemm_packed_ab({o1 - o0, chunk.tiles, u.c}, 1.0f, weights, values, 0.0f,
                           m + xi * u.oc * chunk.tiles + o0 * chunk.tiles, chunk.tiles);
        }
    }
}

// M_ξ (OC, tiles) from M_ξᵀ for positions [xi0, xi1), the output transform's layout.
void transpose_products(const Chunk& chunk, int64_t oc, const float* mt, float* m, int64_t xi0,
                        int64_t xi1) {
    for (int64_t xi = xi0; xi < xi1; ++xi) {
        const float* from = mt + xi * chunk.tiles * oc;
        float* to = m + xi * oc * chunk.tiles;
        for (int64_t tile = 0; tile < chunk.tiles; ++tile) {
            for (int64_t o = 0; o < oc; ++o) {
                to[o * chunk.tiles + tile] = from[tile * oc + o];
            }
        }
    }
}

// A whole chunk on the calling thread.
void run_chunk(const ConvGemmGeometry& g, const Tiling& t, const Chunk& chunk,
               const TransformedWeights& u, const Tensor& input, const Tensor& bias, float* y) {
    thread_local ChunkBuffers buffers;
    buffers.v.resize(static_cast<size_t>(t.positions * chunk.v_stride));
    buffers.m.resize(static_cast<size_t>(t.positions * g.oc * chunk.tiles));
    buffers.mt.resize(t.transposed ? buffers.m.size() : 0);
    const float* image = input.data() + chunk.n * g.c * g.h * g.w;
    transform_inputs({g, t, chunk, 0, g.c, buffers.rows}, image, buffers.v.data());
    chunk_products(u, chunk, buffers.v.data(), buffers.m.data(), buffers.mt.data(), 0, t.positions,
                   0, g.oc);
    if (t.transposed) {
        transpose_products(chunk, g.oc, buffers.mt.data(), buffers.m.data(), 0, t.positions);
    }
    transform_outputs({g, t, chunk, 0, g.oc, buffers.rows}, buffers.m.data(), bias, y);
}

// One chunk shared by all threads: its channels, then its products (by position and block of
// output channels), then its output channels.
void run_chunk_shared(const ConvGemmGeometry& g, const Tiling& t, const Chunk& chunk,
                      const TransformedWeights& u, const Tensor& input, const Tensor& bias,
                      float* y, ChunkBuffers& buffers) {
    std::vector<float>& v = buffers.v;
    std::vector<float>& m = buffers.m;
    v.resize(static_cast<size_t>(t.positions * chunk.v_stride));
    m.resize(static_cast<size_t>(t.positions * g.oc * chunk.tiles));
    buffers.mt.resize(t.transposed ? m.size() : 0);
    const float* image = input.data() + chunk.n * g.c * g.h * g.w;
    parallel_for(0, g.c, [&](int64_t first, int64_t last) {
        thread_local std::vector<float> scratch;
        transform_inputs({g, t, chunk, first, last, scratch}, image, v.data());
    });
    // Blocks of whole panels of the packed weights, enough of them for every core.
    const int64_t block_rows = round_up(std::max<int64_t>(48, g.oc / 4), u.panel);
    const int64_t blocks = (g.oc + block_rows - 1) / block_rows;
    parallel_for(
        0, t.positions * blocks,
        [&](int64_t first, int64_t last) {
            for (int64_t task = first; task < last; ++task) {
                const int64_t xi = task / blocks;
                const int64_t o0 = task % blocks * block_rows;
                chunk_products(u, chunk, v.data(), m.data(), buffers.mt.data(), xi, xi + 1, o0,
                               std::min(g.oc, o0 + block_rows));
            }
        },
        1);
    if (t.transposed) {
        parallel_for(0, t.positions, [&](int64_t first, int64_t last) {
            transpose_products(chunk, g.oc, buffers.mt.data(), m.data(), first, last);
        });
    }
    parallel_for(0, g.oc, [&](int64_t first, int64_t last) {
        thread_local std::vector<float> scratch;
        transform_outputs({g, t, chunk, first, last, scratch}, m.data(), bias, y);
    });
}

bool fits_a_chunk(const ConvGemmGeometry& g, int64_t m) {
    return positions_of(m) * (g.c + g.oc) * round_up((g.ow + m - 1) / m, 48) <= kMostChunkFloats;
}

// Multiply-adds the micro-kernel does for one image, the padding of its panels included: what
// decides between tile sizes and orientations (a 7×7 map has 16 tiles of 2×2, a third of a
// 48-wide panel but two full 8-row panels).
int64_t padded_multiply_adds(const ConvGemmGeometry& g, const WinogradPlan& plan) {
    const Tiling t = tiling(g, plan);
    const int64_t panel = weight_panel(plan.transposed);
    int64_t per_channel = 0;
    for (int64_t index = 0; index < t.chunks; ++index) {
        per_channel += round_up(chunk_at(g, t, index).tiles, t.v_panel) * round_up(g.oc, panel);
    }
    return per_channel * t.positions * g.c;
}

}  // namespace

WinogradPlan winograd_plan(const ConvGemmGeometry& g) {
    if (g.kh != 3 || g.kw != 3 || g.p.stride != Pair{1, 1} || g.c < 16 || g.oc < 16) {
        return {};
    }
    // The cheapest of 2×2 and 4×4 tiles, each way round; on a tie the 2×2 tiles, whose
    // transforms round less.
    WinogradPlan best;
    int64_t best_cost = 0;
    for (const int64_t m : {2, 4}) {
        if (!fits_a_chunk(g, m)) {
            continue;
        }
        for (const bool transposed : {false, true}) {
            const WinogradPlan plan{m, transposed};
            const int64_t cost = padded_multiply_adds(g, plan);
            if (best.tile == 0 || cost < best_cost) {
                best = plan;
                best_cost = cost;
            }
        }
    }
    return best;
}

bool conv2d_winograd_applies(const ConvGemmGeometry& g) {
    return winograd_plan(g).tile != 0;
}

void conv2d_forward_winograd(const Tensor& input, const Tensor& weight, const Tensor& bias,
                             const ConvGemmGeometry& g, Tensor& out, WinogradPlan plan) {
    if (plan.tile == 0) {
        plan = winograd_plan(g);
    }
    require(plan.tile == 2 || plan.tile == 4, "conv2d: Winograd tiles are 2×2 or 4×4");
    const std::shared_ptr<const TransformedWeights> u = cached_weights(weight, plan);
    const Tiling t = tiling(g, plan);
    const int64_t chunks = g.n * t.chunks;
    float* y = out.data();
    // Enough chunks: each thread runs whole chunks, in its cache. Few: they share each one.
    constexpr int64_t kEnoughChunks = 4;
    if (chunks >= kEnoughChunks) {
        parallel_for(
            0, chunks,
            [&](int64_t first, int64_t last) {
                for (int64_t index = first; index < last; ++index) {
                    run_chunk(g, t, chunk_at(g, t, index), *u, input, bias, y);
                }
            },
            1);
        return;
    }
    ChunkBuffers buffers;
    for (int64_t index = 0; index < chunks; ++index) {
        run_chunk_shared(g, t, chunk_at(g, t, index), *u, input, bias, y, buffers);
    }
}

int64_t winograd_weight_cache_bytes() {
    WeightCache& cache = weight_cache();
    const std::lock_guard lock(cache.mutex);
    drop_expired(cache);
    return cache.bytes;
}

}  // namespace cs
