#pragma once
// The fast forward pass of a pipeline: runs of local layers (conv2d with zero padding,
// activations, pooling without vertical padding) are computed band by band — a few rows of
// the last layer of the run at a time, with every earlier layer computing just the rows those
// need (plus the overlap its kernel reads). The intermediate maps of a band stay in cache, the
// bands run in parallel, and nothing the size of a full-resolution map is kept unless the
// caller keeps it: a 12-megapixel photo goes through in little memory.
//
// Each output element is computed by the same op code with the same inputs in the same order
// as in forward_reference, so both give bit-identical results (tested).
#include <cstdint>
#include <functional>

#include "engine/pipeline/input_image.hpp"
#include "engine/pipeline/pipeline.hpp"

namespace cs::pipeline {

// Rows [row0, row0 + rows) of every channel of one layer's output, (1, C, H, W). For layers
// whose output is not a feature map (flatten, linear, softmax) the whole output arrives once,
// seen as (1, 1, 1, F) for (1, F).
struct MapRows {
    size_t layer = 0;
    int64_t channels = 0;
    int64_t height = 0;  // of the whole map
    int64_t width = 0;
    int64_t row0 = 0;
    int64_t rows = 0;
    // Row y (row0 ≤ y < row0 + rows) of channel c: `width` floats.
    const float* row(int64_t c, int64_t y) const {
        return data + (c * band_rows + (y - band_row0)) * width;
    }

    const float* data = nullptr;  // the band: (1, C, band_rows, W) starting at band_row0
    int64_t band_row0 = 0;
    int64_t band_rows = 0;
};

// Called once per piece; pieces of different bands may arrive at the same time on different
// threads (never two for the same rows).
using MapSink = std::function<void(const MapRows&)>;

struct ForwardOptions {
    // Rows of the last layer of a banded run per band; 0 chooses from the shapes (the same
    // bands whatever the thread count).
    int64_t band_rows = 0;
};

// Whether a layer can be computed band by band.
bool band_capable(const PlannedLayer& layer);

// How forward_streamed walks a plan: stretches of layers in order, each a banded run (every
// layer reading the one before, which nothing else reads) or a single layer computed whole.
struct Stretch {
    size_t first = 0;
    size_t last = 0;
    bool banded = false;
};
struct Schedule {
    std::vector<Stretch> stretches;
    // Per layer: its output is assembled whole, because a layer outside its run reads it
    // (a branch, a join, or a layer that cannot be banded).
    std::vector<bool> kept_whole;
    // Per layer: the last layer that reads it (its whole output is freed after that), or −1.
    std::vector<int64_t> last_reader;
};
Schedule schedule(const Plan& plan);

// Runs the plan on `input`, handing every layer's output to `sink` piece by piece.
// Throws Cancelled when control.cancel turns true (checked before every layer of every band).
void forward_streamed(const Plan& plan, const InputImage& input, const MapSink& sink,
                      const RunControl& control = {}, const ForwardOptions& options = {});

// Every layer's output, assembled (for the CLI and the tests). Same values as
// forward_reference.
std::vector<Tensor> forward(const Plan& plan, const Tensor& input, const RunControl& control = {},
                            const ForwardOptions& options = {});

}  // namespace cs::pipeline
