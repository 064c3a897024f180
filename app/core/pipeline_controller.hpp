#pragma once
// Between the playground's widgets and the pipeline engine: holds the pipeline and the input
// photo, turns every edit into an undoable command, and recomputes the feature maps off the UI
// thread. The newest request wins: a new edit cancels the work in flight, and results of
// stale work are dropped. When the full-resolution maps take longer than a frame, a preview
// on the photo shrunk to screen resolution comes first.
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <QUndoStack>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include "app/core/map_range.hpp"
#include "app/core/pipeline_job.hpp"
#include "engine/graph/graph_field.hpp"
#include "engine/pipeline/map_export.hpp"
#include "engine/pipeline/receptive_field.hpp"

namespace cs::core {

// The clicked pixel whose receptive field is outlined, in full-resolution coordinates of the
// output of `layer`.
struct PixelSelection {
    size_t layer = 0;
    int64_t y = 0;
    int64_t x = 0;
};

class PipelineController : public QObject {
    Q_OBJECT
  public:
    explicit PipelineController(QObject* parent = nullptr);
    ~PipelineController() override;

    const pipeline::PipelineSpec& spec() const { return spec_; }
    QUndoStack* undo_stack() { return &undo_stack_; }
    // The pipeline planned for the full-resolution input (shapes, parameters, formulas).
    const pipeline::Plan& plan() const { return plan_; }
    // Per planned layer: its receptive field (the largest over its paths), and every path's.
    const std::vector<pipeline::LayerField>& fields() const { return fields_; }
    const std::vector<NodeField>& path_fields() const { return paths_; }

    // Edits: each pushes one undo command.
    void add_layer(size_t index, const std::string& op);
    void remove_layer(size_t index);
    void move_layer(size_t from, size_t to);
    // Replaces layer `index`; `field` ≥ 0 merges consecutive edits of the same field.
    void set_layer(size_t index, const pipeline::LayerSpec& layer, const QString& text,
                   int field = -1);
    // Names layer `index` (empty: known by its number); its readers follow. Returns why a
    // name cannot be used (taken, a number, "input"), or an empty text when it was applied.
    QString rename_layer(size_t index, const QString& name);
    void set_input(const pipeline::InputSpec& input);
    void load_spec(pipeline::PipelineSpec spec, const QString& text);
    void restore_spec(const pipeline::PipelineSpec& spec);  // undo/redo: without a command

    // The photo. Decoding and compacting happen on a worker thread.
    void open_image(const QString& path);
    // Also for the photo another part of the app holds: a shared tensor (Tensor::share) is
    // passed without a copy of its floats, and compacted on a worker thread.
    void set_image(Tensor image, const QString& path);
    bool has_image() const { return image_ != nullptr; }
    QString image_path() const { return image_path_; }
    Shape image_shape() const;

    // Pipeline files (docs/pipeline-format.md), also from the resources (":/...").
    // Return false after emitting failed().
    bool open_file(const QString& path);
    // As a pipeline file, or (`as_lesson`) as a lesson file that File ▸ Open Lesson opens in
    // the playground with its photo.
    bool save_file(const QString& path, bool as_lesson = false);
    // The pipeline with its weights as an ONNX model for the input it is planned for (the
    // photo's size after the input settings). Reports failures through failed().
    bool export_onnx(const QString& path);
    // The pipeline file's bytes with the photo's absolute path: what autosave writes, and what
    // open_file() restores from anywhere.
    QByteArray file_bytes() const;

    // The layer (and channel) the views show large: kept at full resolution.
    void set_focus(size_t layer, int64_t channel);
    size_t focus_layer() const { return focus_layer_; }
    int64_t focus_channel() const { return focus_channel_; }

    // Inactive (tab hidden): edits are recorded, nothing is computed.
    void set_active(bool active);

    const std::shared_ptr<const PipelineResult>& result() const { return result_; }
    bool busy() const { return busy_; }
    int progress_percent() const;
    // Blocks until no work is running (tests and shutdown).
    void wait_idle();

    void select_pixel(size_t layer, int64_t y, int64_t x);
    void clear_selection();
    const std::optional<PixelSelection>& selection() const { return selection_; }
    // Windows of the selected pixel on the input and every map up to its layer.
    std::optional<pipeline::PixelField> selection_field() const;

    // Writes layer `layer`'s maps: one PNG per channel into `folder` (full resolution), or a
    // contact sheet to `file`. Runs the pipeline again in the background; `exported` or
    // `failed` follows. The colours are the window's: core::full_scale and core::thumbnail_scale
    // with the same style and clip.
    void export_channels(size_t layer, const QString& folder, const pipeline::MapStyle& style,
                         RangeClip clip = RangeClip::full);
    void export_contact_sheet(size_t layer, const QString& file, const pipeline::MapStyle& style,
                              RangeClip clip = RangeClip::full);

  signals:
    void spec_changed();    // layers or input changed; plan() is new
    void result_changed();  // new maps arrived (preview or full resolution)
    void busy_changed(bool busy);
    void progress_changed(int percent);
    void image_changed();
    void selection_changed();
    void focus_changed();
    void exported(const QString& message);
    void failed(const QString& title, const QString& message);

  private:
    void push(pipeline::PipelineSpec after, const QString& text, int merge_id = -1);
    void replan();
    void schedule();
    void start();
    PipelineJob make_job(bool preview) const;
    void export_maps(size_t layer, const QString& target, const pipeline::MapStyle& style,
                     RangeClip clip, bool sheet);

    pipeline::PipelineSpec spec_;
    pipeline::Plan plan_;
    std::vector<pipeline::LayerField> fields_;
    std::vector<NodeField> paths_;
    QUndoStack undo_stack_;
    std::shared_ptr<const pipeline::InputImage> image_;
    QString image_path_;
    size_t focus_layer_ = 0;
    int64_t focus_channel_ = 0;
    bool active_ = true;
    std::optional<PixelSelection> selection_;

    std::shared_ptr<const PipelineResult> result_;
    QThreadPool pool_;  // one worker: the newest job runs, stale ones are skipped
    QTimer start_timer_;
    QTimer progress_timer_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    std::shared_ptr<std::atomic<int>> progress_;  // per mille
    int64_t generation_ = 0;
    bool busy_ = false;
    double macs_per_ms_ = 2e6;  // measured after each run; decides whether to preview first
    int loading_ = 0;
};

}  // namespace cs::core
