#pragma once
// A conv2d node of an imported model as a step-by-step lesson: one output channel's kernel
// over one input channel, with the layer's real weights, bias, stride, padding and dilation,
// on the node's real input values (its top-left corner, so that every step can be read).
#include <cstdint>

#include "app/core/lesson.hpp"
#include "app/core/model_controller.hpp"

namespace cs::core {

// The largest input the lesson animates: a corner of at most this many rows and columns.
inline constexpr int64_t model_lesson_side = 12;

// Whether node `node` of the model is a conv2d with a weight the lesson can show.
bool can_make_conv_lesson(const OnnxModel& model, size_t node);

// Output channel `out_channel`, input channel `in_channel` (within the output channel's group)
// of conv2d node `node`, on that node's input in `run`. Throws cs::Error when the node is not
// a conv2d with weights or a channel is out of range.
Lesson conv_lesson(const OnnxModel& model, const ModelRun& run, size_t node, int64_t out_channel,
                   int64_t in_channel);

}  // namespace cs::core
