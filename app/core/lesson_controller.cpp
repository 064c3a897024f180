#include "app/core/lesson_controller.hpp"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

#include "app/core/kernel_presets.hpp"
#include "app/core/torch_code.hpp"
#include "engine/error.hpp"
#include "engine/ops/conv_params_json.hpp"

namespace cs::core {
namespace {

// One user edit: swaps the lesson between the state before and after it.
class EditCommand : public QUndoCommand {
  public:
    EditCommand(LessonController* controller, LessonEdit before, LessonEdit after,
                const QString& text, int merge_id)
        : QUndoCommand(text),
          controller_(controller),
          before_(std::move(before)),
          after_(std::move(after)),
          merge_id_(merge_id) {}

    void undo() override { controller_->restore_edit(before_); }
    void redo() override { controller_->restore_edit(after_); }
    int id() const override { return merge_id_; }
    // Typing several digits into one field is one edit, not one per keystroke.
    bool mergeWith(const QUndoCommand* other) override {
        if (other->id() != id()) {
            return false;
        }
        after_ = static_cast<const EditCommand*>(other)->after_;
        setText(other->text());
        return true;
    }

  private:
    LessonController* controller_;
    LessonEdit before_;
    LessonEdit after_;
    int merge_id_;
};

// Crops rows/cols [region] of a [1, C, H, W] tensor.
Tensor crop(const Tensor& image, const QRect& region) {
    const int64_t channels = image.size(1);
    Tensor out({1, channels, region.height(), region.width()});
    for (int64_t c = 0; c < channels; ++c) {
        for (int64_t y = 0; y < region.height(); ++y) {
            for (int64_t x = 0; x < region.width(); ++x) {
                out(0, c, y, x) = image(0, c, region.y() + y, region.x() + x);
            }
        }
    }
    return out;
}

// A tensor of a new shape keeping the values that fit (new cells: `fill`).
Tensor resized(const Tensor& old, const Shape& shape, float fill) {
    Tensor out(shape, fill);
    if (old.dim() != static_cast<int64_t>(shape.size()) || old.dim() != 4) {
        return out;
    }
    for (int64_t a = 0; a < std::min(old.size(0), shape[0]); ++a) {
        for (int64_t b = 0; b < std::min(old.size(1), shape[1]); ++b) {
            for (int64_t y = 0; y < std::min(old.size(2), shape[2]); ++y) {
                for (int64_t x = 0; x < std::min(old.size(3), shape[3]); ++x) {
                    out(a, b, y, x) = old(a, b, y, x);
                }
            }
        }
    }
    return out;
}

// A lesson draws every cell of its padded input and of its output (a FrameLayout::Cell of 56
// bytes each, and a painted box). A 5×5 input with padding 4096 has 67 million of each: the
// window took 6 GB and minutes per frame before failing. Such grids are refused before
// anything is computed; no screen shows more cells than this anyway.
constexpr auto max_animated_cells = static_cast<double>(max_lesson_cells);

WeightLayout layout_of(const std::string& op) {
    return op_handler(op).weight_layout;
}

// How many cells the animation of `call` (output `out`) draws: its input with the padding
// around it (a transposed convolution: its expanded grid), and its output. In doubles: a
// padding of 10^12 must not overflow.
double animated_cells(const OpCall& call, const Shape& out) {
    const Shape& in = call.input.shape();
    double cells = 1;
    for (int64_t v : out) {
        cells *= static_cast<double>(v);
    }
    if (in.size() < 3) {
        return cells + static_cast<double>(call.input.numel());
    }
    const bool two_d = in.size() == 4;
    double h = two_d ? static_cast<double>(in[2]) : 1.0, w = static_cast<double>(in.back());
    const auto pair = [&](const char* key, double fallback) -> std::pair<double, double> {
        const auto it = call.params.find(key);
        if (it == call.params.end()) {
            return {fallback, fallback};
        }
        if (it->is_number()) {
            return {it->get<double>(), it->get<double>()};
        }
        if (it->is_array() && !it->empty() && (*it)[0].is_number() && it->back().is_number()) {
            return {(*it)[0].get<double>(), it->back().get<double>()};
        }
        return {fallback, fallback};
    };
    const auto [ph, pw] = pair("padding", 0.0);
    const auto [kh, kw] = call.weight.dim() >= 3
                              ? std::pair<double, double>{static_cast<double>(call.weight.size(-2)),
                                                          static_cast<double>(call.weight.size(-1))}
                              : pair("kernel_size", 1.0);
    if (layout_of(call.op) == WeightLayout::conv_transposed) {
        const auto [sh, sw] = pair("stride", 1.0);
        const auto [dh, dw] = pair("dilation", 1.0);
        h = (h - 1) * sh + 1 + 2 * dh * (kh - 1);
        w = (w - 1) * sw + 1 + 2 * dw * (kw - 1);
    } else if (call.params.value("padding", nlohmann::json()) == "same") {
        h += two_d ? kh : 0;
        w += kw;
    } else {
        h += two_d ? 2 * ph : 0;
        w += 2 * (two_d ? pw : ph);
    }
    return cells + static_cast<double>(in[0]) * static_cast<double>(in[1]) * h * w;
}

// A lesson's first kernel for a new op: one output channel seeing every input channel
// (conv: an edge detector; transposed: a blur that shows where each input lands).
Tensor starting_weight(WeightLayout layout, int64_t channels, int64_t size) {
    if (layout == WeightLayout::conv) {
        Tensor weight({1, channels, size, size});
        const int64_t m = size / 2;
        for (int64_t c = 0; c < channels && size == 3; ++c) {
            weight(0, c, m, m) = -4.0f;
            weight(0, c, 0, m) = weight(0, c, m, 0) = weight(0, c, m, 2) = weight(0, c, 2, m) =
                1.0f;
        }
        return weight;
    }
    Tensor weight({channels, 1, size, size}, 1.0f);
    for (int64_t c = 0; c < channels && size == 3; ++c) {
        const float k[9] = {1, 2, 1, 2, 4, 2, 1, 2, 1};
        std::copy(k, k + 9, weight.data() + c * 9);
    }
    return weight;
}

}  // namespace

QRect default_region(const Tensor& image, int side) {
    const int height = static_cast<int>(image.size(2));
    const int width = static_cast<int>(image.size(3));
    const int h = std::min(side, height);
    const int w = std::min(side, width);
    return QRect((width - w) / 2, (height - h) / 2, w, h);
}

LessonController::LessonController(QObject* parent) : QObject(parent) {
    Lesson lesson;
    lesson.input = Tensor({1, 1, 5, 5});
    for (int64_t i = 0; i < 25; ++i) {
        lesson.input.data()[i] = static_cast<float>(i % 7);
    }
    lesson.weight = Tensor({1, 1, 3, 3}, std::vector<float>{0, 1, 0, 1, -4, 1, 0, 1, 0});
    lesson.params = {{"stride", 1}, {"padding", 1}};
    lesson.title_en = "Convolution";
    lesson.title_zh = "卷积";
    set_lesson(std::move(lesson));
}

void LessonController::set_lesson(Lesson lesson) {
    lesson_ = std::move(lesson);
    if (!lesson_.image_path.isEmpty()) {
        // A photo is only read: the image view's jobs, the pages and the undo history share it.
        lesson_.input.share();
        if (lesson_.view.region.isNull()) {
            lesson_.view.region = default_region(lesson_.input);
        }
    }
    undo_stack_.clear();
    recompute();
    emit view_changed();
}

void LessonController::set_image(Tensor image, const QString& path) {
    Lesson lesson = lesson_;
    lesson.input = std::move(image);
    lesson.image_path = path;
    // Saved with the lesson, these say how to read the photo again: as it is on screen now.
    lesson.grayscale = lesson.input.dim() == 4 && lesson.input.size(1) == 1;
    lesson.max_side = 0;
    lesson.view.region = default_region(lesson.input);
    lesson.view.step = 0;
    // The kernel follows the image's channels so that the lesson stays valid.
    if (layout_of(lesson.op) == WeightLayout::conv && lesson.weight.dim() == 4) {
        const int64_t groups = lesson.params.value("groups", int64_t{1});
        const int64_t in_per_group = std::max<int64_t>(1, lesson.input.size(1) / groups);
        lesson.weight = resized(
            lesson.weight,
            {lesson.weight.size(0), in_per_group, lesson.weight.size(2), lesson.weight.size(3)},
            0.0f);
        for (int64_t o = 0; o < lesson.weight.size(0); ++o) {
            for (int64_t c = 1; c < in_per_group; ++c) {  // copy the first slice to new ones
                for (int64_t y = 0; y < lesson.weight.size(2); ++y) {
                    for (int64_t x = 0; x < lesson.weight.size(3); ++x) {
                        lesson.weight(o, c, y, x) = lesson.weight(o, 0, y, x);
                    }
                }
            }
        }
    }
    set_lesson(std::move(lesson));
}

LessonEdit LessonController::current_edit() const {
    LessonEdit edit{lesson_.op, lesson_.params, lesson_.weight, lesson_.bias, std::nullopt};
    if (lesson_.image_path.isEmpty()) {
        edit.matrix_input = lesson_.input;
    }
    return edit;
}

void LessonController::restore_edit(const LessonEdit& edit) {
    lesson_.op = edit.op;
    lesson_.params = edit.params;
    lesson_.weight = edit.weight;
    lesson_.bias = edit.bias;
    if (edit.matrix_input) {
        lesson_.input = *edit.matrix_input;
    }
    recompute();
}

void LessonController::apply_edit(const LessonEdit& edit, const QString& text, int merge_id) {
    undo_stack_.push(new EditCommand(this, current_edit(), edit, text, merge_id));
}

void LessonController::set_param(const std::string& name, const nlohmann::json& value) {
    LessonEdit edit = current_edit();
    if (value.is_null()) {
        edit.params.erase(name);
    } else {
        edit.params[name] = value;
    }
    apply_edit(
        edit,
        tr("Set %1 to %2").arg(QString::fromStdString(name), QString::fromStdString(value.dump())));
}

void LessonController::set_weight_value(int64_t flat_index, float value) {
    LessonEdit edit = current_edit();
    require(flat_index >= 0 && flat_index < edit.weight.numel(), "kernel cell out of range");
    require(std::isfinite(value), "a weight must be a finite number, not NaN or infinity");
    edit.weight.data()[flat_index] = value;
    apply_edit(edit, tr("Edit kernel weight"), 1000 + static_cast<int>(flat_index % 100000));
}

void LessonController::set_input_value(int64_t flat_index, float value) {
    LessonEdit edit = current_edit();
    require(edit.matrix_input.has_value(), "the input of an image lesson is not editable");
    require(flat_index >= 0 && flat_index < edit.matrix_input->numel(), "input cell out of range");
    require(std::isfinite(value), "an input value must be a finite number, not NaN or infinity");
    edit.matrix_input->data()[flat_index] = value;
    apply_edit(edit, tr("Edit input value"), 200000 + static_cast<int>(flat_index % 100000));
}

void LessonController::set_bias_value(int64_t channel, float value) {
    LessonEdit edit = current_edit();
    require(channel >= 0 && channel < edit.bias.numel(), "bias channel out of range");
    require(std::isfinite(value), "a bias must be a finite number, not NaN or infinity");
    edit.bias.data()[channel] = value;
    apply_edit(edit, tr("Edit bias"), 400000 + static_cast<int>(channel));
}

void LessonController::set_bias_enabled(bool enabled) {
    LessonEdit edit = current_edit();
    const int64_t out_channels = layer_width(layout_of(lesson_.op), edit.weight.shape(),
                                             lesson_.params.value("groups", int64_t{1}));
    edit.bias = enabled ? Tensor({out_channels}) : Tensor();
    apply_edit(edit, enabled ? tr("Add bias") : tr("Remove bias"));
}

void LessonController::apply_kernel_preset(const KernelPreset& preset) {
    LessonEdit edit = current_edit();
    if (edit.weight.dim() == 3) {  // conv1d takes one-row kernels only
        require(preset.rows == 1, "a 1-D convolution needs a one-row kernel such as [1, −1]");
        Tensor weight({edit.weight.size(0), edit.weight.size(1), preset.cols});
        for (int64_t i = 0; i < edit.weight.size(0) * edit.weight.size(1); ++i) {
            std::copy(preset.values.begin(), preset.values.end(), weight.data() + i * preset.cols);
        }
        edit.weight = weight;
        apply_edit(edit, tr("Apply kernel preset %1").arg(preset.name_en));
        return;
    }
    const int64_t out = edit.weight.dim() == 4 ? edit.weight.size(0) : 1;
    const int64_t in = edit.weight.dim() == 4 ? edit.weight.size(1) : 1;
    edit.weight = Tensor({out, in, preset.rows, preset.cols});
    for (int64_t o = 0; o < out; ++o) {
        for (int64_t c = 0; c < in; ++c) {
            std::copy(preset.values.begin(), preset.values.end(),
                      edit.weight.data() + (o * in + c) * preset.rows * preset.cols);
        }
    }
    apply_edit(edit, tr("Apply kernel preset %1").arg(preset.name_en));
}

void LessonController::set_kernel_size(int64_t rows, int64_t cols) {
    LessonEdit edit = current_edit();
    if (edit.weight.dim() == 4) {
        edit.weight =
            resized(edit.weight, {edit.weight.size(0), edit.weight.size(1), rows, cols}, 0.0f);
    } else if (edit.weight.dim() == 3) {  // conv1d: (out, in/groups, k)
        Tensor as_2d = resized(edit.weight.reshaped({edit.weight.size(0), edit.weight.size(1), 1,
                                                     edit.weight.size(2)}),
                               {edit.weight.size(0), edit.weight.size(1), 1, cols}, 0.0f);
        edit.weight = as_2d.reshaped({edit.weight.size(0), edit.weight.size(1), cols});
    } else if (edit.params.contains("kernel_size")) {  // pooling: the window is a parameter
        edit.params["kernel_size"] =
            rows == cols ? nlohmann::json(rows) : nlohmann::json({rows, cols});
    } else {
        throw Error("this lesson's op has no kernel");
    }
    apply_edit(edit, tr("Set kernel size to %1×%2").arg(rows).arg(cols));
}

void LessonController::set_op(const std::string& op) {
    LessonEdit edit = current_edit();
    if (op == edit.op) {
        return;
    }
    const int64_t channels = lesson_.input.dim() == 4 ? lesson_.input.size(1) : 1;
    edit.op = op;
    edit.bias = Tensor();
    edit.weight = Tensor();
    // The op's own starting parameters (engine/ops: ParamSpec::start); the student changes
    // them from there.
    edit.params = start_params(op);
    const OpHandler& description = op_handler(op);
    if (description.weight_layout == WeightLayout::conv ||
        description.weight_layout == WeightLayout::conv_transposed) {
        const ParamSpec* kernel = find_param(op, "kernel_size");
        const int64_t size = kernel ? kernel->initial().get<int64_t>() : 3;
        edit.weight = starting_weight(description.weight_layout, channels, size);
    }
    apply_edit(edit, tr("Change the operation to %1").arg(QString::fromStdString(op)));
}

void LessonController::set_trace_view(const std::string& view) {
    lesson_.view.trace_view = view;
    // The two views step through different things (output or input cells).
    lesson_.view.step =
        std::clamp<int64_t>(lesson_.view.step, 0, std::max<int64_t>(0, total_steps() - 1));
    refresh_trace();
    emit step_changed(lesson_.view.step);
    emit view_changed();
}

void LessonController::set_channels(int64_t in_channels, int64_t out_channels) {
    LessonEdit edit = current_edit();
    const int64_t groups = std::max<int64_t>(1, edit.params.value("groups", int64_t{1}));
    if (edit.matrix_input) {
        edit.matrix_input =
            resized(*edit.matrix_input,
                    {1, in_channels, edit.matrix_input->size(2), edit.matrix_input->size(3)}, 0.0f);
    }
    if (edit.weight.dim() == 4 && layout_of(edit.op) == WeightLayout::conv_transposed) {
        // A transposed convolution's weight is (in, out/groups, kH, kW).
        const int64_t out_per_group = std::max<int64_t>(1, out_channels / groups);
        edit.weight =
            resized(edit.weight,
                    {in_channels, out_per_group, edit.weight.size(2), edit.weight.size(3)}, 0.0f);
    } else if (edit.weight.dim() == 4) {
        const int64_t in_per_group = std::max<int64_t>(1, in_channels / groups);
        edit.weight =
            resized(edit.weight,
                    {out_channels, in_per_group, edit.weight.size(2), edit.weight.size(3)}, 0.0f);
    }
    if (!edit.bias.empty()) {
        Tensor bias({out_channels});
        for (int64_t i = 0; i < std::min(out_channels, edit.bias.numel()); ++i) {
            bias.data()[i] = edit.bias.data()[i];
        }
        edit.bias = bias;
    }
    apply_edit(edit, tr("Set channels to %1 in, %2 out").arg(in_channels).arg(out_channels));
}

void LessonController::set_input_size(int64_t rows, int64_t cols) {
    if (!lesson_.image_path.isEmpty()) {
        ViewOptions view = lesson_.view;
        const QPoint centre = view.region.center();
        view.region = QRect(0, 0, static_cast<int>(cols), static_cast<int>(rows));
        view.region.moveCenter(centre);
        view.region.moveLeft(std::max(0, view.region.left()));
        view.region.moveTop(std::max(0, view.region.top()));
        set_view(view);
        return;
    }
    LessonEdit edit = current_edit();
    edit.matrix_input =
        resized(*edit.matrix_input, {1, edit.matrix_input->size(1), rows, cols}, 0.0f);
    apply_edit(edit, tr("Set input size to %1×%2").arg(rows).arg(cols));
}

void LessonController::set_view(const ViewOptions& view) {
    const bool region_changed = view.region != lesson_.view.region;
    const int64_t step = lesson_.view.step;
    lesson_.view = view;
    lesson_.view.step = step;
    if (region_changed) {
        recompute();
    }
    emit view_changed();
}

void LessonController::recompute() {
    // An image lesson animates a small region; the full image is computed by the image view.
    Tensor animated_input;
    if (!lesson_.image_path.isEmpty() && lesson_.input.dim() == 4) {
        const QRect bounds(0, 0, static_cast<int>(lesson_.input.size(3)),
                           static_cast<int>(lesson_.input.size(2)));
        lesson_.view.region = lesson_.view.region.intersected(bounds);
        if (lesson_.view.region.isEmpty()) {
            lesson_.view.region = default_region(lesson_.input);
        }
        animated_input = crop(lesson_.input, lesson_.view.region);
    } else {
        animated_input = lesson_.input;
    }
    animation_call_ =
        OpCall{lesson_.op, std::move(animated_input), lesson_.weight, lesson_.bias, lesson_.params};
    error_ = {};
    indices_.reset();
    try {
        shape_info_ = infer_shape(animation_call_);
        const double cells = animated_cells(animation_call_, shape_info_.shape);
        require(cells <= max_animated_cells, "lesson.too_many_cells",
                {{"op", lesson_.op},
                 {"millions", std::to_string(std::llround(cells / 1e6))},
                 {"shape", shape_string(shape_info_.shape)}},
                lesson_.op + ": the animation would draw " +
                    std::to_string(std::llround(cells / 1e6)) +
                    " million cells (the padded input and the output, " +
                    shape_string(shape_info_.shape) +
                    "); a lesson draws at most 4 million: use a smaller padding, stride or input");
        OpResult result = evaluate(animation_call_);
        output_ = std::move(result.output);
        indices_ = std::move(result.indices);
    } catch (const Error& e) {
        error_ = EngineMessage::from(e);
        output_ = Tensor();
        shape_info_ = ShapeInfo{};  // the header must not keep the last valid size
    }
    lesson_.view.step =
        std::clamp<int64_t>(lesson_.view.step, 0, std::max<int64_t>(0, total_steps() - 1));
    refresh_trace();
    emit lesson_changed();
    emit step_changed(lesson_.view.step);
}

Index4 LessonController::step_position(int64_t step) const {
    return cs::step_position(step, trace_grid(animation_call_));
}

int64_t LessonController::total_steps() const {
    if (!valid()) {
        return 0;
    }
    return steps_by_stamps() ? animation_call_.input.numel() : output_.numel();
}

bool LessonController::steps_by_stamps() const {
    return lesson_.view.trace_view == "scatter" && valid() &&
           layout_of(animation_call_.op) == WeightLayout::conv_transposed &&
           animation_call_.input.dim() == 4 && animation_call_.weight.dim() == 4;
}

void LessonController::refresh_trace() {
    trace_.reset();
    stamp_.reset();
    stamped_before_ = Tensor();
    stamped_after_ = Tensor();
    stamped_cells_.clear();
    if (!valid() || total_steps() == 0) {
        return;
    }
    if (steps_by_stamps()) {
        try {
            const OpCall& c = animation_call_;
            const ConvTranspose2dParams p = conv_transpose2d_params_from_json(c.params);
            const int64_t k = lesson_.view.step;
            stamp_ = conv_transpose2d_stamp(c.input, c.weight, p, k);
            stamped_before_ = conv_transpose2d_stamped(c.input, c.weight, c.bias, p, k);
            stamped_after_ = conv_transpose2d_stamped(c.input, c.weight, c.bias, p, k + 1);
            stamped_cells_.assign(static_cast<size_t>(output_.numel()), 0);
            const auto out = trace_grid(c);
            for (int64_t j = 0; j <= k; ++j) {
                for (const ScatterMark& m : conv_transpose2d_stamp(c.input, c.weight, p, j).marks) {
                    if (m.landed) {
                        stamped_cells_[static_cast<size_t>(step_index(m.at, out))] = 1;
                    }
                }
            }
        } catch (const Error& e) {
            error_ = EngineMessage::from(e);
        }
        return;
    }
    try {
        trace_ = trace_at(step_position(lesson_.view.step), lesson_.view.trace_view);
    } catch (const Error& e) {
        error_ = EngineMessage::from(e);
    }
}

void LessonController::set_step(int64_t step) {
    step = std::clamp<int64_t>(step, 0, std::max<int64_t>(0, total_steps() - 1));
    if (step == lesson_.view.step && (trace_ || stamp_)) {
        return;
    }
    lesson_.view.step = step;
    refresh_trace();
    emit step_changed(step);
}

Step LessonController::trace_at(const Index4& at, const std::string& view) const {
    return trace_step(animation_call_, at, view);
}

QString LessonController::torch_code() const {
    return core::torch_code(animation_call_, !lesson_.image_path.isEmpty());
}

}  // namespace cs::core
