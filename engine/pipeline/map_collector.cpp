#include "engine/pipeline/map_collector.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

#include "engine/parallel.hpp"
#include "engine/pipeline/layer_ops.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace cs::pipeline {
namespace {

// The careful version of add_row: skips NaN and ±∞ one value at a time.
void add_row_checked(const float* row, int64_t width, float& lo, float& hi, float* column) {
    for (int64_t x = 0; x < width; ++x) {
        const float v = row[x];
        if (std::isfinite(v)) {  // as normalization_range: NaN and ±∞ are skipped
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            column[x] += v;
        }
    }
}

#if defined(__x86_64__)
// add_row in one AVX pass: each value is read once for the range and the column sum. A NaN or
// ±∞ is masked out (added as 0, left out of the range), as the careful path skips it.
__attribute__((target("avx2"))) void add_row_avx2(const float* row, int64_t width, float& lo,
                                                  float& hi, float* column) {
    const __m256 inf = _mm256_set1_ps(std::numeric_limits<float>::infinity());
    const __m256 minus_inf = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
    // Two chains each: minps waits for the previous result, and the loop is short.
    __m256 vlo[2] = {inf, inf}, vhi[2] = {minus_inf, minus_inf};
    int64_t x = 0;
    for (; x + 16 <= width; x += 16) {
        for (int k = 0; k < 2; ++k) {
            const __m256 v = _mm256_loadu_ps(row + x + 8 * k);
            const __m256 finite =
                _mm256_cmp_ps(_mm256_sub_ps(v, v), _mm256_setzero_ps(), _CMP_EQ_OQ);
            vlo[k] = _mm256_min_ps(_mm256_blendv_ps(inf, v, finite), vlo[k]);
            vhi[k] = _mm256_max_ps(_mm256_blendv_ps(minus_inf, v, finite), vhi[k]);
            float* c = column + x + 8 * k;
            _mm256_storeu_ps(c, _mm256_add_ps(_mm256_loadu_ps(c), _mm256_and_ps(v, finite)));
        }
    }
    alignas(32) float l8[8], h8[8];
    _mm256_store_ps(l8, _mm256_min_ps(vlo[0], vlo[1]));
    _mm256_store_ps(h8, _mm256_max_ps(vhi[0], vhi[1]));
    for (int k = 0; k < 8; ++k) {
        lo = std::min(lo, l8[k]);
        hi = std::max(hi, h8[k]);
    }
    add_row_checked(row + x, width - x, lo, hi, column + x);
}

bool has_avx2() {
    static const bool avx2 = __builtin_cpu_supports("avx2");
    return avx2;
}
#endif

// One row of a map: its range into lo/hi, and each value added to column[x]. Vectorised; a
// row holding NaN or ±∞ (rare) takes the careful path.
void add_row(const float* row, int64_t width, float& lo, float& hi, float* column) {
#if defined(__x86_64__)
    if (has_avx2()) {
        add_row_avx2(row, width, lo, hi, column);
        return;
    }
#endif
    float row_lo = std::numeric_limits<float>::infinity();
    float row_hi = -std::numeric_limits<float>::infinity();
    float check = 0.0f;  // NaN or ±∞ when the row holds one
    int64_t x = 0;
#if defined(__SSE2__)
    // Four independent accumulators each: one chain of minps would wait for the previous one
    // (latency-bound at a quarter of the throughput).
    constexpr int kChains = 4;
    __m128 vlo[kChains], vhi[kChains], vcheck[kChains];
    for (int k = 0; k < kChains; ++k) {
        vlo[k] = _mm_set1_ps(row_lo);
        vhi[k] = _mm_set1_ps(row_hi);
        vcheck[k] = _mm_setzero_ps();
    }
    for (; x + 4 * kChains <= width; x += 4 * kChains) {
        for (int k = 0; k < kChains; ++k) {
            const __m128 v = _mm_loadu_ps(row + x + 4 * k);
            vlo[k] = _mm_min_ps(v, vlo[k]);  // a NaN in v leaves vlo unchanged
            vhi[k] = _mm_max_ps(v, vhi[k]);
            // 0, or NaN for NaN/±∞
            vcheck[k] = _mm_add_ps(vcheck[k], _mm_mul_ps(v, _mm_setzero_ps()));
        }
    }
    for (int k = 1; k < kChains; ++k) {
        vlo[0] = _mm_min_ps(vlo[k], vlo[0]);
        vhi[0] = _mm_max_ps(vhi[k], vhi[0]);
        vcheck[0] = _mm_add_ps(vcheck[k], vcheck[0]);
    }
    alignas(16) float l4[4], h4[4], c4[4];
    _mm_store_ps(l4, vlo[0]);
    _mm_store_ps(h4, vhi[0]);
    _mm_store_ps(c4, vcheck[0]);
    for (int k = 0; k < 4; ++k) {
        row_lo = std::min(row_lo, l4[k]);
        row_hi = std::max(row_hi, h4[k]);
        check += c4[k];
    }
#endif
    for (int64_t i = x; i < width; ++i) {
        row_lo = row[i] < row_lo ? row[i] : row_lo;
        row_hi = row[i] > row_hi ? row[i] : row_hi;
        check += row[i] * 0.0f;
    }
    if (!std::isfinite(check)) {
        add_row_checked(row, width, lo, hi, column);
        return;
    }
    for (int64_t i = 0; i < width; ++i) {  // vectorised by the compiler
        column[i] += row[i];
    }
    lo = std::min(lo, row_lo);
    hi = std::max(hi, row_hi);
}

// (channels, height, width) of a layer's output as a map: (1, F) is seen as one 1 × F map.
std::array<int64_t, 3> map_dims(const Shape& s) {
    if (s.size() == 4) {
        return {s[1], s[2], s[3]};
    }
    int64_t n = 1;
    for (int64_t v : s) {
        n *= v;
    }
    return {1, 1, n};
}

}  // namespace

int64_t LayerMaps::bytes() const {
    return static_cast<int64_t>((full.size() + thumbs.size() + low.size() + high.size()) *
                                sizeof(float));
}

int64_t full_bytes(const Shape& shape) {
    const auto [c, h, w] = map_dims(shape);
    return c * h * w * static_cast<int64_t>(sizeof(float));
}

namespace {

int64_t float_bytes(const Shape& shape) {
    int64_t n = 1;
    for (int64_t v : shape) {
        n *= v;
    }
    return n * static_cast<int64_t>(sizeof(float));
}

// (span, stride) of the rows a banded layer reads per output row.
std::pair<int64_t, int64_t> row_window(const PlannedLayer& layer) {
    const std::optional<detail::LocalGeometry> g = detail::local_geometry(layer.call);
    return g ? std::pair<int64_t, int64_t>{g->h.span, g->h.stride}
             : std::pair<int64_t, int64_t>{1, 1};
}

// The bands of run [first, last] that one thread holds: every layer's rows for one band of the
// last layer (about 2 MB of the widest map, pipeline_forward.cpp), with the rows each kernel
// reads above them, twice (a layer's input and output are alive together).
int64_t band_bytes(const Plan& plan, size_t first, size_t last) {
    int64_t widest = 1, rows_per_row = 1;
    for (size_t i = first; i <= last; ++i) {
        const Shape& s = plan.layers[i].output.shape;
        widest = std::max(widest, s[1] * s[3]);
        rows_per_row *= row_window(plan.layers[i]).second;
    }
    int64_t rows = std::clamp<int64_t>((int64_t{1} << 19) / (widest * rows_per_row), 1,
                                       plan.layers[last].output.shape[2]);
    int64_t bytes = 0;
    for (size_t i = last + 1; i-- > first;) {
        const PlannedLayer& layer = plan.layers[i];
        const auto [span, stride] = row_window(layer);
        bytes += layer.output.shape[1] * layer.output.shape[3] * rows * 4;
        rows = rows * stride + span;
        bytes += layer.input_shape[1] * layer.input_shape[3] * rows * 4;  // its input band
    }
    return 2 * bytes;
}

}  // namespace

int64_t estimated_peak_bytes(const Plan& plan, int64_t input_bytes,
                             const std::vector<int64_t>& keep, int64_t thumb_side) {
    // Held throughout: the input, the kept maps, ranges and thumbnails (sums and means).
    int64_t held = input_bytes;
    for (size_t i = 0; i < plan.layers.size(); ++i) {
        const Shape& s = plan.layers[i].output.shape;
        const auto [c, h, w] = map_dims(s);
        const int64_t k = i < keep.size() ? keep[i] : Keep::none;
        held += k == Keep::all ? full_bytes(s) : (k >= 0 && k < c ? h * w * 4 : 0);
        const int64_t side = std::max<int64_t>(1, thumb_side);
        held += c * std::min(h, side) * std::min(w, side) * 4 * 2 + c * 8;
    }
    // Then what each stretch of layers adds while it runs (forward_streamed's order), on top of
    // the whole outputs later layers still need.
    int64_t peak = held;
    const Schedule walk = schedule(plan);
    std::map<size_t, int64_t> wholes;  // layer → bytes of its whole output
    const auto live = [&] {
        int64_t bytes = 0;
        for (const auto& [layer, size] : wholes) {
            bytes += size;
        }
        return bytes;
    };
    const int64_t threads = std::max(1, thread_count());
    for (const Stretch& stretch : walk.stretches) {
        const PlannedLayer& first = plan.layers[stretch.first];
        const int64_t out = float_bytes(plan.layers[stretch.last].output.shape);
        const int64_t kept = walk.kept_whole[stretch.last] ? out : 0;
        if (stretch.banded) {
            peak = std::max(peak, held + live() + kept +
                                      threads * band_bytes(plan, stretch.first, stretch.last));
        } else {
            // The inputs as floats (a copy of the photo when it reads the input), the padded copy
            // of the first that conv and pooling ops make, and the output.
            int64_t in = float_bytes(first.input_shape);
            for (size_t k = 0; k < first.sources.size(); ++k) {
                in += first.sources[k] < 0 ? float_bytes(first.input_shapes[k]) : 0;
            }
            peak = std::max(peak, held + live() + in + out);
        }
        if (kept > 0) {
            wholes[stretch.last] = kept;
        }
        std::erase_if(wholes, [&](const auto& entry) {
            return walk.last_reader[entry.first] <= static_cast<int64_t>(stretch.last);
        });
    }
    return peak;
}

MapCollector::MapCollector(const Plan& plan, int64_t thumb_side, std::vector<int64_t> keep)
    : keep_(std::move(keep)), locks_(new std::mutex[plan.layers.size() + 1]) {
    keep_.resize(plan.layers.size(), Keep::none);
    for (size_t i = 0; i < plan.layers.size(); ++i) {
        const auto [c, h, w] = map_dims(plan.layers[i].output.shape);
        LayerMaps m;
        m.channels = c;
        m.height = h;
        m.width = w;
        m.low.assign(static_cast<size_t>(c), std::numeric_limits<float>::infinity());
        m.high.assign(static_cast<size_t>(c), -std::numeric_limits<float>::infinity());
        const int64_t longer = std::max(h, w);
        const int64_t side = std::max<int64_t>(1, thumb_side);
        m.thumb_h = longer <= side ? h : std::max<int64_t>(1, h * side / longer);
        m.thumb_w = longer <= side ? w : std::max<int64_t>(1, w * side / longer);
        sums_.emplace_back(static_cast<size_t>(c * m.thumb_h * m.thumb_w), 0.0f);
        counts_.emplace_back(static_cast<size_t>(m.thumb_h * m.thumb_w), 0);
        const int64_t k = keep_[i];
        if (k == Keep::all) {
            m.full.resize(static_cast<size_t>(c * h * w));
            m.full_channel = -1;
        } else if (k >= 0 && k < c) {
            m.full.resize(static_cast<size_t>(h * w));
            m.full_channel = k;
        } else {
            keep_[i] = Keep::none;
        }
        maps_.push_back(std::move(m));
    }
}

MapSink MapCollector::sink() {
    return [this](const MapRows& piece) { add(piece); };
}

void MapCollector::add(const MapRows& piece) {
    LayerMaps& m = maps_[piece.layer];
    const int64_t W = piece.width;
    // Full resolution: disjoint rows, no lock needed.
    if (!m.full.empty()) {
        for (int64_t c = 0; c < piece.channels; ++c) {
            if (m.full_channel >= 0 && c != m.full_channel) {
                continue;
            }
            const int64_t plane = m.full_channel >= 0 ? 0 : c;
            std::memcpy(m.full.data() + (plane * m.height + piece.row0) * W,
                        piece.row(c, piece.row0),
                        static_cast<size_t>(piece.rows * W) * sizeof(float));
        }
    }
    // Ranges and thumbnail sums: local first, then merged under the layer's lock.
    std::vector<float> low(static_cast<size_t>(piece.channels),
                           std::numeric_limits<float>::infinity());
    std::vector<float> high(static_cast<size_t>(piece.channels),
                            -std::numeric_limits<float>::infinity());
    const int64_t th = m.thumb_h, tw = m.thumb_w;
    const int64_t ty0 = piece.row0 * th / m.height;
    const int64_t ty1 = (piece.row0 + piece.rows - 1) * th / m.height;
    const int64_t span = ty1 - ty0 + 1;
    std::vector<float> sums(static_cast<size_t>(piece.channels * span * tw), 0.0f);
    std::vector<int32_t> counts(static_cast<size_t>(span * tw), 0);
    // Thumbnail column t covers map columns [runs[t], runs[t + 1]).
    std::vector<int64_t> runs(static_cast<size_t>(tw + 1));
    for (int64_t t = 0; t <= tw; ++t) {
        runs[static_cast<size_t>(t)] = (t * W + tw - 1) / tw;
    }
    // Rows that fall on the same thumbnail row are first added column by column into `column`
    // (one vector add per value); each thumbnail row then sums its runs once.
    std::vector<float> column(static_cast<size_t>(W));
    for (int64_t c = 0; c < piece.channels; ++c) {
        float lo = low[static_cast<size_t>(c)], hi = high[static_cast<size_t>(c)];
        int64_t current = -1;
        const auto flush = [&] {
            if (current < 0) {
                return;
            }
            float* srow = sums.data() + (c * span + current) * tw;
            for (int64_t t = 0; t < tw; ++t) {
                float sum = 0.0f;
                for (int64_t x = runs[static_cast<size_t>(t)]; x < runs[static_cast<size_t>(t + 1)];
                     ++x) {
                    sum += column[static_cast<size_t>(x)];
                }
                srow[t] += sum;
            }
        };
        for (int64_t y = piece.row0; y < piece.row0 + piece.rows; ++y) {
            const int64_t ty = y * th / m.height - ty0;
            if (ty != current) {
                flush();
                std::fill(column.begin(), column.end(), 0.0f);
                current = ty;
            }
            add_row(piece.row(c, y), W, lo, hi, column.data());
            if (c == 0) {
                int32_t* crow = counts.data() + ty * tw;
                for (int64_t t = 0; t < tw; ++t) {
                    crow[t] += static_cast<int32_t>(runs[static_cast<size_t>(t + 1)] -
                                                    runs[static_cast<size_t>(t)]);
                }
            }
        }
        flush();
        low[static_cast<size_t>(c)] = lo;
        high[static_cast<size_t>(c)] = hi;
    }
    std::lock_guard lock(locks_[piece.layer]);
    for (int64_t c = 0; c < piece.channels; ++c) {
        m.low[static_cast<size_t>(c)] =
            std::min(m.low[static_cast<size_t>(c)], low[static_cast<size_t>(c)]);
        m.high[static_cast<size_t>(c)] =
            std::max(m.high[static_cast<size_t>(c)], high[static_cast<size_t>(c)]);
        float* dst = sums_[piece.layer].data() + (c * th + ty0) * tw;
        const float* src = sums.data() + c * span * tw;
        for (int64_t i = 0; i < span * tw; ++i) {
            dst[i] += src[i];
        }
    }
    int32_t* cdst = counts_[piece.layer].data() + ty0 * tw;
    for (int64_t i = 0; i < span * tw; ++i) {
        cdst[i] += counts[static_cast<size_t>(i)];
    }
}

std::vector<LayerMaps> MapCollector::take() {
    for (size_t i = 0; i < maps_.size(); ++i) {
        LayerMaps& m = maps_[i];
        const int64_t plane = m.thumb_h * m.thumb_w;
        m.thumbs.resize(static_cast<size_t>(m.channels * plane));
        for (int64_t c = 0; c < m.channels; ++c) {
            for (int64_t p = 0; p < plane; ++p) {
                const int32_t n = counts_[i][static_cast<size_t>(p)];
                m.thumbs[static_cast<size_t>(c * plane + p)] =
                    n > 0 ? sums_[i][static_cast<size_t>(c * plane + p)] / static_cast<float>(n)
                          : 0.0f;
            }
        }
        for (int64_t c = 0; c < m.channels; ++c) {
            if (m.low[static_cast<size_t>(c)] > m.high[static_cast<size_t>(c)]) {
                m.low[static_cast<size_t>(c)] = m.high[static_cast<size_t>(c)] = 0.0f;
            }
        }
    }
    sums_.clear();
    counts_.clear();
    return std::move(maps_);
}

}  // namespace cs::pipeline
