#include "app/gui/model_page.hpp"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "app/core/background.hpp"
#include "app/core/lesson.hpp"
#include "app/core/lesson_controller.hpp"
#include "app/core/model_lesson.hpp"
#include "app/core/pipeline_lanes.hpp"
#include "app/gui/graph_view.hpp"
#include "app/gui/inspect_maps_view.hpp"
#include "app/gui/inspect_probabilities.hpp"
#include "app/gui/map_range_controls.hpp"
#include "app/gui/page_map_view.hpp"
#include "app/gui/pipeline_graph_delegate.hpp"
#include "app/gui/preprocess_dialog.hpp"

namespace cs::gui {
namespace {

// The photo the tab starts with when the window has none.
const QString default_photo = ":/sample_images/chelsea.png";

}  // namespace

ModelPage::ModelPage(core::LessonController* lessons, QWidget* parent)
    : QWidget(parent), lessons_(lessons), controller_(this), nodes_(&controller_, this) {
    build();
    retranslate();
    connect(&controller_, &core::ModelController::opened, this, [this] {
        const QString path = controller_.path();
        settings_.add_recent_model(path);
        settings_.set_model_preprocess(
            path, QString::fromStdString(preprocess_to_json(controller_.preprocess()).dump()));
        graph_->set_graph(controller_.model().graph);  // not on every refresh: keeps what is open
        expand_all_->setEnabled(!graph_->blocks().empty());
        collapse_all_->setEnabled(!graph_->blocks().empty());
        refresh_model();
        emit model_opened(path);
    });
    connect(&controller_, &core::ModelController::failed, this, &ModelPage::show_error);
    connect(&controller_, &core::ModelController::busy_changed, this, [this](bool busy) {
        busy_->setVisible(busy);
        cancel_->setVisible(busy);
        if (!busy && controller_.has_model() && controller_.run_error().isEmpty()) {
            set_message(controller_.model().problems.empty()
                            ? QString()
                            : tr("%1 nodes of the file could not be imported (listed on "
                                 "the left); the rest of the graph opened.")
                                  .arg(controller_.model().problems.size()));
        }
    });
    connect(&controller_, &core::ModelController::result_changed, this, [this] {
        refresh_maps();
        refresh_top();
    });
    connect(lessons_, &core::LessonController::lesson_changed, this, [this] {
        if (isVisible()) {
            follow_lessons();
        }
    });
}

void ModelPage::build() {
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(4, 4, 4, 4);

    auto* bar = new QHBoxLayout;
    open_ = new QPushButton(this);
    open_->setObjectName("open_model");
    preprocess_ = new QPushButton(this);
    preprocess_->setObjectName("preprocessing");
    photo_ = new QPushButton(this);
    follow_ = new QCheckBox(this);
    follow_->setChecked(true);
    colormap_ = new QComboBox(this);
    for (const char* name : {"viridis", "gray", "diverging"}) {
        colormap_->addItem(QString(), QString(name));
    }
    busy_ = new QProgressBar(this);
    busy_->setRange(0, 0);  // busy: the engine does not report how far a model is read
    busy_->setMaximumWidth(120);
    busy_->setVisible(false);
    cancel_ = new QPushButton(this);
    cancel_->setVisible(false);
    for (QWidget* w :
         std::initializer_list<QWidget*>{open_, preprocess_, photo_, follow_, colormap_}) {
        bar->addWidget(w);
    }
    bar->addStretch(1);
    bar->addWidget(busy_);
    bar->addWidget(cancel_);
    column->addLayout(bar);

    summary_ = new QLabel(this);
    summary_->setObjectName("model_summary");
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    column->addWidget(summary_);
    message_ = new QLabel(this);
    message_->setObjectName("model_message");
    message_->setWordWrap(true);
    message_->setStyleSheet("color: #b22222");
    column->addWidget(message_);
    message_->setVisible(false);

    // Left: the nodes with the graph's lanes, and the nodes not imported.
    auto* left = new QWidget(this);
    auto* left_column = new QVBoxLayout(left);
    left_column->setContentsMargins(0, 0, 0, 0);
    nodes_label_ = new QLabel(left);
    left_column->addWidget(nodes_label_);
    views_ = new QTabWidget(left);
    views_->setObjectName("model_node_views");
    views_->setDocumentMode(true);
    auto* graph_page = new QWidget(views_);
    auto* graph_column = new QVBoxLayout(graph_page);
    graph_column->setContentsMargins(0, 2, 0, 0);
    auto* graph_tools = new QHBoxLayout;
    fit_ = new QToolButton(graph_page);
    actual_size_ = new QToolButton(graph_page);
    expand_all_ = new QToolButton(graph_page);
    collapse_all_ = new QToolButton(graph_page);
    for (QToolButton* b : {fit_, actual_size_, expand_all_, collapse_all_}) {
        graph_tools->addWidget(b);
    }
    graph_tools->addStretch(1);
    graph_column->addLayout(graph_tools);
    graph_ = new GraphView(graph_page);
    graph_->setObjectName("model_graph");
    graph_column->addWidget(graph_, 1);
    views_->addTab(graph_page, QString());
    list_ = new QListView(views_);
    list_->setObjectName("model_nodes");
    list_->setModel(&nodes_);
    delegate_ = new PipelineGraphDelegate(list_);
    list_->setItemDelegate(delegate_);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    views_->addTab(list_, QString());
    left_column->addWidget(views_, 4);
    problems_label_ = new QLabel(left);
    problems_label_->setWordWrap(true);
    left_column->addWidget(problems_label_);
    problems_ = new QListWidget(left);
    problems_->setObjectName("model_problems");
    problems_->setWordWrap(true);
    problems_->setAlternatingRowColors(true);  // one sentence per node: tell them apart
    left_column->addWidget(problems_, 1);
    problems_label_->setVisible(false);
    problems_->setVisible(false);

    // Middle: the selected node's maps with their colour scale.
    auto* middle = new QWidget(this);
    auto* middle_column = new QVBoxLayout(middle);
    middle_column->setContentsMargins(0, 0, 0, 0);
    node_title_ = new QLabel(middle);
    node_title_->setWordWrap(true);
    middle_column->addWidget(node_title_);
    lesson_row_ = new QWidget(middle);
    auto* lesson_row = new QHBoxLayout(lesson_row_);
    lesson_row->setContentsMargins(0, 0, 0, 0);
    out_label_ = new QLabel(lesson_row_);
    out_channel_ = new QSpinBox(lesson_row_);
    in_label_ = new QLabel(lesson_row_);
    in_channel_ = new QSpinBox(lesson_row_);
    lesson_ = new QPushButton(lesson_row_);
    lesson_->setObjectName("conv_lesson");
    for (QWidget* w : std::initializer_list<QWidget*>{out_label_, out_channel_, in_label_,
                                                      in_channel_, lesson_}) {
        lesson_row->addWidget(w);
    }
    lesson_row->addStretch(1);
    lesson_row_->setVisible(false);
    middle_column->addWidget(lesson_row_);
    // The maps' colours as everywhere else (their bars are in the maps view and the enlarged map).
    range_ = new MapRangeControls(true, middle);
    auto* range_row = new QHBoxLayout;
    range_row->addWidget(range_);
    range_row->addStretch(1);
    middle_column->addLayout(range_row);
    maps_ = new InspectMapsView(middle);
    auto* maps_scroll = new QScrollArea(middle);
    maps_scroll->setWidget(maps_);
    maps_scroll->setWidgetResizable(true);
    enlarged_ = new PageMapView(middle);
    enlarged_->setObjectName("enlarged_map");
    auto* maps_split = new QSplitter(Qt::Vertical, middle);
    maps_split->addWidget(maps_scroll);
    maps_split->addWidget(enlarged_);
    maps_split->setStretchFactor(0, 2);
    maps_split->setStretchFactor(1, 1);
    maps_split->setSizes({400, 200});  // the tiles first: the enlarged map is a closer look
    maps_split->setChildrenCollapsible(false);
    middle_column->addWidget(maps_split, 1);

    // Right: the top classes.
    auto* right = new QWidget(this);
    auto* right_column = new QVBoxLayout(right);
    right_column->setContentsMargins(0, 0, 0, 0);
    top_label_ = new QLabel(right);
    top_label_->setWordWrap(true);
    top_label_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    right_column->addWidget(top_label_);
    top_ = new InspectProbabilities(right);
    right_column->addWidget(top_, 1);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(middle);
    split->addWidget(right);
    // The graph (a box per node with its shape, parameters and multiply-adds, an Inception
    // block's paths side by side) needs the room; the chart keeps to its minimum.
    left->setMinimumWidth(400);
    right->setMaximumWidth(340);
    split->setStretchFactor(0, 5);
    split->setStretchFactor(1, 4);
    split->setStretchFactor(2, 1);
    split->setChildrenCollapsible(false);
    split->setSizes({470, 570, 240});  // at 1280 px: a residual block and its downsampling path
    column->addWidget(split, 1);

    connect(open_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open Model"), QString(), tr("ONNX models (*.onnx);;All files (*)"));
        if (!path.isEmpty()) {
            open_model(path);
        }
    });
    connect(preprocess_, &QPushButton::clicked, this, &ModelPage::edit_preprocessing);
    connect(photo_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open Image"), QString(),
            tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pgm *.ppm *.pbm *.gif);;"
               "All files (*)"));
        if (!path.isEmpty()) {
            follow_->setChecked(false);
            open_photo(path);
        }
    });
    connect(follow_, &QCheckBox::toggled, this, [this](bool on) {
        if (on) {
            followed_path_.clear();
            follow_lessons();
        }
    });
    connect(colormap_, &QComboBox::currentIndexChanged, this, &ModelPage::refresh_maps);
    connect(range_, &MapRangeControls::changed, this, [this](const core::MapRangeChoice& choice) {
        maps_->set_range(choice);
        refresh_enlarged();
    });
    connect(out_channel_, &QSpinBox::valueChanged, this, [this](int channel) {
        enlarged_row_ = 1;
        enlarged_tile_ = channel;
        refresh_enlarged();
    });
    connect(maps_, &InspectMapsView::tile_clicked, this, [this](int row, int tile) {
        enlarged_row_ = row;
        enlarged_tile_ = tile;
        if (row == 1 && lesson_row_->isVisible()) {
            out_channel_->setValue(tile);  // the kernel that made this map
        }
        refresh_enlarged();
    });
    connect(lesson_, &QPushButton::clicked, this, [this] {
        const auto& run = controller_.result();
        if (run == nullptr || selected_ < 0) {
            return;
        }
        try {
            emit lesson_requested(core::conv_lesson(controller_.model(), *run,
                                                    static_cast<size_t>(selected_),
                                                    out_channel_->value(), in_channel_->value()));
        } catch (const std::exception& e) {
            show_error(tr("Cannot make the lesson"), QString::fromUtf8(e.what()));
        }
    });
    connect(cancel_, &QPushButton::clicked, this, [this] {
        controller_.cancel();
        set_message(tr("Cancelled."));
    });
    connect(graph_, &GraphView::node_clicked, this, &ModelPage::select_node);
    connect(fit_, &QToolButton::clicked, graph_, &GraphView::fit);
    connect(actual_size_, &QToolButton::clicked, graph_, [this] { graph_->set_zoom(1.0); });
    connect(expand_all_, &QToolButton::clicked, graph_,
            [this] { graph_->set_all_collapsed(false); });
    connect(collapse_all_, &QToolButton::clicked, graph_,
            [this] { graph_->set_all_collapsed(true); });
    connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                selected_ = current.isValid() ? current.row() : -1;
                graph_->set_selected(selected_);
                enlarged_row_ = 1;
                enlarged_tile_ = 0;
                refresh_maps();
                refresh_lesson_row();
            });
}

void ModelPage::retranslate() {
    open_->setText(tr("Open Model…"));
    preprocess_->setText(tr("Preprocessing…"));
    photo_->setText(tr("Photo…"));
    follow_->setText(tr("Use the lesson's photo"));
    follow_->setToolTip(tr("Run the model on the photo open on the Lessons tab"));
    const QStringList colormaps = {tr("Viridis"), tr("Gray"), tr("Diverging (blue–white–red)")};
    for (int i = 0; i < colormaps.size(); ++i) {
        colormap_->setItemText(i, colormaps[i]);
    }
    cancel_->setText(tr("Cancel"));
    out_label_->setText(tr("Output channel"));
    in_label_->setText(tr("input channel"));
    lesson_->setText(tr("Step Through This Kernel"));
    lesson_->setToolTip(
        tr("Opens the convolution lesson with this layer's real kernel, bias, "
           "stride and padding, on its real input"));
    nodes_label_->setText(tr("Nodes (click one to see its feature maps)"));
    views_->setTabText(0, tr("Graph"));
    views_->setTabText(1, tr("List"));
    fit_->setText(tr("Fit"));
    fit_->setToolTip(tr("The whole graph in view (Ctrl+wheel zooms)"));
    actual_size_->setText(tr("100%"));
    expand_all_->setText(tr("Expand All"));
    expand_all_->setToolTip(tr("Open every block (a frame's − button closes one)"));
    collapse_all_->setText(tr("Collapse All"));
    collapse_all_->setToolTip(tr("Each block as one box with its totals (its + button opens it)"));
    top_->retranslate();
    // The rows' text (and with Chinese glyphs, their height) changed: lay them out again.
    list_->doItemsLayout();
    refresh_model();
    refresh_maps();
    refresh_top();
}

void ModelPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange && open_ != nullptr) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void ModelPage::showEvent(QShowEvent* event) {
    follow_lessons();
    QWidget::showEvent(event);
}

void ModelPage::follow_lessons() {
    if (!follow_->isChecked()) {
        return;
    }
    const core::Lesson& lesson = lessons_->lesson();
    if (!lesson.image_path.isEmpty() && lesson.input.dim() == 4) {
        if (lesson.image_path != followed_path_) {
            followed_path_ = lesson.image_path;
            controller_.set_image(lesson.input, lesson.image_path);  // shared, not copied
        }
    } else if (!controller_.has_image() && followed_path_.isEmpty()) {
        followed_path_ = default_photo;
        open_photo(default_photo);
    }
}

void ModelPage::open_model(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    std::optional<Preprocess> saved;
    const QString json = settings_.model_preprocess(absolute);
    if (!json.isEmpty()) {
        try {
            saved = preprocess_from_json(nlohmann::json::parse(json.toStdString()));
        } catch (const std::exception&) {
            saved.reset();  // a damaged entry: the defaults for the model instead
        }
    }
    set_message(tr("Opening %1…").arg(QFileInfo(path).fileName()));
    follow_lessons();
    controller_.open(absolute, saved);
}

void ModelPage::open_photo(const QString& path) {
    core::run_in_background(
        this,
        [path] {
            LoadOptions options;
            options.grayscale = false;
            return core::read_image(path, options);
        },
        [this, path](std::optional<Tensor> image, const QString& error) {
            if (!image) {
                show_error(tr("Cannot open the image"), error);
                return;
            }
            controller_.set_image(std::move(*image), path);
        });
}

void ModelPage::edit_preprocessing() {
    if (!controller_.has_model()) {
        show_error(tr("Preprocessing"), tr("Open a model first (File › Open Model…)."));
        return;
    }
    auto* dialog = new PreprocessDialog(controller_.preprocess(),
                                        controller_.model().graph.input_shape(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const Preprocess chosen = dialog->preprocess();
        settings_.set_model_preprocess(controller_.path(),
                                       QString::fromStdString(preprocess_to_json(chosen).dump()));
        controller_.set_preprocess(chosen);
    });
    dialog->open();
}

void ModelPage::select_node(int row) {
    if (row < 0 || row >= nodes_.rowCount()) {
        return;
    }
    list_->setCurrentIndex(nodes_.index(row));
}

void ModelPage::refresh_model() {
    if (!controller_.has_model()) {
        summary_->setText(
            tr("Open a model exported to ONNX (File › Open Model…, or drop a "
               ".onnx file onto the window) to see its graph, every node's "
               "feature maps on a photo, and its top classes."));
        return;
    }
    const OnnxModel& model = controller_.model();
    const Graph& graph = model.graph;
    summary_->setText(tr("%1 · made by %2 · opset %3 · input %4 · %5 nodes · %6 parameters · %7 "
                         "multiply-adds per image")
                          .arg(QFileInfo(controller_.path()).fileName(),
                               model.producer.empty() ? tr("an unknown tool")
                                                      : QString::fromStdString(model.producer))
                          .arg(model.opset)
                          .arg(core::ModelNodes::shape_text(graph.input_shape()))
                          .arg(graph.nodes().size())
                          .arg(core::ModelNodes::count_text(graph.parameter_count()),
                               core::ModelNodes::count_text(core::total_multiply_adds(graph))));
    delegate_->set_lanes(core::graph_lanes(graph));
    problems_->clear();
    for (const std::string& problem : model.problems) {
        problems_->addItem(QString::fromStdString(problem));
    }
    problems_label_->setText(tr("Not imported (%1):").arg(model.problems.size()));
    problems_label_->setVisible(!model.problems.empty());
    problems_->setVisible(!model.problems.empty());
    list_->viewport()->update();
    select_node(selected_ >= 0 && selected_ < nodes_.rowCount() ? selected_ : 0);
    graph_->set_selected(selected_);  // the list's row may not have changed
    refresh_lesson_row();
}

void ModelPage::set_theme(const core::Theme& theme) {
    graph_->set_theme(theme);
}

void ModelPage::refresh_maps() {
    const auto& run = controller_.result();
    if (!controller_.run_error().isEmpty()) {
        set_message(
            tr("The photo cannot be prepared for this model (Preprocessing… changes how): %1")
                .arg(controller_.run_error()));
    }
    if (!controller_.has_model() || run == nullptr || selected_ < 0 ||
        static_cast<size_t>(selected_) >= run->outputs.size()) {
        maps_->set_rows({});
        refresh_enlarged();
        node_title_->setText(controller_.has_model() && controller_.busy() ? tr("Computing…")
                                                                           : QString());
        return;
    }
    const GraphNode& node = controller_.model().graph.nodes()[static_cast<size_t>(selected_)];
    const Tensor& values = run->outputs[static_cast<size_t>(selected_)];
    const Colormap colormap = colormap_from_name(colormap_->currentData().toString().toStdString());
    const Normalization normalization{colormap == Colormap::diverging
                                          ? Normalization::Kind::symmetric
                                          : Normalization::Kind::min_max};
    const Shape shape(values.shape().begin() + 1, values.shape().end());
    node_title_->setText(tr("%1 (%2) → %3")
                             .arg(QString::fromStdString(node.name),
                                  QString::fromStdString(node.op),
                                  core::ModelNodes::shape_text(shape)));
    const int64_t channels = values.dim() == 4 ? values.size(1) : 1;
    maps_->set_tile_size(channels <= 4 ? 128 : channels <= 16 ? 80 : 48);
    maps_->set_rows({
        {tr("Input after preprocessing: %1")
             .arg(core::ModelNodes::shape_text(
                 Shape(run->input.shape().begin() + 1, run->input.shape().end()))),
         run->input, colormap, normalization},
        {tr("%1: %2 maps").arg(QString::fromStdString(node.name)).arg(channels), values, colormap,
         normalization},
    });
    refresh_enlarged();
}

void ModelPage::refresh_enlarged() {
    const auto& rows = maps_->rows();
    if (enlarged_row_ < 0 || static_cast<size_t>(enlarged_row_) >= rows.size()) {
        enlarged_->set_caption(QString());
        enlarged_->set_message(rows.empty() ? QString() : tr("Click a map to enlarge it."));
        return;
    }
    const InspectMapsView::Row& row = rows[static_cast<size_t>(enlarged_row_)];
    const Tensor& values = row.values;
    if (values.dim() != 4 || enlarged_tile_ < 0 || enlarged_tile_ >= values.size(1)) {
        enlarged_->set_caption(QString());
        enlarged_->set_message(tr("Click a map to enlarge it."));
        return;
    }
    const int h = static_cast<int>(values.size(2)), w = static_cast<int>(values.size(3));
    // The same colours as the tile, and its range on the enlarged map's bar.
    const core::MapScale scale =
        maps_->scales(static_cast<size_t>(enlarged_row_))[static_cast<size_t>(enlarged_tile_)];
    enlarged_->set_caption(
        tr("%1 · channel %2 · %3 × %4")
            .arg(enlarged_row_ == 0 || selected_ < 0
                     ? tr("input")
                     : QString::fromStdString(
                           controller_.model().graph.nodes()[static_cast<size_t>(selected_)].name))
            .arg(enlarged_tile_)
            .arg(h)
            .arg(w));
    enlarged_->set_image(plane_image(values.data() + int64_t{enlarged_tile_} * h * w, h, w,
                                     row.colormap, scale.normalization()));
    enlarged_->set_scale(row.colormap, scale);
}

void ModelPage::refresh_lesson_row() {
    const bool conv =
        controller_.has_model() && selected_ >= 0 &&
        core::can_make_conv_lesson(controller_.model(), static_cast<size_t>(selected_));
    lesson_row_->setVisible(conv);
    if (conv) {
        const Tensor& weight =
            controller_.model().graph.nodes()[static_cast<size_t>(selected_)].tensors.at("weight");
        out_channel_->setRange(0, static_cast<int>(weight.size(0)) - 1);
        in_channel_->setRange(0, static_cast<int>(weight.size(1)) - 1);
    }
}

void ModelPage::refresh_top() {
    const auto& run = controller_.result();
    // A model that does not end in class scores has no chart to show.
    top_->setVisible(run == nullptr || !run->top.empty());
    if (run == nullptr || run->top.empty()) {
        top_->set_probabilities({}, {});
        top_label_->setText(run == nullptr ? tr("Top classes")
                                           : tr("The model's output is not a list of class "
                                                "scores."));
        return;
    }
    std::vector<float> probabilities;
    QStringList names;
    for (const core::ClassScore& score : run->top) {
        probabilities.push_back(score.probability);
        names
            << (controller_.labels().isEmpty()
                    ? tr("class %1").arg(score.index)
                    : QString("%1 (%2)").arg(controller_.class_name(score.index)).arg(score.index));
    }
    top_->set_probabilities(probabilities, names);
    top_label_->setText(controller_.labels().isEmpty()
                            ? tr("Top classes (no labels file beside the model: class numbers)")
                            : tr("Top classes"));
}

void ModelPage::set_message(const QString& text) {
    message_->setText(text);
    message_->setVisible(!text.isEmpty());
}

void ModelPage::show_error(const QString& title, const QString& message) {
    set_message(title + ": " + message);
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName("model_error");
    box->open();  // window-modal, never blocks the event loop
}

}  // namespace cs::gui
