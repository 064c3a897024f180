#pragma once
// One computation of the playground, run on a worker thread: the pipeline on the prepared
// input (or on its screen-resolution preview), keeping what the views need — thumbnails and
// ranges of every layer, full-resolution values of the layer in focus.
#include <QImage>

#include <memory>

#include "engine/pipeline/input_image.hpp"
#include "engine/pipeline/map_collector.hpp"
#include "engine/pipeline/pipeline.hpp"

namespace cs::core {

struct PipelineJob {
    pipeline::PipelineSpec spec;
    std::shared_ptr<const pipeline::InputImage> image;  // the photo as opened (1, 1|3, H, W)
    bool preview = false;                               // run on the image shrunk to `preview_side`
    int64_t preview_side = 960;
    int64_t thumb_side = 160;
    size_t focus_layer = 0;     // kept at full resolution ...
    int64_t focus_channel = 0;  // ... all channels when they fit `full_budget`, else this one
    int64_t full_budget = 32 << 20;
};

struct PipelineResult {
    std::shared_ptr<const pipeline::Plan> plan;
    std::vector<pipeline::LayerMaps> maps;
    QImage input_image;  // the prepared input, at most `display_side` pixels on its longer side
    Shape input_shape;
    bool preview = false;
    double milliseconds = 0;  // the forward pass
};

// The input the pipeline runs on: the photo prepared as the spec asks (and shrunk for a
// preview). Shared when nothing changes.
std::shared_ptr<const pipeline::InputImage> prepared_input(const PipelineJob& job);

// Throws pipeline::Cancelled when `control.cancel` turns true, cs::Error for bad input.
PipelineResult run_pipeline_job(const PipelineJob& job, const pipeline::RunControl& control);

// The (1, 1|3, H, W) image as an RGB QImage of at most `side` pixels on its longer side.
QImage input_qimage(const pipeline::InputImage& image, int64_t side);

}  // namespace cs::core
