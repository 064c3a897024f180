#include "app/core/pipeline_job.hpp"

#include <chrono>

#include "engine/error.hpp"
#include "engine/memory_budget.hpp"
#include "engine/pipeline/pipeline_forward.hpp"

namespace cs::core {

std::shared_ptr<const pipeline::InputImage> prepared_input(const PipelineJob& job) {
    require(job.image && !job.image->empty(), "open an image first");
    pipeline::InputSpec spec = job.spec.input;
    const Shape& s = job.image->shape();
    if (job.preview && !spec.size) {
        spec.size = pipeline::fit_size(s[2], s[3], job.preview_side);
    }
    const bool same = (spec.channels == 0 || spec.channels == s[1]) &&
                      (!spec.size || (spec.size->h == s[2] && spec.size->w == s[3]));
    if (same) {
        return job.image;
    }
    return std::make_shared<const pipeline::InputImage>(pipeline::prepare_input(*job.image, spec));
}

QImage input_qimage(const pipeline::InputImage& image, int64_t side) {
    const Shape& s = image.shape();
    const Pair size = pipeline::fit_size(s[2], s[3], side);
    const Tensor small = pipeline::resize_area(image, size);
    QImage out(static_cast<int>(size.w), static_cast<int>(size.h), QImage::Format_RGB888);
    const int64_t plane = size.h * size.w;
    for (int64_t y = 0; y < size.h; ++y) {
        uchar* line = out.scanLine(static_cast<int>(y));
        for (int64_t x = 0; x < size.w; ++x) {
            for (int64_t c = 0; c < 3; ++c) {
                const int64_t k = s[1] == 3 ? c : 0;
                const float v = small.data()[k * plane + y * size.w + x];
                line[x * 3 + c] = static_cast<uchar>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f);
            }
        }
    }
    return out;
}

PipelineResult run_pipeline_job(const PipelineJob& job, const pipeline::RunControl& control) {
    control.check();
    const std::shared_ptr<const pipeline::InputImage> input = prepared_input(job);
    control.check();
    PipelineResult result;
    result.preview = job.preview;
    result.input_shape = input->shape();
    result.input_image = input_qimage(*input, 1024);
    auto plan = std::make_shared<pipeline::Plan>(pipeline::plan_pipeline(job.spec, input->shape()));
    std::vector<int64_t> keep(plan->layers.size(), pipeline::Keep::none);
    if (job.focus_layer < plan->layers.size()) {
        const int64_t bytes = pipeline::full_bytes(plan->layers[job.focus_layer].output.shape);
        keep[job.focus_layer] = bytes <= job.full_budget ? pipeline::Keep::all : job.focus_channel;
    }
    // Within the one memory budget, or refused before the forward pass allocates anything:
    // the message reaches the status line through the controller.
    int64_t peak = pipeline::estimated_peak_bytes(*plan, input->bytes(), keep, job.thumb_side);
    if (peak > memory_budget_bytes && job.focus_layer < keep.size() &&
        keep[job.focus_layer] == pipeline::Keep::all) {
        keep[job.focus_layer] = job.focus_channel;  // the clicked channel only
        peak = pipeline::estimated_peak_bytes(*plan, input->bytes(), keep, job.thumb_side);
    }
    require_memory(peak,
                   "this pipeline on a " + std::to_string(input->shape()[2]) + "×" +
                       std::to_string(input->shape()[3]) + " image",
                   "use a smaller image (or an input size) or fewer channels");
    pipeline::MapCollector collector(*plan, job.thumb_side, keep);
    const auto start = std::chrono::steady_clock::now();
    pipeline::forward_streamed(*plan, *input, collector.sink(), control);
    result.milliseconds =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    result.maps = collector.take();
    result.plan = std::move(plan);
    return result;
}

}  // namespace cs::core
