#include "engine/pipeline/pipeline_forward.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>

#include "engine/parallel.hpp"
#include "engine/pipeline/layer_ops.hpp"

namespace cs::pipeline {
namespace {

bool is_elementwise(const OpCall& call) {
    return static_cast<bool>(op_handler(call.op).elementwise);
}

// How a layer of a banded run reads rows: output row y reads input rows
// y·stride − pad_top … y·stride − pad_top + span − 1 (rows outside the input are zeros).
struct RowGeometry {
    int64_t span = 1;
    int64_t stride = 1;
    int64_t pad_top = 0;
    int64_t pad_left = 0;  // conv2d: the zero border the band input gets explicitly
    int64_t pad_right = 0;
    bool weighted = false;  // a convolution, which pads its sides itself
};

RowGeometry row_geometry(const PlannedLayer& layer) {
    const OpCall& call = layer.call;
    RowGeometry g;
    const std::optional<detail::LocalGeometry> l = detail::local_geometry(call);
    if (l && l->weighted) {
        g = {l->h.span, l->h.stride, l->h.before, l->w.before, l->w.after, true};
    } else if (l) {
        g = {l->h.span, l->h.stride, 0, 0, 0};
    }
    return g;
}

// One banded run: layers [first, last] of the plan.
struct Run {
    size_t first = 0;
    size_t last = 0;
    std::vector<RowGeometry> geometry;  // per layer of the run
};

// Rows of the last layer per band: about 1 MB of the widest intermediate band per task, and
// enough bands to keep every core busy. Depends on the shapes only.
int64_t choose_band_rows(const Plan& plan, const Run& run) {
    const int64_t out_h = plan.layers[run.last].output.shape[2];
    // Input rows of the run's first layer per row of its last layer.
    int64_t rows_per_row = 1;
    int64_t widest_row = 1;  // floats in one row of the widest map of the run
    for (size_t i = run.first; i <= run.last; ++i) {
        const Shape& s = plan.layers[i].output.shape;
        widest_row = std::max(widest_row, s[1] * s[3]);
    }
    for (size_t i = run.first; i <= run.last; ++i) {
        rows_per_row *= run.geometry[i - run.first].stride;
    }
    const int64_t target_floats = 1 << 19;  // 2 MB
    const int64_t by_cache = std::max<int64_t>(1, target_floats / (widest_row * rows_per_row));
    const int64_t by_cores = std::max<int64_t>(1, out_h / 8);
    return std::clamp<int64_t>(std::min(by_cache, by_cores), 1, out_h);
}

// Copies rows [lo, hi) of `src` (1, C, src_rows, W) starting at src_row0 into a new tensor
// with `pad` zeros around (rows outside [0, height) are zeros too).
Tensor band_input(const float* src, int64_t channels, int64_t src_row0, int64_t src_rows,
                  int64_t width, int64_t height, int64_t lo, int64_t hi, int64_t pad_left,
                  int64_t pad_right) {
    const int64_t out_w = width + pad_left + pad_right;
    // Uninitialised: every cell is written below, copied or zeroed (no second pass of zeros).
    Tensor out = Tensor::uninitialized({1, channels, hi - lo, out_w});
    for (int64_t c = 0; c < channels; ++c) {
        for (int64_t y = lo; y < hi; ++y) {
            float* to = out.data() + (c * (hi - lo) + (y - lo)) * out_w;
            if (y < 0 || y >= height) {
                std::fill(to, to + out_w, 0.0f);
                continue;
            }
            const float* from = src + (c * src_rows + (y - src_row0)) * width;
            std::fill(to, to + pad_left, 0.0f);
            std::memcpy(to + pad_left, from, static_cast<size_t>(width) * sizeof(float));
            std::fill(to + pad_left + width, to + out_w, 0.0f);
        }
    }
    return out;
}

// Output rows [lo, hi) of one layer of a run, from its input band (rows [in_lo, in_lo + ...)).
Tensor band_layer(const PlannedLayer& layer, const RowGeometry& g, Tensor&& in, int64_t in_lo,
                  int64_t in_height, int64_t lo, int64_t hi) {
    const int64_t C = in.size(1), W = in.size(3), rows = in.size(2);
    const int64_t need_lo = lo * g.stride - g.pad_top;
    const int64_t need_hi = (hi - 1) * g.stride - g.pad_top + g.span;
    const OpCall& call = layer.call;
    if (is_elementwise(call)) {
        // The activation's rows are exactly the input band's rows when the band holds no more.
        const auto& apply = op_handler(call.op).elementwise;
        const bool in_place = rows == hi - lo && in_lo == lo;
        Tensor out = in_place ? std::move(in) : Tensor::uninitialized({1, C, hi - lo, W});
        for (int64_t c = 0; c < C; ++c) {
            const float* src = (in_place ? out.data() : in.data()) + (c * rows + (lo - in_lo)) * W;
            float* dst = out.data() + c * (hi - lo) * W;
            apply(call, src, dst, (hi - lo) * W);
        }
        return out;
    }
    const bool conv = g.weighted;
    // Most bands hold exactly the rows the layer reads (all but the first and last band of a
    // padded conv): the layer then reads the band itself instead of a copy of it, and a conv
    // pads the sides itself. The same taps in the same order: the same values.
    if (need_lo == in_lo && need_hi == in_lo + rows) {
        if (!conv) {
            return detail::pool_forward(call, std::move(in));
        }
        if (g.pad_left == g.pad_right) {
            return detail::conv_with_column_padding(call, std::move(in), g.pad_left);
        }
    }
    Tensor slice = band_input(in.data(), C, in_lo, rows, W, in_height, need_lo, need_hi,
                              conv ? g.pad_left : 0, conv ? g.pad_right : 0);
    return conv ? detail::conv_without_padding(call, std::move(slice))
                : detail::pool_forward(call, std::move(slice));
}

// Where each band's rows lie for every layer of the run (see forward_run).
struct BandRows {
    std::vector<std::vector<int64_t>> lo;  // [layer of run][band], with lo[i][bands] = height
    std::vector<std::vector<int64_t>> hi;  // [layer of run][band]
    std::vector<int64_t> in_lo, in_hi;     // rows of the run's input per band
};

BandRows band_rows(const Plan& plan, const Run& run, int64_t per_band, int64_t bands,
                   int64_t in_height) {
    const size_t n = run.last - run.first + 1;
    BandRows b;
    b.lo.assign(n, std::vector<int64_t>(static_cast<size_t>(bands + 1)));
    b.hi.assign(n, std::vector<int64_t>(static_cast<size_t>(bands)));
    b.in_lo.resize(static_cast<size_t>(bands));
    b.in_hi.resize(static_cast<size_t>(bands));
    const auto height = [&](size_t i) { return plan.layers[run.first + i].output.shape[2]; };
    // First rows: band b starts at row b·per_band of the last layer; each earlier layer starts
    // at the first row the next one reads.
    for (int64_t band = 0; band <= bands; ++band) {
        const auto k = static_cast<size_t>(band);
        b.lo[n - 1][k] = std::min(band * per_band, height(n - 1));
        for (size_t i = n - 1; i > 0; --i) {
            const RowGeometry& g = run.geometry[i];
            b.lo[i - 1][k] = band == bands ? height(i - 1)
                                           : std::clamp<int64_t>(b.lo[i][k] * g.stride - g.pad_top,
                                                                 0, height(i - 1));
        }
    }
    // Last rows: what the next layer reads, and at least up to the next band's first row, so
    // that the bands together cover every row of every layer (also rows no later layer reads).
    for (int64_t band = 0; band < bands; ++band) {
        const auto k = static_cast<size_t>(band);
        b.hi[n - 1][k] = b.lo[n - 1][k + 1];
        for (size_t i = n - 1; i > 0; --i) {
            const RowGeometry& g = run.geometry[i];
            const int64_t reads =
                b.hi[i][k] > b.lo[i][k] ? (b.hi[i][k] - 1) * g.stride - g.pad_top + g.span : 0;
            b.hi[i - 1][k] = std::max(std::min(reads, height(i - 1)), b.lo[i - 1][k + 1]);
        }
        const RowGeometry& g = run.geometry[0];
        b.in_lo[k] = std::clamp<int64_t>(b.lo[0][k] * g.stride - g.pad_top, 0, in_height);
        b.in_hi[k] = b.hi[0][k] > b.lo[0][k]
                         ? std::clamp<int64_t>((b.hi[0][k] - 1) * g.stride - g.pad_top + g.span, 0,
                                               in_height)
                         : b.in_lo[k];
    }
    return b;
}

// A source of input rows for a run: the input image, or an earlier layer's whole output.
using RowReader = std::function<void(int64_t c, int64_t y, float* dst)>;

// Computes a banded run. `keep_last`: also assemble the last layer's output (when layers
// follow the run) and return it.
Tensor forward_run(const Plan& plan, const Run& run, const Shape& in_shape, const RowReader& read,
                   const MapSink& sink, const RunControl& control, const ForwardOptions& options,
                   bool keep_last, std::atomic<int64_t>& done_work, int64_t total_work) {
    const Shape& out_shape = plan.layers[run.last].output.shape;
    const int64_t per_band = options.band_rows > 0 ? std::min(options.band_rows, out_shape[2])
                                                   : choose_band_rows(plan, run);
    const int64_t bands = (out_shape[2] + per_band - 1) / per_band;
    const BandRows rows = band_rows(plan, run, per_band, bands, in_shape[2]);
    Tensor last = keep_last ? Tensor(out_shape) : Tensor();
    const int64_t C_in = in_shape[1], W_in = in_shape[3];

    parallel_for(0, bands, [&](int64_t begin, int64_t end) {
        for (int64_t band = begin; band < end; ++band) {
            const auto k = static_cast<size_t>(band);
            // The run's input rows this band reads.
            const int64_t in_lo = rows.in_lo[k], in_hi = rows.in_hi[k];
            // Uninitialised: `read` writes every row.
            Tensor current = Tensor::uninitialized({1, C_in, in_hi - in_lo, W_in});
            for (int64_t c = 0; c < C_in; ++c) {
                for (int64_t y = in_lo; y < in_hi; ++y) {
                    read(c, y, current.data() + (c * (in_hi - in_lo) + (y - in_lo)) * W_in);
                }
            }
            int64_t current_lo = in_lo;
            int64_t current_height = in_shape[2];
            for (size_t i = run.first; i <= run.last; ++i) {
                control.check();
                const size_t r = i - run.first;
                const int64_t lo = rows.lo[r][k], hi = rows.hi[r][k];
                const Shape& shape = plan.layers[i].output.shape;
                if (hi <= lo) {
                    current = Tensor({1, shape[1], 0, shape[3]});
                } else {
                    current = band_layer(plan.layers[i], run.geometry[r], std::move(current),
                                         current_lo, current_height, lo, hi);
                }
                current_lo = lo;
                current_height = shape[2];
                const int64_t own = rows.lo[r][k + 1] - lo;  // rows no other band delivers
                if (own > 0) {
                    MapRows piece;
                    piece.layer = i;
                    piece.channels = shape[1];
                    piece.height = shape[2];
                    piece.width = shape[3];
                    piece.row0 = lo;
                    piece.rows = own;
                    piece.data = current.data();
                    piece.band_row0 = lo;
                    piece.band_rows = hi - lo;
                    sink(piece);
                    if (keep_last && i == run.last) {
                        for (int64_t c = 0; c < shape[1]; ++c) {
                            std::memcpy(last.data() + (c * shape[2] + lo) * shape[3],
                                        piece.row(c, lo),
                                        static_cast<size_t>(own * shape[3]) * sizeof(float));
                        }
                    }
                }
                const int64_t work = plan.layers[i].multiply_adds * std::max<int64_t>(own, 0) /
                                     std::max<int64_t>(1, shape[2]);
                const int64_t now = done_work.fetch_add(work) + work;
                if (control.progress) {
                    control.progress(
                        std::min(1.0, static_cast<double>(now) / static_cast<double>(total_work)));
                }
            }
        }
    });
    return last;
}

void deliver_whole(size_t layer, const Tensor& t, const MapSink& sink) {
    MapRows piece;
    piece.layer = layer;
    if (t.dim() == 4) {
        piece.channels = t.size(1);
        piece.height = t.size(2);
        piece.width = t.size(3);
    } else {
        piece.channels = 1;
        piece.height = 1;
        piece.width = t.numel();
    }
    piece.row0 = 0;
    piece.rows = piece.height;
    piece.data = t.data();
    piece.band_row0 = 0;
    piece.band_rows = piece.height;
    sink(piece);
}

}  // namespace

bool band_capable(const PlannedLayer& layer) {
    const OpCall& call = layer.call;
    if (layer.input_shape.size() != 4 || layer.output.shape.size() != 4 ||
        layer.input_shape[0] != 1) {
        return false;
    }
    if (is_elementwise(call)) {
        return true;
    }
    const std::optional<detail::LocalGeometry> geometry = detail::local_geometry(call);
    return geometry && geometry->bandable;
}

Schedule schedule(const Plan& plan) {
    const size_t n = plan.layers.size();
    const std::vector<std::vector<size_t>> readers = plan.consumers();
    // Layer i + 1 goes on in the band of layer i.
    const auto continues = [&](size_t i) {
        return i + 1 < n && band_capable(plan.layers[i]) && band_capable(plan.layers[i + 1]) &&
               plan.layers[i + 1].sources == std::vector<int64_t>{static_cast<int64_t>(i)} &&
               readers[i] == std::vector<size_t>{i + 1};
    };
    Schedule s;
    s.kept_whole.assign(n, false);
    s.last_reader.assign(n, -1);
    for (size_t i = 0; i < n; ++i) {
        s.kept_whole[i] = !readers[i].empty() && !continues(i);
        if (!readers[i].empty()) {
            s.last_reader[i] = static_cast<int64_t>(readers[i].back());
        }
    }
    for (size_t i = 0; i < n;) {
        Stretch stretch{i, i, band_capable(plan.layers[i])};
        while (stretch.banded && continues(stretch.last)) {
            ++stretch.last;
        }
        s.stretches.push_back(stretch);
        i = stretch.last + 1;
    }
    return s;
}

void forward_streamed(const Plan& plan, const InputImage& input, const MapSink& sink,
                      const RunControl& control, const ForwardOptions& options) {
    require(input.shape() == plan.input_shape,
            "the input has shape " + shape_string(input.shape()) +
                " but the pipeline was planned for " + shape_string(plan.input_shape));
    int64_t total_work = 1;
    for (const PlannedLayer& layer : plan.layers) {
        total_work += layer.multiply_adds;
    }
    std::atomic<int64_t> done_work{0};
    const Schedule plan_schedule = schedule(plan);
    // The whole outputs that later layers read, by layer; freed after their last reader.
    std::map<size_t, Tensor> wholes;
    const auto value_of = [&](int64_t source) {
        return source < 0 ? input.to_tensor() : wholes.at(static_cast<size_t>(source));
    };
    for (const Stretch& stretch : plan_schedule.stretches) {
        control.check();
        const PlannedLayer& first = plan.layers[stretch.first];
        Tensor last;
        if (stretch.banded) {
            Run run;
            run.first = stretch.first;
            run.last = stretch.last;
            for (size_t i = run.first; i <= run.last; ++i) {
                run.geometry.push_back(row_geometry(plan.layers[i]));
            }
            const Shape& in_shape = first.input_shape;
            const int64_t W = in_shape[3], H = in_shape[2];
            const int64_t source = first.sources.front();
            RowReader read;
            if (source < 0) {
                read = [&input](int64_t c, int64_t y, float* dst) { input.copy_row(c, y, dst); };
            } else {
                const Tensor& whole = wholes.at(static_cast<size_t>(source));
                read = [&whole, W, H](int64_t c, int64_t y, float* dst) {
                    const float* src = whole.data() + (c * H + y) * W;
                    std::copy(src, src + W, dst);
                };
            }
            last = forward_run(plan, run, in_shape, read, sink, control, options,
                               plan_schedule.kept_whole[run.last], done_work, total_work);
        } else {
            std::vector<Tensor> values;
            for (int64_t source : first.sources) {
                values.push_back(value_of(source));
            }
            last = evaluate(call_reading(first, std::move(values))).output;
            deliver_whole(stretch.first, last, sink);
            const int64_t now = done_work.fetch_add(first.multiply_adds) + first.multiply_adds;
            if (control.progress) {
                control.progress(
                    std::min(1.0, static_cast<double>(now) / static_cast<double>(total_work)));
            }
        }
        if (plan_schedule.kept_whole[stretch.last]) {
            last.share();  // read by later layers without copies
            wholes[stretch.last] = std::move(last);
        }
        std::erase_if(wholes, [&](const auto& entry) {
            return plan_schedule.last_reader[entry.first] <= static_cast<int64_t>(stretch.last);
        });
    }
}

std::vector<Tensor> forward(const Plan& plan, const Tensor& input, const RunControl& control,
                            const ForwardOptions& options) {
    std::vector<Tensor> outputs;
    for (const PlannedLayer& layer : plan.layers) {
        outputs.emplace_back(layer.output.shape);
    }
    forward_streamed(
        plan, InputImage(input),
        [&](const MapRows& piece) {
            Tensor& out = outputs[piece.layer];
            if (out.dim() != 4) {
                std::copy(piece.data, piece.data + out.numel(), out.data());
                return;
            }
            for (int64_t c = 0; c < piece.channels; ++c) {
                std::memcpy(out.data() + (c * piece.height + piece.row0) * piece.width,
                            piece.row(c, piece.row0),
                            static_cast<size_t>(piece.rows * piece.width) * sizeof(float));
            }
        },
        control, options);
    return outputs;
}

}  // namespace cs::pipeline
