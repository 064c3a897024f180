#pragma once
// Between the widgets and the engine: holds the open lesson, turns every user edit into an
// undoable command, asks the engine for results and step traces, and tells the views when
// something changed. Widgets never call engine kernels themselves.
#include <QObject>
#include <QUndoStack>

#include <memory>
#include <optional>

#include "app/core/engine_message.hpp"
#include "app/core/lesson.hpp"
#include "engine/op_call.hpp"
#include "engine/ops/conv_transpose2d.hpp"

namespace cs::core {

struct KernelPreset;

// The parts of a lesson that edits change (never the image, which can be large).
struct LessonEdit {
    std::string op;
    nlohmann::json params;
    Tensor weight;
    Tensor bias;
    std::optional<Tensor> matrix_input;  // set only for matrix lessons
};

class LessonController : public QObject {
    Q_OBJECT
  public:
    explicit LessonController(QObject* parent = nullptr);

    const Lesson& lesson() const { return lesson_; }
    // Replaces the whole lesson (opening a file); clears the undo history.
    void set_lesson(Lesson lesson);
    // Replaces the input with an image (opening, dropping or pasting one).
    void set_image(Tensor image, const QString& path);
    QUndoStack* undo_stack() { return &undo_stack_; }

    // Edits. Each pushes one undo command with readable text.
    void set_param(const std::string& name, const nlohmann::json& value);
    void set_weight_value(int64_t flat_index, float value);
    void set_input_value(int64_t flat_index, float value);
    void set_bias_value(int64_t channel, float value);
    void set_bias_enabled(bool enabled);
    // Replaces every kernel of the lesson (all output/input channel slices) with `preset`.
    void apply_kernel_preset(const KernelPreset& preset);
    // Conv ops: resizes the kernel; pooling: sets kernel_size.
    void set_kernel_size(int64_t rows, int64_t cols);
    // Switches the lesson to another op with starting parameters that fit the input.
    void set_op(const std::string& op);
    // conv_transpose2d: "insert" (zeros inserted, rotated kernel) or "scatter".
    void set_trace_view(const std::string& view);
    void set_channels(int64_t in_channels, int64_t out_channels);
    // Matrix lessons: resizes the matrix. Image lessons: resizes the animated region.
    void set_input_size(int64_t rows, int64_t cols);
    // Applies a prepared edit as one command (used by the commands above and by tests).
    void apply_edit(const LessonEdit& edit, const QString& text, int merge_id = -1);
    void restore_edit(const LessonEdit& edit);  // without a command: undo/redo use this
    LessonEdit current_edit() const;

    // View options (not undoable: they do not change the maths).
    void set_view(const ViewOptions& view);

    // The small input the animation runs on: the matrix, or the region of the image.
    const OpCall& animation_call() const { return animation_call_; }
    bool valid() const { return error_.empty(); }
    // Why the parameters do not work, in the language installed now.
    QString error() const { return error_.said(); }
    const ShapeInfo& shape_info() const { return shape_info_; }
    const Tensor& output() const { return output_; }  // of the animation input
    const std::optional<Tensor>& indices() const { return indices_; }

    // One step per output element; the scatter view of a transposed convolution has one per
    // input element instead (steps_by_stamps).
    int64_t total_steps() const;
    int64_t step() const { return lesson_.view.step; }
    void set_step(int64_t step);
    Index4 step_position(int64_t step) const;
    // The trace of the current step (empty when the lesson is invalid, and in stamp steps).
    const std::optional<Step>& current_trace() const { return trace_; }
    // conv_transpose2d's scatter view steps through the input, as d2l draws it: step k is
    // input element k stamping value × kernel onto the output (engine: conv_transpose2d_stamp).
    bool steps_by_stamps() const;
    // The stamp of the current step, and the output's running sums before and after it
    // (stamps 0 … k − 1, and 0 … k). Empty outside stamp steps.
    const std::optional<ScatterStamp>& current_stamp() const { return stamp_; }
    const Tensor& stamped_before() const { return stamped_before_; }
    const Tensor& stamped_after() const { return stamped_after_; }
    // Per output element (flat): 1 where a stamp 0 … k has landed.
    const std::vector<char>& stamped_cells() const { return stamped_cells_; }
    Step trace_at(const Index4& at, const std::string& view = "") const;

    // The equivalent torch.nn.functional call, for the PyTorch panel.
    QString torch_code() const;

  signals:
    void lesson_changed();  // op, parameters, input or kernels changed; results recomputed
    void step_changed(qint64 step);
    void view_changed();

  private:
    void recompute();
    void refresh_trace();

    Lesson lesson_;
    QUndoStack undo_stack_;
    OpCall animation_call_;
    EngineMessage error_;
    ShapeInfo shape_info_;
    Tensor output_;
    std::optional<Tensor> indices_;
    std::optional<Step> trace_;
    std::optional<ScatterStamp> stamp_;
    Tensor stamped_before_;
    Tensor stamped_after_;
    std::vector<char> stamped_cells_;
};

// The region of an image the animation runs on by default: a centred square of `side` cells.
QRect default_region(const Tensor& image, int side = 12);

}  // namespace cs::core
