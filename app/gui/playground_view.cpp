#include "app/gui/playground_view.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "app/core/lesson_controller.hpp"
#include "app/core/pipeline_files.hpp"
#include "app/gui/feature_map_grid.hpp"
#include "app/gui/feature_map_image.hpp"
#include "app/gui/feature_map_viewer.hpp"
#include "app/gui/map_range_controls.hpp"
#include "app/gui/pipeline_graph_delegate.hpp"
#include "app/gui/playground_layer_editor.hpp"
#include "app/gui/undo_action.hpp"

namespace cs::gui {
namespace {

bool chinese() {
    return PlaygroundView::tr("en", "language code of the UI") == "zh";
}

}  // namespace

PlaygroundView::PlaygroundView(core::LessonController* lessons, QWidget* parent)
    : QWidget(parent), lessons_(lessons), model_(&controller_) {
    build();
    retranslate();
    controller_.set_active(false);  // until the tab is shown
    const auto shipped = core::shipped_pipelines();
    if (!shipped.empty()) {
        controller_.open_file(shipped.front().path);
        controller_.undo_stack()->clear();
    }
    connect(lessons_, &core::LessonController::lesson_changed, this,
            &PlaygroundView::follow_lessons);
    follow_lessons();
}

PlaygroundView::~PlaygroundView() = default;

void PlaygroundView::build() {
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(4, 4, 4, 4);

    // Two tool rows, so that they fit a 1280-pixel projector in either language: files, image
    // and undo above; what the maps show, export, progress and the status line below.
    auto* bar = new QHBoxLayout;
    auto* view_bar = new QHBoxLayout;
    shipped_ = new QComboBox(this);
    open_ = new QPushButton(this);
    save_ = new QPushButton(this);
    open_image_ = new QPushButton(this);
    follow_ = new QCheckBox(this);
    follow_->setChecked(true);
    undo_ = new QToolButton(this);
    undo_->setObjectName("playground_undo");
    undo_->setDefaultAction(
        new UndoAction(controller_.undo_stack(), UndoAction::Kind::undo, false, this));
    redo_ = new QToolButton(this);
    redo_->setDefaultAction(
        new UndoAction(controller_.undo_stack(), UndoAction::Kind::redo, false, this));
    show_ = new QComboBox(this);
    colormap_ = new QComboBox(this);
    range_ = new MapRangeControls(true, this);
    export_ = new QToolButton(this);
    export_->setObjectName("playground_export");
    export_->setPopupMode(QToolButton::InstantPopup);
    export_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* export_menu = new QMenu(export_);
    export_png_ = export_menu->addAction(QString());
    export_sheet_ = export_menu->addAction(QString());
    export_->setMenu(export_menu);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 100);
    progress_->setMaximumWidth(140);
    progress_->setVisible(false);
    status_ = new QLabel(this);
    status_->setObjectName("playground_status");
    // A long message (an error naming its layer) wraps instead of widening the tab.
    status_->setWordWrap(true);
    status_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    status_->setMinimumWidth(120);
    for (QWidget* w : std::initializer_list<QWidget*>{shipped_, open_, save_, open_image_, follow_,
                                                      undo_, redo_}) {
        bar->addWidget(w);
    }
    bar->addStretch(1);
    for (QWidget* w : std::initializer_list<QWidget*>{show_, colormap_, range_, export_}) {
        view_bar->addWidget(w);
    }
    view_bar->addWidget(progress_);
    view_bar->addWidget(status_, 1);
    column->addLayout(bar);
    column->addLayout(view_bar);

    // Left: input settings, layer list, editor.
    auto* left = new QWidget(this);
    auto* left_column = new QVBoxLayout(left);
    left_column->setContentsMargins(0, 0, 0, 0);
    input_label_ = new QLabel(left);
    input_label_->setWordWrap(true);
    left_column->addWidget(input_label_);
    auto* input_row = new QHBoxLayout;
    channels_ = new QComboBox(left);
    resize_ = new QCheckBox(left);
    resize_h_ = new QSpinBox(left);
    resize_w_ = new QSpinBox(left);
    for (QSpinBox* s : {resize_h_, resize_w_}) {
        s->setRange(1, 4096);
        s->setValue(28);
        s->setKeyboardTracking(false);
    }
    // The channel choice on its own row: beside the size fields its text was cut at 1280 px.
    auto* channels_row = new QHBoxLayout;
    channels_row->addWidget(channels_);
    channels_row->addStretch(1);
    left_column->addLayout(channels_row);
    input_row->addWidget(resize_);
    input_row->addWidget(resize_h_);
    input_row->addWidget(new QLabel("×", left));
    input_row->addWidget(resize_w_);
    input_row->addStretch(1);
    left_column->addLayout(input_row);
    layers_label_ = new QLabel(left);
    left_column->addWidget(layers_label_);
    list_ = new QListView(left);
    list_->setModel(&model_);
    list_->setItemDelegate(new PipelineGraphDelegate(&controller_, list_));
    list_->setObjectName("layers");
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    left_column->addWidget(list_, 2);
    auto* buttons = new QHBoxLayout;
    add_ = new QToolButton(left);
    add_->setPopupMode(QToolButton::InstantPopup);
    auto* add_menu = new QMenu(add_);
    for (const std::string& op : pipeline::layer_ops()) {
        QAction* a = add_menu->addAction(QString::fromStdString(op));
        connect(a, &QAction::triggered, this, [this, op] {
            const QModelIndex current = list_->currentIndex();
            const size_t at = current.isValid() ? static_cast<size_t>(current.row()) + 1
                                                : controller_.spec().layers.size();
            controller_.add_layer(at, op);
            select_layer(static_cast<int>(at));
        });
    }
    add_->setMenu(add_menu);
    remove_ = new QPushButton(left);
    up_ = new QPushButton(left);
    down_ = new QPushButton(left);
    for (QWidget* w : std::initializer_list<QWidget*>{add_, remove_, up_, down_}) {
        buttons->addWidget(w);
    }
    left_column->addLayout(buttons);
    editor_ = new PlaygroundLayerEditor(&controller_, left);
    auto* editor_scroll = new QScrollArea(left);
    editor_scroll->setWidget(editor_);
    editor_scroll->setWidgetResizable(true);
    left_column->addWidget(editor_scroll, 3);

    // Right: thumbnails over the enlarged map.
    grid_ = new FeatureMapGrid(&controller_, this);
    auto* grid_scroll = new QScrollArea(this);
    grid_scroll->setWidget(grid_);
    grid_scroll->setWidgetResizable(true);
    auto* viewer_box = new QWidget(this);
    auto* viewer_column = new QVBoxLayout(viewer_box);
    viewer_column->setContentsMargins(0, 0, 0, 0);
    viewer_ = new FeatureMapViewer(&controller_, viewer_box);
    shape_label_ = new QLabel(viewer_box);
    shape_label_->setWordWrap(true);
    shape_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    field_label_ = new QLabel(viewer_box);
    field_label_->setWordWrap(true);
    hover_ = new QLabel(viewer_box);
    viewer_column->addWidget(viewer_, 1);
    viewer_column->addWidget(shape_label_);
    viewer_column->addWidget(field_label_);
    viewer_column->addWidget(hover_);
    auto* right = new QSplitter(Qt::Vertical, this);
    right->addWidget(grid_scroll);
    right->addWidget(viewer_box);
    right->setStretchFactor(0, 2);
    right->setStretchFactor(1, 3);
    right->setSizes({320, 480});
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({340, 1000});
    column->addWidget(split, 1);

    // Wiring.
    connect(shipped_, &QComboBox::activated, this, [this](int i) {
        if (i > 0) {
            controller_.open_file(shipped_->itemData(i).toString());
            shipped_->setCurrentIndex(0);
        }
    });
    connect(open_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open Pipeline"), QString(),
                                                          tr("ConvScope pipelines (*.json)"));
        if (!path.isEmpty()) {
            open_pipeline(path);
        }
    });
    connect(save_, &QPushButton::clicked, this, [this] {
        const QString pipeline_filter = tr("ConvScope pipelines (*.json)");
        const QString lesson_filter = tr("Lessons for File ▸ Open Lesson (*.json)");
        const QString onnx_filter = tr("ONNX models for other tools (*.onnx)");
        QString filter = pipeline_filter;
        QString path = QFileDialog::getSaveFileName(
            this, tr("Save Pipeline"), QString(),
            pipeline_filter + ";;" + lesson_filter + ";;" + onnx_filter, &filter);
        if (path.isEmpty()) {
            return;
        }
        if (filter == onnx_filter || path.endsWith(".onnx")) {
            export_onnx(path.endsWith(".onnx") ? path : path + ".onnx");
        } else {
            save_pipeline(path.endsWith(".json") ? path : path + ".json", filter == lesson_filter);
        }
    });
    connect(open_image_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open Image"), QString(),
            tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp);;All files (*)"));
        if (!path.isEmpty()) {
            follow_->setChecked(false);
            controller_.open_image(path);
        }
    });
    connect(follow_, &QCheckBox::toggled, this, [this](bool on) {
        if (on) {
            followed_path_.clear();
            follow_lessons();
        }
    });
    connect(show_, &QComboBox::currentIndexChanged, this,
            [this](int i) { grid_->set_all_layers(i == 1); });
    connect(colormap_, &QComboBox::currentIndexChanged, this, &PlaygroundView::apply_style);
    connect(range_, &MapRangeControls::changed, this, &PlaygroundView::apply_style);
    connect(export_png_, &QAction::triggered, this, [this] { export_maps(false); });
    connect(export_sheet_, &QAction::triggered, this, [this] { export_maps(true); });
    connect(channels_, &QComboBox::activated, this, [this] {
        pipeline::InputSpec input = controller_.spec().input;
        input.channels = channels_->currentData().toInt();
        controller_.set_input(input);
    });
    const auto resize_changed = [this] {
        pipeline::InputSpec input = controller_.spec().input;
        input.size = resize_->isChecked()
                         ? std::optional<Pair>(Pair{resize_h_->value(), resize_w_->value()})
                         : std::nullopt;
        controller_.set_input(input);
    };
    connect(resize_, &QCheckBox::toggled, this, resize_changed);
    connect(resize_h_, &QSpinBox::valueChanged, this, resize_changed);
    connect(resize_w_, &QSpinBox::valueChanged, this, resize_changed);
    connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                const int row = current.isValid() ? current.row() : -1;
                editor_->set_layer(row);
                if (row >= 0) {
                    controller_.set_focus(static_cast<size_t>(row),
                                          static_cast<size_t>(row) == controller_.focus_layer()
                                              ? controller_.focus_channel()
                                              : 0);
                    viewer_->show_map(static_cast<size_t>(row) + 1);
                }
                refresh_status();
            });
    connect(remove_, &QPushButton::clicked, this, [this] {
        const QModelIndex current = list_->currentIndex();
        if (current.isValid()) {
            controller_.remove_layer(static_cast<size_t>(current.row()));
            select_layer(std::min(current.row(), model_.rowCount() - 1));
        }
    });
    connect(up_, &QPushButton::clicked, this, [this] {
        const int row = list_->currentIndex().row();
        if (row > 0) {
            controller_.move_layer(static_cast<size_t>(row), static_cast<size_t>(row - 1));
            select_layer(row - 1);
        }
    });
    connect(down_, &QPushButton::clicked, this, [this] {
        const int row = list_->currentIndex().row();
        if (row >= 0 && row + 1 < model_.rowCount()) {
            controller_.move_layer(static_cast<size_t>(row), static_cast<size_t>(row + 1));
            select_layer(row + 1);
        }
    });
    connect(grid_, &FeatureMapGrid::map_clicked, this, [this](size_t map, int64_t channel) {
        if (map > 0) {
            controller_.set_focus(map - 1, channel);
            select_layer(static_cast<int>(map - 1));
        }
        viewer_->show_map(map);
    });
    connect(grid_, &FeatureMapGrid::hover_text, hover_, &QLabel::setText);
    connect(viewer_, &FeatureMapViewer::hover_text, hover_, &QLabel::setText);
    connect(&controller_, &core::PipelineController::spec_changed, this, [this] {
        hover_->clear();  // the value under the mouse was read from maps that have changed
        note_source_ = nullptr;
        refresh_input_controls();
        refresh_status();
        refresh_field_text();
        follow_focus();
    });
    // The selected row of the list, the highlighted thumbnail and the enlarged map are the
    // same layer: a new pipeline focuses its first layer, and the list follows.
    connect(&controller_, &core::PipelineController::focus_changed, this,
            &PlaygroundView::follow_focus);
    connect(&controller_, &core::PipelineController::result_changed, this,
            &PlaygroundView::refresh_status);
    connect(&controller_, &core::PipelineController::selection_changed, this,
            &PlaygroundView::refresh_field_text);
    // The progress bar appears only for work that lasts: a quick edit never flickers it.
    connect(&controller_, &core::PipelineController::busy_changed, this, [this](bool busy) {
        busy_clock_.start();
        if (!busy) {
            progress_->setVisible(false);
        }
    });
    connect(&controller_, &core::PipelineController::progress_changed, this, [this](int percent) {
        progress_->setValue(percent);
        progress_->setVisible(controller_.busy() && busy_clock_.elapsed() > 150);
    });
    connect(&controller_, &core::PipelineController::failed, this, &PlaygroundView::show_error);
    connect(&controller_, &core::PipelineController::exported, status_, &QLabel::setText);
    connect(&controller_, &core::PipelineController::image_changed, this,
            &PlaygroundView::refresh_input_controls);
}

void PlaygroundView::retranslate() {
    model_.retranslate();
    const QSignalBlocker b0(shipped_);
    shipped_->clear();
    shipped_->addItem(tr("Shipped pipelines…"));
    for (const core::ShippedPipeline& p : core::shipped_pipelines()) {
        shipped_->addItem(p.name(chinese()), p.path);
    }
    open_->setText(tr("Open…"));
    save_->setText(tr("Save…"));
    open_image_->setText(tr("Open Image…"));
    follow_->setText(tr("Use the main window's image"));
    static_cast<UndoAction*>(undo_->defaultAction())->retranslate();
    static_cast<UndoAction*>(redo_->defaultAction())->retranslate();
    {
        const QSignalBlocker block(show_);
        const int i = std::max(0, show_->currentIndex());
        show_->clear();
        show_->addItem(tr("Maps of the selected layer"));
        show_->addItem(tr("Maps of all layers"));
        show_->setCurrentIndex(i);
    }
    {
        const QSignalBlocker b1(colormap_);
        const int c = std::max(0, colormap_->currentIndex());
        colormap_->clear();
        colormap_->addItem(tr("Gray"), "gray");
        colormap_->addItem(tr("Diverging (blue–white–red)"), "diverging");
        colormap_->addItem(tr("Viridis"), "viridis");
        colormap_->setCurrentIndex(c);
    }
    export_->setText(tr("Export"));
    export_png_->setText(tr("Export Maps…"));
    export_sheet_->setText(tr("Export Contact Sheet…"));
    layers_label_->setText(tr("<b>Layers</b> (hover a layer for its formulas)"));
    add_->setText(tr("Add Layer"));
    remove_->setText(tr("Remove"));
    up_->setText(tr("Up"));
    down_->setText(tr("Down"));
    resize_->setText(tr("resize to"));
    {
        const QSignalBlocker block(channels_);
        channels_->clear();
        channels_->addItem(tr("channels as the image"), 0);
        channels_->addItem(tr("gray (1 channel)"), 1);
        channels_->addItem(tr("RGB (3 channels)"), 3);
    }
    refresh_input_controls();
    refresh_status();
    refresh_field_text();
    apply_style();
}

void PlaygroundView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange && shipped_ != nullptr) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void PlaygroundView::showEvent(QShowEvent* event) {
    controller_.set_active(true);
    follow_lessons();
    QWidget::showEvent(event);
}

void PlaygroundView::hideEvent(QHideEvent* event) {
    controller_.set_active(false);
    QWidget::hideEvent(event);
}

// The playground follows the photo open in the main window: imported in slices on the UI
// thread, so the main window's copy is never shared with a worker thread nor copied whole.
void PlaygroundView::follow_lessons() {
    // Only while the tab is shown: a hidden playground does not decode a second copy.
    if (!follow_->isChecked() || !isVisible()) {
        return;
    }
    const core::Lesson& lesson = lessons_->lesson();
    if (!lesson.image_path.isEmpty() && lesson.image_path != followed_path_ &&
        lesson.input.dim() == 4) {
        followed_path_ = lesson.image_path;
        controller_.set_image(lesson.input, lesson.image_path);  // shared: no copy of the floats
    }
}

bool PlaygroundView::open_pipeline(const QString& path) {
    if (!controller_.open_file(path)) {
        return false;
    }
    if (!controller_.spec().image.empty()) {
        follow_->setChecked(false);  // the file's own photo stays, whatever lesson is open
    }
    return true;
}

bool PlaygroundView::save_pipeline(const QString& path, bool as_lesson) {
    if (!controller_.save_file(path, as_lesson)) {
        return false;
    }
    note_source_ = QT_TR_NOOP("Saved %1");
    note_args_ = {path};
    refresh_status();
    return true;
}

bool PlaygroundView::export_onnx(const QString& path) {
    if (!controller_.export_onnx(path)) {
        return false;
    }
    const Shape& input = controller_.plan().input_shape;
    note_source_ = QT_TR_NOOP("Exported %1 for %2×%3 inputs");
    note_args_ = {path, QString::number(input.at(2)), QString::number(input.at(3))};
    refresh_status();
    return true;
}

void PlaygroundView::follow_focus() {
    if (model_.rowCount() == 0) {
        return;
    }
    const int row = static_cast<int>(
        std::min<size_t>(controller_.focus_layer(), static_cast<size_t>(model_.rowCount() - 1)));
    if (list_->currentIndex().row() != row) {
        select_layer(row);
    }
}

void PlaygroundView::select_layer(int row) {
    if (row < 0 || row >= model_.rowCount()) {
        return;
    }
    list_->setCurrentIndex(model_.index(row));
}

void PlaygroundView::refresh_input_controls() {
    const pipeline::InputSpec& input = controller_.spec().input;
    const QSignalBlocker b1(channels_);
    const QSignalBlocker b2(resize_);
    const QSignalBlocker b3(resize_h_);
    const QSignalBlocker b4(resize_w_);
    channels_->setCurrentIndex(std::max(0, channels_->findData(static_cast<int>(input.channels))));
    resize_->setChecked(input.size.has_value());
    if (input.size) {
        resize_h_->setValue(static_cast<int>(input.size->h));
        resize_w_->setValue(static_cast<int>(input.size->w));
    }
    resize_h_->setEnabled(input.size.has_value());
    resize_w_->setEnabled(input.size.has_value());
    const Shape image = controller_.image_shape();
    const QString name =
        controller_.spec().name.empty()
            ? tr("Untitled pipeline")
            : QString::fromStdString(chinese() && !controller_.spec().name_zh.empty()
                                         ? controller_.spec().name_zh
                                         : controller_.spec().name);
    input_label_->setText(
        controller_.has_image()
            ? tr("<b>%1</b><br>Input: %2 → %3 · %4 parameters")
                  .arg(name)
                  .arg(core::PipelineModel::shape_text(image))
                  .arg(core::PipelineModel::shape_text(controller_.plan().input_shape))
                  .arg(controller_.plan().parameters())
            : tr("<b>%1</b><br>No image yet: open one, or open one in the main window.").arg(name));
    const std::string& description = chinese() && !controller_.spec().description_zh.empty()
                                         ? controller_.spec().description_zh
                                         : controller_.spec().description;
    input_label_->setToolTip(QString::fromStdString(description));
}

void PlaygroundView::refresh_status() {
    const auto& result = controller_.result();
    const pipeline::Plan& plan = controller_.plan();
    if (!plan.ok()) {
        const QString error = core::PipelineModel::error_text(plan, controller_.spec());
        status_->setText(tr("✗ %1").arg(error));
        status_->setToolTip(error);
    } else if (note_source_ != nullptr) {
        QString note = tr(note_source_);
        for (const QString& arg : note_args_) {
            note = note.arg(arg);
        }
        status_->setText(note);
        status_->setToolTip(QString());
    } else if (result) {
        status_->setText(result->preview
                             ? tr("Preview at %1 · computing full resolution…")
                                   .arg(core::PipelineModel::shape_text(result->input_shape))
                             : tr("%1 · %2 ms")
                                   .arg(core::PipelineModel::shape_text(result->input_shape))
                                   .arg(result->milliseconds, 0, 'f', 0));
        status_->setToolTip(QString());
    } else {
        status_->clear();
    }
    const QModelIndex current = list_->currentIndex();
    if (current.isValid()) {
        shape_label_->setText(
            tr("Layer %1 → %2 · shape: %3 · parameters: %4")
                .arg(current.row() + 1)
                .arg(model_.data(current, core::PipelineModel::ShapeRole).toString())
                .arg(model_.data(current, core::PipelineModel::ShapeFormulaRole).toString())
                .arg(model_.data(current, core::PipelineModel::ParameterFormulaRole).toString()));
        const QString error = model_.data(current, core::PipelineModel::ErrorRole).toString();
        if (!error.isEmpty()) {
            shape_label_->setText(tr("✗ %1").arg(error));
        }
    }
}

void PlaygroundView::refresh_field_text() {
    const auto& selection = controller_.selection();
    const auto field = controller_.selection_field();
    if (!selection || !field || selection->layer >= controller_.fields().size()) {
        field_label_->setText(
            tr("Click a pixel of any feature map to outline its receptive field."));
        return;
    }
    const pipeline::LayerField& f = controller_.fields()[selection->layer];
    const pipeline::Window& on_input = field->windows.front();
    const pipeline::Window& clipped = field->clipped.front();
    field_label_->setText(
        f.whole
            ? tr("<b>Receptive field</b> of layer %1, unit %2: the whole input (%3 × %4 pixels).")
                  .arg(selection->layer + 1)
                  .arg(selection->x)
                  .arg(clipped.height())
                  .arg(clipped.width())
            : tr("<b>Receptive field</b> of layer %1, pixel (%2, %3): %4 × %5 input pixels "
                 "(%6), rows %7 to %8, columns %9 to %10; %11 × %12 of them inside the "
                 "image.")
                  .arg(selection->layer + 1)
                  .arg(selection->y)
                  .arg(selection->x)
                  .arg(on_input.height())
                  .arg(on_input.width())
                  .arg(QString::fromStdString(f.formula))
                  .arg(on_input.y0)
                  .arg(on_input.y1)
                  .arg(on_input.x0)
                  .arg(on_input.x1)
                  .arg(clipped.height())
                  .arg(clipped.width()));
    // Through a join the pixel sees the input along several paths, each with its own field.
    const auto& paths = controller_.path_fields();
    if (selection->layer < paths.size() && paths[selection->layer].paths.size() > 1) {
        QStringList each;
        for (const PathField& path : paths[selection->layer].paths) {
            each << QString("%1: %2")
                        .arg(QString::fromStdString(route_text(path.route)))
                        .arg(
                            path.field.whole
                                ? tr("the whole input")
                                : QString("%1 × %2").arg(path.field.h.size).arg(path.field.w.size));
        }
        field_label_->setText(field_label_->text() + "<br>" +
                              tr("Along each path: %1.").arg(each.join("; ").toHtmlEscaped()));
    }
}

void PlaygroundView::apply_style() {
    const pipeline::MapStyle style =
        map_style(colormap_from_name(colormap_->currentData().toString().toStdString()),
                  range_->choice().scope == core::RangeScope::per_layer);
    grid_->set_style(style, range_->choice().clip);
    viewer_->set_style(style, range_->choice().clip);
}

void PlaygroundView::show_error(const QString& title, const QString& message) {
    status_->setText(title + ": " + message);
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName("playground_error");
    box->open();  // window-modal, never blocks the event loop
}

void PlaygroundView::export_maps(bool sheet) {
    const QModelIndex current = list_->currentIndex();
    if (!current.isValid()) {
        show_error(tr("Export"), tr("Select a layer first."));
        return;
    }
    const pipeline::MapStyle style =
        map_style(colormap_from_name(colormap_->currentData().toString().toStdString()),
                  range_->choice().scope == core::RangeScope::per_layer);
    const auto layer = static_cast<size_t>(current.row());
    if (sheet) {
        QString path = QFileDialog::getSaveFileName(this, tr("Export Contact Sheet"), QString(),
                                                    tr("PNG images (*.png)"));
        if (!path.isEmpty()) {
            controller_.export_contact_sheet(layer, path.endsWith(".png") ? path : path + ".png",
                                             style, range_->choice().clip);
        }
        return;
    }
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export Maps to Folder"));
    if (!folder.isEmpty()) {
        controller_.export_channels(layer, folder, style, range_->choice().clip);
    }
}

}  // namespace cs::gui
