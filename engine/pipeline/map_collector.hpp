#pragma once
// What the playground keeps of each layer's output while the banded forward streams it past:
// per-channel ranges, small thumbnails (area means), and the full-resolution values only for
// the layers (or the one channel) that are asked for. A 12-megapixel photo through eight
// channels would need 400 MB per layer as floats; this keeps a few MB.
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/pipeline/pipeline_forward.hpp"

namespace cs::pipeline {

struct LayerMaps {
    int64_t channels = 0;
    int64_t height = 0;  // of the full map (1 × F for flat outputs)
    int64_t width = 0;
    std::vector<float> low;   // per channel: smallest finite value (0 when none)
    std::vector<float> high;  // per channel: largest finite value
    // (channels, thumb_h, thumb_w): the mean of the map pixels each thumbnail pixel covers.
    int64_t thumb_h = 0;
    int64_t thumb_w = 0;
    std::vector<float> thumbs;
    // Full resolution: all channels (full_channel = -1), one channel, or none (empty).
    int64_t full_channel = -1;
    FloatBuffer full;  // not zeroed first: the bands write every value

    bool has_full(int64_t channel) const {
        return !full.empty() && (full_channel < 0 || full_channel == channel);
    }
    // Value at (c, y, x) of the full map; requires has_full(c).
    float value(int64_t c, int64_t y, int64_t x) const {
        const int64_t plane = full_channel < 0 ? c : 0;
        return full[static_cast<size_t>((plane * height + y) * width + x)];
    }
    const float* full_plane(int64_t c) const {
        return full.data() + (full_channel < 0 ? c : 0) * height * width;
    }
    const float* thumb_plane(int64_t c) const { return thumbs.data() + c * thumb_h * thumb_w; }
    int64_t bytes() const;
};

// What to keep at full resolution for one layer.
struct Keep {
    static constexpr int64_t none = -2;
    static constexpr int64_t all = -1;
};

class MapCollector {
  public:
    // `keep[i]`: Keep::none, Keep::all or a channel index, per planned layer (missing: none).
    MapCollector(const Plan& plan, int64_t thumb_side, std::vector<int64_t> keep);

    MapSink sink();
    // The maps, once the forward pass is over.
    std::vector<LayerMaps> take();

  private:
    void add(const MapRows& piece);

    std::vector<LayerMaps> maps_;
    std::vector<int64_t> keep_;
    std::vector<std::vector<float>> sums_;  // thumbnail sums per layer
    std::vector<std::vector<int32_t>> counts_;
    std::unique_ptr<std::mutex[]> locks_;
};

// Bytes of full-resolution floats a layer of this shape needs for all its channels.
int64_t full_bytes(const Shape& shape);

// The most memory forward_streamed into a MapCollector(plan, thumb_side, keep) holds at once,
// from the shapes alone: the input (`input_bytes`, InputImage::bytes()), the kept full maps and
// thumbnails, the whole outputs kept between runs and around layers that cannot be banded
// (their input, output and the op's padded copy), and the bands in flight on every thread.
// Checked against memory_budget_bytes (engine/memory_budget.hpp) before running.
int64_t estimated_peak_bytes(const Plan& plan, int64_t input_bytes,
                             const std::vector<int64_t>& keep, int64_t thumb_side);

}  // namespace cs::pipeline
