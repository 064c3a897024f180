#include "engine/train/conv2d_winograd.hpp"

#include <algorithm>
#include <list>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/parallel.hpp"
#include "engine/train/gemm.hpp"

namespace cs {
namespace {

// Positions ξ = 4·i + j of the 4×4 transformed tiles: one matrix product each.
constexpr int64_t kPositions = 16;

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

// Tiles of 2×2 output cells: TH rows of TW.
struct Tiling {
    int64_t th = 0, tw = 0;
    int64_t rows = 0;    // tile rows per chunk
    int64_t chunks = 0;  // chunks per image
};

Tiling tiling(const ConvGemmGeometry& g) {
    Tiling t;
    t.th = (g.oh + 1) / 2;
    t.tw = (g.ow + 1) / 2;
    const int64_t floats_per_row = kPositions * (g.c + g.oc) * t.tw;
    const int64_t most = std::clamp<int64_t>(kChunkFloats / floats_per_row, 1, t.th);
    t.chunks = (t.th + most - 1) / most;  // chunks of equal height
    t.rows = (t.th + t.chunks - 1) / t.chunks;
    t.chunks = (t.th + t.rows - 1) / t.rows;
    return t;
}

// U_ξ = (G g Gᵀ)_ξ for every (output, input) channel pair, each position's (OC, C) matrix
// packed for the product (gemm_pack_a), with
//   G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1].
struct TransformedWeights {
    int64_t oc = 0, c = 0;
    int64_t panel_rows = 0;  // the product's layout they were packed for
    int64_t stride = 0;      // floats from one position's packed matrix to the next
    std::vector<float> packed;
};

// One row (a, b, c) of a 3-wide operand times Gᵀ: (a, (a + b + c)/2, (a − b + c)/2, c).
void times_g_transposed(const float* row, float* out) {
    out[0] = row[0];
    out[1] = (row[0] + row[1] + row[2]) * 0.5f;
    out[2] = (row[0] - row[1] + row[2]) * 0.5f;
    out[3] = row[2];
}

std::shared_ptr<const TransformedWeights> transform_weights(const Tensor& weight) {
    auto t = std::make_shared<TransformedWeights>();
    t->oc = weight.size(0);
    t->c = weight.size(1);
    t->panel_rows = gemm_panel_rows();
    t->stride = round_up(t->oc, t->panel_rows) * t->c;
    t->packed.resize(static_cast<size_t>(kPositions * t->stride));
    const int64_t pairs = t->oc * t->c;
    std::vector<float> plain(static_cast<size_t>(kPositions * pairs));  // U_ξ (OC, C) after U_ξ
    parallel_for(0, pairs, [&](int64_t first, int64_t last) {
        for (int64_t pair = first; pair < last; ++pair) {
            const float* g = weight.data() + pair * 9;
            float gg[4][3];  // G g
            for (int64_t x = 0; x < 3; ++x) {
                const float column[3] = {g[x], g[3 + x], g[6 + x]};
                float rows[4];
                times_g_transposed(column, rows);
                for (int64_t i = 0; i < 4; ++i) {
                    gg[i][x] = rows[i];
                }
            }
            for (int64_t i = 0; i < 4; ++i) {
                float u[4];
                times_g_transposed(gg[i], u);
                for (int64_t j = 0; j < 4; ++j) {
                    plain[static_cast<size_t>((i * 4 + j) * pairs + pair)] = u[j];
                }
            }
        }
    });
    parallel_for(0, kPositions, [&](int64_t first, int64_t last) {
        for (int64_t xi = first; xi < last; ++xi) {
            gemm_pack_a({plain.data() + xi * pairs, t->c, false}, t->oc, t->c,
                        t->packed.data() + xi * t->stride);
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

std::shared_ptr<const TransformedWeights> cached_weights(const Tensor& weight) {
    const std::shared_ptr<const FloatBuffer>& values = weight.shared_values();
    if (!values) {
        return transform_weights(weight);
    }
    WeightCache& cache = weight_cache();
    {
        const std::lock_guard lock(cache.mutex);
        drop_expired(cache);
        for (auto it = cache.entries.begin(); it != cache.entries.end(); ++it) {
            if (it->identity == values.get() && it->transformed->panel_rows == gemm_panel_rows()) {
                cache.entries.splice(cache.entries.begin(), cache.entries, it);
                return it->transformed;
            }
        }
    }
    // Transformed outside the lock (it runs in parallel); two threads may both do it once.
    std::shared_ptr<const TransformedWeights> transformed = transform_weights(weight);
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
    std::vector<float> rows;  // four padded input rows, then the transform's rows
};

struct Chunk {
    int64_t n = 0;         // image
    int64_t ty0 = 0;       // first tile row
    int64_t ty1 = 0;       // one past the last
    int64_t tiles = 0;     // (ty1 − ty0)·TW
    int64_t v_stride = 0;  // floats from V_ξ to V_ξ+1
};

Chunk chunk_at(const ConvGemmGeometry& g, const Tiling& t, int64_t index, int64_t panel) {
    Chunk c;
    c.n = index / t.chunks;
    c.ty0 = index % t.chunks * t.rows;
    c.ty1 = std::min(t.th, c.ty0 + t.rows);
    c.tiles = (c.ty1 - c.ty0) * t.tw;
    c.v_stride = g.c * round_up(c.tiles, panel);
    return c;
}

// Values of tiles [t0, t0 + count) of one input channel into a packed-B matrix whose tile t is
// at (t / panel)·C·panel + t % panel from `base` (the channel's row of the first panel).
void store_tiles(const float* values, int64_t count, int64_t t0, int64_t panel, int64_t channels,
                 float* base) {
    for (int64_t x0 = 0; x0 < count;) {
        const int64_t tile = t0 + x0;
        const int64_t run = std::min(count - x0, panel - tile % panel);
        std::copy(values + x0, values + x0 + run,
                  base + tile / panel * channels * panel + tile % panel);
        x0 += run;
    }
}

// V_ξ[ch, tile] = (Bᵀ d B)_ξ for input channel ch and each tile of the chunk, with
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],
// written in the product's packed-B layout (panels of `panel` tiles, zeros past the last).
// Loops run along a row of tiles, so that the compiler keeps several tiles in each vector.
void transform_input_channel(const ConvGemmGeometry& g, const Tiling& t, const Chunk& chunk,
                             const float* plane, int64_t ch, int64_t panel, float* v,
                             std::vector<float>& scratch) {
    const int64_t tw = t.tw;
    const int64_t width = 2 * tw + 2;  // padded input columns a row of tiles reads
    scratch.resize(static_cast<size_t>(4 * width + 20 * tw));
    float* padded = scratch.data();  // 4 rows of `width`
    float* h = padded + 4 * width;   // h[r][j][tx]: row r of d B, column j
    const int64_t first_valid = std::clamp<int64_t>(g.p.padding.w, 0, width);
    const int64_t last_valid = std::clamp<int64_t>(g.p.padding.w + g.w, first_valid, width);
    const int64_t padded_tiles = round_up(chunk.tiles, panel);
    for (int64_t ty = chunk.ty0; ty < chunk.ty1; ++ty) {
        for (int64_t r = 0; r < 4; ++r) {
            float* row = padded + r * width;
            const int64_t iy = 2 * ty - g.p.padding.h + r;
            if (iy < 0 || iy >= g.h) {
                std::fill(row, row + width, 0.0f);
                continue;
            }
            const float* in = plane + iy * g.w;  // padded column x is input column x − padding
            if (first_valid == last_valid) {
                std::fill(row, row + width, 0.0f);
                continue;
            }
            std::fill(row, row + first_valid, 0.0f);
            std::copy(in + first_valid - g.p.padding.w, in + last_valid - g.p.padding.w,
                      row + first_valid);
            std::fill(row + last_valid, row + width, 0.0f);
        }
        for (int64_t r = 0; r < 4; ++r) {  // d B: along each row
            const float* d = padded + r * width;
            float* h0 = h + (r * 4 + 0) * tw;
            float* h1 = h + (r * 4 + 1) * tw;
            float* h2 = h + (r * 4 + 2) * tw;
            float* h3 = h + (r * 4 + 3) * tw;
            for (int64_t x = 0; x < tw; ++x) {
                const float d0 = d[2 * x], d1 = d[2 * x + 1], d2 = d[2 * x + 2], d3 = d[2 * x + 3];
                h0[x] = d0 - d2;
                h1[x] = d1 + d2;
                h2[x] = d2 - d1;
                h3[x] = d1 - d3;
            }
        }
        const int64_t t0 = (ty - chunk.ty0) * tw;  // the row's first tile in the chunk
        float* column = h + 16 * tw;               // (Bᵀ d B)[i][j] for i = 0..3, TW tiles each
        for (int64_t j = 0; j < 4; ++j) {          // Bᵀ (d B): down each column
            const float* r0 = h + (0 * 4 + j) * tw;
            const float* r1 = h + (1 * 4 + j) * tw;
            const float* r2 = h + (2 * 4 + j) * tw;
            const float* r3 = h + (3 * 4 + j) * tw;
            for (int64_t x = 0; x < tw; ++x) {
                column[x] = r0[x] - r2[x];
                column[tw + x] = r1[x] + r2[x];
                column[2 * tw + x] = r2[x] - r1[x];
                column[3 * tw + x] = r1[x] - r3[x];
            }
            for (int64_t i = 0; i < 4; ++i) {
                store_tiles(column + i * tw, tw, t0, panel, g.c,
                            v + (i * 4 + j) * chunk.v_stride + ch * panel);
            }
        }
    }
    if (padded_tiles > chunk.tiles) {  // the last panel's tail
        for (int64_t xi = 0; xi < kPositions; ++xi) {
            float* dst = v + xi * chunk.v_stride + (chunk.tiles / panel) * g.c * panel +
                         ch * panel + chunk.tiles % panel;
            std::fill(dst, dst + (padded_tiles - chunk.tiles), 0.0f);
        }
    }
}

// Output channel o of the chunk's tiles: Y = Aᵀ M A + bias with Aᵀ = [1 1 1 0; 0 1 −1 −1],
// the cells past the map's last row or column dropped.
void transform_output_channel(const ConvGemmGeometry& g, const Tiling& t, const Chunk& chunk,
                              const float* m, int64_t m_stride, int64_t o, float bias, float* y,
                              std::vector<float>& scratch) {
    const int64_t tw = t.tw;
    scratch.resize(static_cast<size_t>(8 * tw + 4 * tw));
    float* s = scratch.data();  // s[k][j][tx]: row k of Aᵀ M, column j
    float* out = s + 8 * tw;    // two output rows of 2·TW cells
    float* plane = y + (chunk.n * g.oc + o) * g.oh * g.ow;
    for (int64_t ty = chunk.ty0; ty < chunk.ty1; ++ty) {
        const int64_t t0 = (ty - chunk.ty0) * tw;
        for (int64_t j = 0; j < 4; ++j) {
            const float* m0 = m + (0 * 4 + j) * m_stride + o * chunk.tiles + t0;
            const float* m1 = m + (1 * 4 + j) * m_stride + o * chunk.tiles + t0;
            const float* m2 = m + (2 * 4 + j) * m_stride + o * chunk.tiles + t0;
            const float* m3 = m + (3 * 4 + j) * m_stride + o * chunk.tiles + t0;
            float* s0 = s + j * tw;
            float* s1 = s + (4 + j) * tw;
            for (int64_t x = 0; x < tw; ++x) {
                s0[x] = m0[x] + m1[x] + m2[x];
                s1[x] = m1[x] - m2[x] - m3[x];
            }
        }
        for (int64_t k = 0; k < 2; ++k) {
            const float* s0 = s + (k * 4 + 0) * tw;
            const float* s1 = s + (k * 4 + 1) * tw;
            const float* s2 = s + (k * 4 + 2) * tw;
            const float* s3 = s + (k * 4 + 3) * tw;
            float* row = out + k * 2 * tw;
            for (int64_t x = 0; x < tw; ++x) {
                row[2 * x] = s0[x] + s1[x] + s2[x] + bias;
                row[2 * x + 1] = s1[x] - s2[x] - s3[x] + bias;
            }
        }
        for (int64_t k = 0; k < 2 && 2 * ty + k < g.oh; ++k) {
            std::copy(out + k * 2 * tw, out + k * 2 * tw + g.ow, plane + (2 * ty + k) * g.ow);
        }
    }
}

// M_ξ (OC rows [o0, o1), tiles) = U_ξ · V_ξ for positions [xi0, xi1).
void chunk_products(const TransformedWeights& u, const Chunk& chunk, const float* v, float* m,
                    int64_t xi0, int64_t xi1, int64_t o0, int64_t o1) {
    for (int64_t xi = xi0; xi < xi1; ++xi) {
        gemm_packed_ab({o1 - o0, chunk.tiles, u.c}, 1.0f,
                       u.packed.data() + xi * u.stride + o0 * u.c, v + xi * chunk.v_stride, 0.0f,
                       m + xi * u.oc * chunk.tiles + o0 * chunk.tiles, chunk.tiles);
    }
}

float bias_of(const Tensor& bias, int64_t o) {
    return bias.empty() ? 0.0f : bias.data()[o];
}

// A whole chunk on the calling thread.
void run_chunk(const ConvGemmGeometry& g, const Tiling& t, const Chunk& chunk,
               const TransformedWeights& u, const Tensor& input, const Tensor& bias, float* y,
               int64_t panel) {
    thread_local ChunkBuffers buffers;
    buffers.v.resize(static_cast<size_t>(kPositions * chunk.v_stride));
    buffers.m.resize(static_cast<size_t>(kPositions * g.oc * chunk.tiles));
    const float* image = input.data() + chunk.n * g.c * g.h * g.w;
    for (int64_t ch = 0; ch < g.c; ++ch) {
        transform_input_channel(g, t, chunk, image + ch * g.h * g.w, ch, panel, buffers.v.data(),
                                buffers.rows);
    }
    chunk_products(u, chunk, buffers.v.data(), buffers.m.data(), 0, kPositions, 0, g.oc);
    for (int64_t o = 0; o < g.oc; ++o) {
        transform_output_channel(g, t, chunk, buffers.m.data(), g.oc * chunk.tiles, o,
                                 bias_of(bias, o), y, buffers.rows);
    }
}

// One chunk shared by all threads: its channels, then its products (by position and block of
// output channels), then its output channels.
void run_chunk_shared(const ConvGemmGeometry& g, const Tiling& t, const Chunk& chunk,
                      const TransformedWeights& u, const Tensor& input, const Tensor& bias,
                      float* y, int64_t panel, std::vector<float>& v, std::vector<float>& m) {
    v.resize(static_cast<size_t>(kPositions * chunk.v_stride));
    m.resize(static_cast<size_t>(kPositions * g.oc * chunk.tiles));
    const float* image = input.data() + chunk.n * g.c * g.h * g.w;
    parallel_for(0, g.c, [&](int64_t first, int64_t last) {
        thread_local std::vector<float> scratch;
        for (int64_t ch = first; ch < last; ++ch) {
            transform_input_channel(g, t, chunk, image + ch * g.h * g.w, ch, panel, v.data(),
                                    scratch);
        }
    });
    // Blocks of whole panels of the packed weights, enough of them for every core.
    const int64_t block_rows = round_up(std::max<int64_t>(48, g.oc / 4), u.panel_rows);
    const int64_t blocks = (g.oc + block_rows - 1) / block_rows;
    parallel_for(
        0, kPositions * blocks,
        [&](int64_t first, int64_t last) {
            for (int64_t task = first; task < last; ++task) {
                const int64_t xi = task / blocks;
                const int64_t o0 = task % blocks * block_rows;
                chunk_products(u, chunk, v.data(), m.data(), xi, xi + 1, o0,
                               std::min(g.oc, o0 + block_rows));
            }
        },
        1);
    parallel_for(0, g.oc, [&](int64_t first, int64_t last) {
        thread_local std::vector<float> scratch;
        for (int64_t o = first; o < last; ++o) {
            transform_output_channel(g, t, chunk, m.data(), g.oc * chunk.tiles, o, bias_of(bias, o),
                                     y, scratch);
        }
    });
}

}  // namespace

bool conv2d_winograd_applies(const ConvGemmGeometry& g) {
    if (g.kh != 3 || g.kw != 3 || g.p.stride != Pair{1, 1} || g.c < 16 || g.oc < 16) {
        return false;
    }
    return kPositions * (g.c + g.oc) * round_up((g.ow + 1) / 2, 48) <= kMostChunkFloats;
}

void conv2d_forward_winograd(const Tensor& input, const Tensor& weight, const Tensor& bias,
                             const ConvGemmGeometry& g, Tensor& out) {
    const std::shared_ptr<const TransformedWeights> u = cached_weights(weight);
    const Tiling t = tiling(g);
    const int64_t panel = gemm_panel_width();
    const int64_t chunks = g.n * t.chunks;
    float* y = out.data();
    // Enough chunks: each thread runs whole chunks, in its cache. Few: they share each one.
    constexpr int64_t kEnoughChunks = 4;
    if (chunks >= kEnoughChunks) {
        parallel_for(
            0, chunks,
            [&](int64_t first, int64_t last) {
                for (int64_t index = first; index < last; ++index) {
                    run_chunk(g, t, chunk_at(g, t, index, panel), *u, input, bias, y, panel);
                }
            },
            1);
        return;
    }
    std::vector<float> v;
    std::vector<float> m;
    for (int64_t index = 0; index < chunks; ++index) {
        run_chunk_shared(g, t, chunk_at(g, t, index, panel), *u, input, bias, y, panel, v, m);
    }
}

int64_t winograd_weight_cache_bytes() {
    WeightCache& cache = weight_cache();
    const std::lock_guard lock(cache.mutex);
    drop_expired(cache);
    return cache.bytes;
}

}  // namespace cs
