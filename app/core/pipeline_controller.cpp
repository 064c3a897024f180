#include "app/core/pipeline_controller.hpp"

#include <QDir>
#include <QFileInfo>
#include <QPointer>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <utility>

#include "app/core/background.hpp"
#include "app/core/lesson.hpp"
#include "app/core/pipeline_commands.hpp"
#include "app/core/read_file.hpp"
#include "engine/error.hpp"
#include "engine/image_io.hpp"
#include "engine/model/onnx_export.hpp"
#include "engine/pipeline/pipeline_forward.hpp"
#include "engine/pipeline/pipeline_graph.hpp"

namespace cs::core {
namespace {

// Input shape used for the layer list before any photo is open.
constexpr int64_t placeholder_side = 256;
// A frame: longer work shows a preview first.
constexpr double frame_ms = 16.0;

QString layer_name(size_t index, const std::string& op) {
    return PipelineController::tr("layer %1 (%2)").arg(index + 1).arg(QString::fromStdString(op));
}

}  // namespace

PipelineController::PipelineController(QObject* parent)
    : QObject(parent),
      cancel_(std::make_shared<std::atomic<bool>>(false)),
      progress_(std::make_shared<std::atomic<int>>(0)) {
    pool_.setMaxThreadCount(1);
    start_timer_.setSingleShot(true);
    start_timer_.setInterval(0);
    connect(&start_timer_, &QTimer::timeout, this, &PipelineController::start);
    progress_timer_.setInterval(100);
    connect(&progress_timer_, &QTimer::timeout, this,
            [this] { emit progress_changed(progress_percent()); });
    spec_.input.channels = 3;
    replan();
}

PipelineController::~PipelineController() {
    cancel_->store(true);
    pool_.waitForDone();
}

// ---- Edits -------------------------------------------------------------------------------

void PipelineController::push(pipeline::PipelineSpec after, const QString& text, int merge_id) {
    undo_stack_.push(new PipelineEditCommand(this, spec_, std::move(after), text, merge_id));
}

void PipelineController::add_layer(size_t index, const std::string& op) {
    if (spec_.layers.size() >= pipeline::max_layers) {
        emit failed(tr("Add layer"), tr("A pipeline can have at most %1 layers.")
                                         .arg(static_cast<int>(pipeline::max_layers)));
        return;
    }
    pipeline::PipelineSpec after = spec_;
    index = std::min(index, after.layers.size());
    // Every new layer with weights gets its own seed, so that two conv layers differ.
    uint64_t seed = 1;
    for (const pipeline::LayerSpec& l : spec_.layers) {
        seed = std::max(seed, l.seed + 1);
    }
    pipeline::LayerSpec layer = pipeline::default_layer(op, seed);
    if (pipeline::is_join(op)) {
        layer.inputs = pipeline::default_join_inputs(spec_, index);
    }
    after = pipeline::with_layer_inserted(std::move(after), index, std::move(layer));
    push(std::move(after), tr("Add %1").arg(QString::fromStdString(op)));
    set_focus(index, 0);
}

void PipelineController::remove_layer(size_t index) {
    if (index >= spec_.layers.size()) {
        return;
    }
    pipeline::PipelineSpec after = pipeline::with_layer_removed(spec_, index);
    push(std::move(after), tr("Remove %1").arg(layer_name(index, spec_.layers[index].op)));
}

void PipelineController::move_layer(size_t from, size_t to) {
    if (from >= spec_.layers.size() || to >= spec_.layers.size() || from == to) {
        return;
    }
    const pipeline::LayerSpec& layer = spec_.layers[from];
    pipeline::PipelineSpec after = pipeline::with_layer_moved(spec_, from, to);
    push(std::move(after), to < from ? tr("Move %1 up").arg(layer_name(from, layer.op))
                                     : tr("Move %1 down").arg(layer_name(from, layer.op)));
    set_focus(to, focus_channel_);
}

void PipelineController::set_layer(size_t index, const pipeline::LayerSpec& layer,
                                   const QString& text, int field) {
    if (index >= spec_.layers.size() || spec_.layers[index] == layer) {
        return;
    }
    pipeline::PipelineSpec after = spec_;
    after.layers[index] = layer;
    push(std::move(after), tr("%1: %2").arg(layer_name(index, layer.op), text),
         field < 0 ? -1 : field * 1000 + static_cast<int>(index % 1000));
}

QString PipelineController::rename_layer(size_t index, const QString& name) {
    const std::string wanted = name.trimmed().toStdString();
    if (index >= spec_.layers.size() || spec_.layers[index].name == wanted) {
        return {};
    }
    try {
        pipeline::PipelineSpec after = pipeline::with_layer_renamed(spec_, index, wanted);
        push(std::move(after), tr("Rename %1").arg(layer_name(index, spec_.layers[index].op)));
        return {};
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
}

void PipelineController::set_input(const pipeline::InputSpec& input) {
    if (input == spec_.input) {
        return;
    }
    pipeline::PipelineSpec after = spec_;
    after.input = input;
    push(std::move(after), tr("Change the input"), 999'000);
}

void PipelineController::load_spec(pipeline::PipelineSpec spec, const QString& text) {
    // A pixel clicked in the previous pipeline means nothing in this one.
    if (selection_) {
        clear_selection();
    }
    push(std::move(spec), text);
    set_focus(0, 0);
}

void PipelineController::restore_spec(const pipeline::PipelineSpec& spec) {
    spec_ = spec;
    replan();
    if (focus_layer_ >= spec_.layers.size() && !spec_.layers.empty()) {
        focus_layer_ = spec_.layers.size() - 1;
    }
    emit spec_changed();
    schedule();
}

Shape PipelineController::image_shape() const {
    return image_ ? image_->shape() : Shape{1, 3, placeholder_side, placeholder_side};
}

// The plan for the full-resolution input: the shape the prepared photo will have.
void PipelineController::replan() {
    Shape shape = image_shape();
    if (spec_.input.channels != 0) {
        shape[1] = spec_.input.channels;
    }
    if (spec_.input.size) {
        shape[2] = spec_.input.size->h;
        shape[3] = spec_.input.size->w;
    }
    plan_ = pipeline::plan_pipeline(spec_, shape);
    paths_ = pipeline::path_fields(plan_);
    fields_.clear();
    for (const NodeField& node : paths_) {
        fields_.push_back(node.largest());
    }
    // The selected pixel goes with its layer, or when its map no longer holds it (a smaller
    // input, a larger stride): the readout must never name a pixel that does not exist.
    if (selection_ && !selection_field()) {
        selection_.reset();
        emit selection_changed();
    }
}

// ---- Images and files --------------------------------------------------------------------

void PipelineController::open_image(const QString& path) {
    ++loading_;
    run_in_background(
        this,
        [path] {
            LoadOptions options;
            options.grayscale = false;
            return std::make_shared<const pipeline::InputImage>(read_image(path, options));
        },
        [this, path](std::optional<std::shared_ptr<const pipeline::InputImage>> image,
                     const QString& error) {
            --loading_;
            if (!image) {
                emit failed(tr("Cannot open the image"), error);
                return;
            }
            image_ = std::move(*image);
            image_path_ = path;
            replan();
            emit image_changed();
            emit spec_changed();
            schedule();
        });
}

void PipelineController::set_image(Tensor image, const QString& path) {
    ++loading_;
    auto shared = std::make_shared<Tensor>(std::move(image));
    run_in_background(
        this, [shared] { return std::make_shared<const pipeline::InputImage>(std::move(*shared)); },
        [this, path](std::optional<std::shared_ptr<const pipeline::InputImage>> image,
                     const QString& error) {
            --loading_;
            if (!image) {
                emit failed(tr("Cannot use the image"), error);
                return;
            }
            image_ = std::move(*image);
            image_path_ = path;
            replan();
            emit image_changed();
            emit spec_changed();
            schedule();
        });
}

bool PipelineController::open_file(const QString& path) {
    try {
        const std::vector<uint8_t> bytes =
            read_file_or_resource(path, pipeline::max_pipeline_file_bytes, "the pipeline");
        pipeline::PipelineSpec spec = pipeline::parse_pipeline(
            std::string(bytes.begin(), bytes.end()), QFileInfo(path).fileName().toStdString());
        const QString image = QString::fromStdString(spec.image);
        load_spec(spec, tr("Open %1").arg(QFileInfo(path).fileName()));
        if (!image.isEmpty()) {
            open_image(QDir::isAbsolutePath(image) || image.startsWith(":/")
                           ? image
                           : QFileInfo(path).dir().filePath(image));
        }
        return true;
    } catch (const std::exception& e) {
        emit failed(tr("Cannot open the pipeline"), QString::fromUtf8(e.what()));
        return false;
    }
}

QByteArray PipelineController::file_bytes() const {
    pipeline::PipelineSpec spec = spec_;
    if (!image_path_.isEmpty()) {
        spec.image =
            (image_path_.startsWith(":/") ? image_path_ : QFileInfo(image_path_).absoluteFilePath())
                .toStdString();
    }
    return QByteArray::fromStdString(pipeline::pipeline_to_json(spec).dump(1) + "\n");
}

bool PipelineController::save_file(const QString& path, bool as_lesson) {
    try {
        pipeline::PipelineSpec spec = spec_;
        spec.image.clear();
        if (!image_path_.isEmpty() && !image_path_.startsWith(":/")) {
            const QString relative = QFileInfo(path).dir().relativeFilePath(image_path_);
            spec.image = (relative.startsWith("..") ? image_path_ : relative).toStdString();
        }
        const nlohmann::json doc =
            as_lesson ? pipeline::pipeline_lesson_to_json(spec) : pipeline::pipeline_to_json(spec);
        write_file_atomically(path, QByteArray::fromStdString(doc.dump(2) + "\n"));
        undo_stack_.setClean();
        return true;
    } catch (const std::exception& e) {
        emit failed(tr("Cannot save the pipeline"), QString::fromUtf8(e.what()));
        return false;
    }
}

bool PipelineController::export_onnx(const QString& path) {
    try {
        require(plan_.ok(), plan_.error);
        write_onnx_file(pipeline::plan_graph(plan_, true), path.toStdString());
        return true;
    } catch (const std::exception& e) {
        emit failed(tr("Cannot export the pipeline as ONNX"), QString::fromUtf8(e.what()));
        return false;
    }
}

// ---- Computation -------------------------------------------------------------------------

void PipelineController::set_focus(size_t layer, int64_t channel) {
    if (layer == focus_layer_ && channel == focus_channel_) {
        return;
    }
    focus_layer_ = layer;
    focus_channel_ = std::max<int64_t>(0, channel);
    emit focus_changed();
    // The focus layer's full-resolution maps are kept by the next run: recompute unless the
    // current result already has them.
    if (result_ && layer < result_->maps.size() && result_->maps[layer].has_full(focus_channel_) &&
        !result_->preview) {
        return;
    }
    schedule();
}

void PipelineController::set_active(bool active) {
    active_ = active;
    if (active_ && !result_) {
        schedule();
    }
}

void PipelineController::schedule() {
    if (!active_ || !image_) {
        return;
    }
    cancel_->store(true);  // stale work stops at its next layer or band
    start_timer_.start();  // edits within one event-loop turn make one request
    if (!busy_) {
        busy_ = true;
        emit busy_changed(true);
    }
}

PipelineJob PipelineController::make_job(bool preview) const {
    PipelineJob job;
    job.spec = spec_;
    job.image = image_;
    job.preview = preview;
    job.focus_layer = focus_layer_;
    job.focus_channel = focus_channel_;
    return job;
}

int PipelineController::progress_percent() const {
    return progress_->load() / 10;
}

void PipelineController::start() {
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    progress_ = std::make_shared<std::atomic<int>>(0);
    const int64_t generation = ++generation_;
    const Shape shape = image_->shape();
    const double estimate = static_cast<double>(plan_.multiply_adds()) / macs_per_ms_;
    const bool preview = estimate > frame_ms && !spec_.input.size &&
                         std::max(shape[2], shape[3]) > make_job(true).preview_side;
    const PipelineJob full = make_job(false);
    const PipelineJob small = make_job(true);
    progress_timer_.start();
    QPointer<PipelineController> self(this);
    const auto cancel = cancel_;
    const auto progress = progress_;
    // Delivers a result (or an error) on the UI thread unless a newer request came first.
    const auto deliver = [self, generation](std::shared_ptr<const PipelineResult> result,
                                            QString error, bool last) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, generation, result = std::move(result), error, last] {
                if (!self || generation != self->generation_) {
                    return;
                }
                if (last) {
                    self->busy_ = false;
                    self->progress_timer_.stop();
                    emit self->busy_changed(false);
                }
                if (!error.isEmpty()) {
                    emit self->failed(tr("Cannot compute the feature maps"), error);
                    return;
                }
                if (result) {
                    if (!result->preview && result->milliseconds > 1.0 && result->plan) {
                        self->macs_per_ms_ =
                            std::max(1e5, static_cast<double>(result->plan->multiply_adds()) /
                                              result->milliseconds);
                    }
                    // The previous maps (tens of MB for a 12 MP photo) are freed on a worker:
                    // returning that memory took the UI thread 15 ms.
                    QThreadPool::globalInstance()->start(
                        [old = std::exchange(self->result_, result)] {});
                    emit self->result_changed();
                }
            },
            Qt::QueuedConnection);
    };
    pool_.start([cancel, progress, preview, full, small, deliver] {
        if (cancel->load()) {
            return;  // superseded before it started; the newer job reports
        }
        pipeline::RunControl control;
        control.cancel = cancel.get();
        try {
            if (preview) {
                deliver(std::make_shared<const PipelineResult>(run_pipeline_job(small, control)),
                        QString(), false);
            }
            control.progress = [progress](double f) {
                progress->store(static_cast<int>(f * 1000));
            };
            deliver(std::make_shared<const PipelineResult>(run_pipeline_job(full, control)),
                    QString(), true);
        } catch (const pipeline::Cancelled&) {
            // A newer request replaced this one.
        } catch (const std::exception& e) {
            deliver(nullptr, QString::fromUtf8(e.what()), true);
        }
#if defined(__GLIBC__)
        // The bands' buffers were freed on several threads; give that memory back to the
        // system instead of keeping it in each thread's heap (tens of MB on a large photo).
        malloc_trim(0);
#endif
    });
}

void PipelineController::wait_idle() {
    pool_.waitForDone();
    QThreadPool::globalInstance()->waitForDone();
}

// ---- Receptive field ---------------------------------------------------------------------

void PipelineController::select_pixel(size_t layer, int64_t y, int64_t x) {
    if (layer >= plan_.layers.size()) {
        return;
    }
    selection_ = PixelSelection{layer, y, x};
    emit selection_changed();
}

void PipelineController::clear_selection() {
    selection_.reset();
    emit selection_changed();
}

std::optional<pipeline::PixelField> PipelineController::selection_field() const {
    if (!selection_) {
        return std::nullopt;
    }
    try {
        return pipeline::pixel_field(plan_, selection_->layer, selection_->y, selection_->x);
    } catch (const Error&) {
        return std::nullopt;
    }
}

// ---- Export ------------------------------------------------------------------------------

void PipelineController::export_channels(size_t layer, const QString& folder,
                                         const pipeline::MapStyle& style, RangeClip clip) {
    export_maps(layer, folder, style, clip, false);
}

void PipelineController::export_contact_sheet(size_t layer, const QString& file,
                                              const pipeline::MapStyle& style, RangeClip clip) {
    export_maps(layer, file, style, clip, true);
}

// Runs the pipeline again keeping the layer: all channels at once when they fit in memory,
// else one channel per run (a 12-megapixel photo's maps are 48 MB each).
void PipelineController::export_maps(size_t layer, const QString& target,
                                     const pipeline::MapStyle& style, RangeClip clip, bool sheet) {
    if (!image_ || layer >= plan_.layers.size()) {
        emit failed(tr("Export"), tr("There are no feature maps to export yet."));
        return;
    }
    const PipelineJob job = make_job(false);
    const std::string op = plan_.layers[layer].call.op;
    run_in_background(
        this,
        [job, layer, target, style, clip, sheet, op] {
            const auto input = prepared_input(job);
            const pipeline::Plan plan = pipeline::plan_pipeline(job.spec, input->shape());
            require(layer < plan.layers.size(), plan.error);
            const int64_t channels = plan.layers[layer].output.shape.size() == 4
                                         ? plan.layers[layer].output.shape[1]
                                         : 1;
            const bool at_once =
                pipeline::full_bytes(plan.layers[layer].output.shape) <= job.full_budget;
            int written = 0;
            for (int64_t c = 0; c < (at_once || sheet ? 1 : channels); ++c) {
                std::vector<int64_t> keep(plan.layers.size(), pipeline::Keep::none);
                keep[layer] = sheet ? pipeline::Keep::none : (at_once ? pipeline::Keep::all : c);
                // The window's thumbnail size: a per-layer range comes from the thumbnails.
                pipeline::MapCollector collector(plan, sheet ? 512 : job.thumb_side, keep);
                pipeline::forward_streamed(plan, *input, collector.sink());
                const std::vector<pipeline::LayerMaps> maps = collector.take();
                if (sheet) {
                    save_image(core::contact_sheet(maps[layer], style, clip), target.toStdString());
                    return 1;
                }
                for (int64_t k = 0; k < channels; ++k) {
                    if (!maps[layer].has_full(k)) {
                        continue;
                    }
                    const QString name = QString("layer%1_%2_c%3.png")
                                             .arg(layer + 1, 2, 10, QChar('0'))
                                             .arg(QString::fromStdString(op))
                                             .arg(k, 2, 10, QChar('0'));
                    const pipeline::LayerMaps& m = maps[layer];
                    const float* plane = m.full_plane(k);
                    save_feature_map(
                        Tensor({m.height, m.width}, FloatBuffer(plane, plane + m.height * m.width)),
                        QDir(target).filePath(name).toStdString(), style.colormap,
                        full_scale(m, k, style, clip).normalization());
                    ++written;
                }
            }
            return written;
        },
        [this, target, sheet](std::optional<int> written, const QString& error) {
            if (!written) {
                emit failed(tr("Export"), error);
                return;
            }
            emit exported(sheet ? tr("Saved the contact sheet %1").arg(target)
                                : tr("Saved %1 feature maps in %2").arg(*written).arg(target));
        });
}

}  // namespace cs::core
