#include "app/gui/mainwindow.hpp"

#include "engine/file_read.hpp"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "app/gui/activation_page.hpp"
#include "app/gui/channels_page.hpp"
#include "app/gui/image_mode_view.hpp"
#include "app/gui/kernel_editor.hpp"
#include "app/gui/laplacian_page.hpp"
#include "app/gui/lesson_canvas.hpp"
#include "app/gui/lesson_description.hpp"
#include "app/gui/lesson_list.hpp"
#include "app/gui/model_page.hpp"
#include "app/gui/parameter_panel.hpp"
#include "app/gui/playback_bar.hpp"
#include "app/gui/playground_view.hpp"
#include "app/gui/pool_backward_page.hpp"
#include "app/gui/training_tab.hpp"
#include "app/gui/transpose_compare_page.hpp"
#include "app/gui/undo_action.hpp"
#include "engine/data/fashion_mnist.hpp"
#include "engine/train/weights_file.hpp"

namespace cs::gui {
namespace {

bool chinese_flag = false;  // read by the kernel editor for preset names

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), playback_(&controller_), language_(this) {
    setAcceptDrops(true);
    setWindowIcon(QIcon(":/resources/icons/convscope.svg"));
    language_.apply(settings_.language());
    chinese_flag = language_.chinese();
    playback_.set_speed(settings_.playback_speed());
    presenter_scale_ = settings_.presenter_scale();
    build_widgets();
    add_autosave_documents();
    connect(&autosave_, &core::Autosave::failed, this, [this](const QString& why) {
        show_error(QT_TR_NOOP("Autosave is not working"),
                   {QT_TR_NOOP("Your work is not being saved automatically: %1"), {why}});
    });
    build_actions();
    build_menus();
    retranslate();
    apply_theme();
    const QScreen* screen =
        this->screen() != nullptr ? this->screen() : QGuiApplication::primaryScreen();
    resize(first_size(screen->availableGeometry().size()));
    restoreGeometry(settings_.window_geometry());
    if (!restoreState(settings_.window_state())) {
        // First start: docks sized once the window has its real size.
        QTimer::singleShot(0, this, [this] {
            resizeDocks({torch_dock_}, {140}, Qt::Vertical);
            resizeDocks({parameters_dock_, lessons_dock_}, {370, 230}, Qt::Horizontal);
        });
    }

    connect(&controller_, &core::LessonController::lesson_changed, this, [this] {
        refresh_torch_code();
        refresh_status();
    });
    connect(&controller_, &core::LessonController::step_changed, this, &MainWindow::refresh_status);
    refresh_torch_code();
    refresh_status();
}

MainWindow::~MainWindow() = default;

QSize MainWindow::first_size(const QSize& available) {
    const QSize frame(8, 40);  // borders and title bar, outside the size given to resize()
    return QSize(1400, 900).boundedTo(available - frame);
}

bool MainWindow::offer_recovery() {
    if (!autosave_.recovery_available()) {
        return false;
    }
    auto* box = new QMessageBox(QMessageBox::Question, tr("Restore your work?"),
                                tr("ConvScope was closed unexpectedly. Restore the lesson, the "
                                   "playground pipeline and the training run that were open?"),
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName("recovery_question");
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int result) {
        result == QMessageBox::Yes ? (void)restore_autosave() : autosave_.discard_recovery();
    });
    box->open();
    return true;
}

// The lesson, the playground's pipeline and photo, the training run and the workspace tab,
// each as far as the killed session had saved it.
void MainWindow::add_autosave_documents() {
    autosave_.add_document(core::Autosave::lesson_file, [this] {
        core::Lesson lesson = controller_.lesson();
        lesson.view.image_mode = stack_->currentWidget() == image_view_;
        return QByteArray::fromStdString(
            core::lesson_to_json(lesson, autosave_.session_folder()).dump(1));
    });
    core::PipelineController* pipeline = playground_->controller();
    autosave_.add_document(core::Autosave::pipeline_file,
                           [pipeline] { return pipeline->file_bytes(); });
    core::TrainingController* training = training_tab_->controller();
    autosave_.add_document(core::Autosave::training_file, [training] {
        const auto state = training->saved_state();
        if (state == nullptr) {
            return QByteArray();
        }
        const std::vector<uint8_t> bytes = serialize_weights(*state);
        return QByteArray(reinterpret_cast<const char*>(bytes.data()),
                          static_cast<qsizetype>(bytes.size()));
    });
    autosave_.add_document(core::Autosave::window_file, [this] {
        return QByteArray::fromStdString(
            nlohmann::json{{"tab", workspaces_->currentIndex()}}.dump() + "\n");
    });
}

bool MainWindow::restore_autosave() {
    if (!autosave_.recovery_available()) {
        return false;
    }
    bool restored = true;
    const QString lesson = autosave_.recovered_path(core::Autosave::lesson_file);
    if (!lesson.isEmpty()) {
        restored = open_lesson(lesson);
        lesson_path_.clear();  // saving asks for a real place, not the autosave folder
    }
    const QString pipeline = autosave_.recovered_path(core::Autosave::pipeline_file);
    if (!pipeline.isEmpty()) {
        restored = playground_->controller()->open_file(pipeline) && restored;
    }
    const QString training = autosave_.recovered_path(core::Autosave::training_file);
    if (!training.isEmpty()) {
        try {
            training_tab_->controller()->load_weights_file(training);
        } catch (const std::exception& e) {
            restored = false;
            QMessageBox::warning(this, tr("Cannot restore the training run"),
                                 QString::fromUtf8(e.what()));
        }
    }
    const QString window = autosave_.recovered_path(core::Autosave::window_file);
    if (!window.isEmpty()) {
        // A damaged file (not JSON, too deep, a field of another type) restores no tab.
        try {
            const nlohmann::json doc = parse_json_limited(
                read_regular_text(window.toStdString(), 4096, "the window state"),
                "the window state");
            const bool has_tab =
                doc.is_object() && doc.contains("tab") && doc.at("tab").is_number_integer();
            const int64_t tab = has_tab ? doc.at("tab").get<int64_t>() : -1;
            if (tab >= 0 && tab < workspaces_->count()) {
                workspaces_->setCurrentIndex(static_cast<int>(tab));
            }
        } catch (const std::exception&) {
        }
    }
    retranslate();
    autosave_.discard_recovery();
    return restored;
}

void MainWindow::build_widgets() {
    canvas_ = new LessonCanvas(&controller_, &playback_, this);
    canvas_->set_chinese(language_.chinese());
    canvas_scroll_ = new QScrollArea(this);
    canvas_scroll_->setWidget(canvas_);
    canvas_scroll_->setWidgetResizable(true);
    canvas_scroll_->setFrameShape(QFrame::NoFrame);
    image_view_ = new ImageModeView(&controller_, this);
    stack_ = new QStackedWidget(this);
    stack_->addWidget(canvas_scroll_);
    stack_->addWidget(image_view_);
    pool_backward_page_ = new PoolBackwardPage(&controller_, this);
    stack_->addWidget(pool_backward_page_);
    lesson_pages_["pool_backward"] = pool_backward_page_;
    transpose_compare_page_ = new TransposeComparePage(&controller_, this);
    stack_->addWidget(transpose_compare_page_);
    lesson_pages_["transpose_compare"] = transpose_compare_page_;
    playback_bar_ = new PlaybackBar(&controller_, &playback_, this);
    description_ = new LessonDescription(&controller_, &language_, this);
    auto* central = new QWidget(this);
    auto* column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(description_);
    column->addWidget(stack_, 1);
    column->addWidget(playback_bar_);
    workspaces_ = new QTabWidget(this);
    workspaces_->setDocumentMode(true);
    workspaces_->addTab(central, QString());
    playground_ = new PlaygroundView(&controller_, this);
    // In a scroll area: its wide toolbar must not make the window wider than a 1280-pixel
    // projector.
    playground_scroll_ = new QScrollArea(this);
    playground_scroll_->setWidget(playground_);
    playground_scroll_->setWidgetResizable(true);
    playground_scroll_->setFrameShape(QFrame::NoFrame);
    workspaces_->addTab(playground_scroll_, QString());
    training_tab_ =
        new TrainingTab(&language_, QString::fromStdString(default_fashion_mnist_dir), this);
    // Also scrolled: its row of controls would otherwise set the whole window's minimum width
    // (the tab widget is as wide as its widest tab), pushing it past a 1600-pixel screen.
    training_scroll_ = new QScrollArea(this);
    training_scroll_->setWidget(training_tab_);
    training_scroll_->setWidgetResizable(true);
    training_scroll_->setFrameShape(QFrame::NoFrame);
    workspaces_->addTab(training_scroll_, QString());
    model_page_ = new ModelPage(&controller_, this);
    model_scroll_ = new QScrollArea(this);
    model_scroll_->setWidget(model_page_);
    model_scroll_->setWidgetResizable(true);
    model_scroll_->setFrameShape(QFrame::NoFrame);
    workspaces_->addTab(model_scroll_, QString());
    connect(model_page_, &ModelPage::model_opened, this, [this] { refresh_recent_models_menu(); });
    connect(model_page_, &ModelPage::lesson_requested, this, [this](const core::Lesson& lesson) {
        controller_.set_lesson(lesson);
        lesson_path_.clear();
        workspaces_->setCurrentIndex(0);
        show_page("");
        show_values_->setChecked(true);
        retranslate();
    });
    setCentralWidget(workspaces_);
    add_lesson_page(LaplacianPage::page_name, new LaplacianPage(&controller_, &language_, this));
    add_lesson_page(ChannelsPage::page_name, new ChannelsPage(&controller_, &language_, this));
    add_lesson_page(ActivationPage::page_name, new ActivationPage(&controller_, &language_, this));
    // These pages' headers show the lesson's description; the canvas and the pooling
    // backward page draw each step.
    for (const char* page :
         {LaplacianPage::page_name, ChannelsPage::page_name, ActivationPage::page_name}) {
        lesson_pages_[page]->setProperty(shows_description_property, true);
    }
    canvas_scroll_->setProperty(follows_steps_property, true);
    pool_backward_page_->setProperty(follows_steps_property, true);
    stack_->setObjectName("lesson_stack");
    connect(stack_, &QStackedWidget::currentChanged, this, [this] {
        QWidget* page = stack_->currentWidget();
        description_->set_page_shows_it(page->property(shows_description_property).toBool());
        // The play bar and its keys only where stepping changes what is drawn.
        const bool steps = page->property(follows_steps_property).toBool();
        if (!steps) {
            playback_.pause();
        }
        playback_bar_->setVisible(steps);
        refresh_status();
        for (QAction* a : {play_, step_forward_, step_back_, to_start_, to_end_}) {
            if (a != nullptr) {
                a->setEnabled(steps);
            }
        }
    });

    lesson_list_ = new LessonList(this);
    lesson_list_->reload(language_.chinese());
    connect(lesson_list_, &LessonList::lesson_chosen, this, &MainWindow::open_lesson);
    lessons_dock_ = new QDockWidget(this);
    lessons_dock_->setObjectName("lessons");
    lessons_dock_->setWidget(lesson_list_);
    addDockWidget(Qt::LeftDockWidgetArea, lessons_dock_);

    parameters_ = new ParameterPanel(&controller_, this);
    auto* parameter_scroll = new QScrollArea(this);
    parameter_scroll->setWidget(parameters_);
    parameter_scroll->setWidgetResizable(true);
    parameters_dock_ = new QDockWidget(this);
    parameters_dock_->setObjectName("parameters");
    parameters_dock_->setWidget(parameter_scroll);
    addDockWidget(Qt::RightDockWidgetArea, parameters_dock_);

    kernel_editor_ = new KernelEditor(&controller_, &chinese_flag, this);
    // In a scroll area, as the parameters: the editor's 362 px would widen a 1280 px window.
    auto* kernel_scroll = new QScrollArea(this);
    kernel_scroll->setWidget(kernel_editor_);
    kernel_scroll->setWidgetResizable(true);
    kernel_dock_ = new QDockWidget(this);
    kernel_dock_->setObjectName("kernel");
    kernel_dock_->setWidget(kernel_scroll);
    addDockWidget(Qt::RightDockWidgetArea, kernel_dock_);

    auto* torch_box = new QWidget(this);
    auto* torch_row = new QHBoxLayout(torch_box);
    torch_text_ = new QPlainTextEdit(torch_box);
    torch_text_->setReadOnly(true);
    torch_text_->setFont(QFont("monospace"));
    torch_text_->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto* copy_button = new QPushButton(torch_box);
    copy_button->setObjectName("copy_torch");
    torch_row->addWidget(torch_text_, 1);
    torch_row->addWidget(copy_button, 0, Qt::AlignTop);
    connect(copy_button, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(torch_text_->toPlainText()); });
    torch_dock_ = new QDockWidget(this);
    torch_dock_->setObjectName("pytorch");
    torch_dock_->setWidget(torch_box);
    addDockWidget(Qt::BottomDockWidgetArea, torch_dock_);
    // The docks belong to the Lessons tab; other tabs get the whole window.
    for (QDockWidget* dock : {lessons_dock_, parameters_dock_, kernel_dock_, torch_dock_}) {
        dock->setProperty("shown_on_lessons", true);  // until the Lessons tab is first left
    }
    connect(workspaces_, &QTabWidget::currentChanged, this, [this](int tab) {
        const bool from_lessons = workspaces_->property("last_tab").toInt() == 0;
        workspaces_->setProperty("last_tab", tab);
        for (QDockWidget* dock : {lessons_dock_, parameters_dock_, kernel_dock_, torch_dock_}) {
            if (tab == 0) {
                if (!presenter_on_) {  // presenter mode shows the canvas alone
                    dock->setVisible(dock->property("shown_on_lessons").toBool());
                }
                continue;
            }
            if (from_lessons && !presenter_on_) {
                dock->setProperty("shown_on_lessons", dock->isVisible());
            }
            dock->hide();
        }
    });

    status_shape_ = new QLabel(this);
    status_hover_ = new QLabel(this);
    status_line_ = new StatusLine(statusBar(), status_context);
    statusBar()->addWidget(status_shape_, 1);
    statusBar()->addPermanentWidget(status_hover_);
    // QStatusBar hides its widgets for a message only if they are visible at that moment; a
    // message shown before the window is (the photo opened at start) would be drawn over the
    // shape line. So the shape line follows the message itself, and the tab: it describes the
    // lesson, which other tabs do not show.
    const auto show_shape = [this] {
        status_shape_->setVisible(statusBar()->currentMessage().isEmpty() &&
                                  workspaces_->currentIndex() == 0);
    };
    connect(statusBar(), &QStatusBar::messageChanged, status_shape_, show_shape);
    connect(workspaces_, &QTabWidget::currentChanged, status_shape_, show_shape);
    connect(canvas_, &LessonCanvas::hover_text, status_hover_, &QLabel::setText);
    connect(image_view_, &ImageModeView::hover_text, status_hover_, &QLabel::setText);
}

void MainWindow::build_actions() {
    auto action = [this](QKeySequence key = {}) {
        auto* a = new QAction(this);
        if (!key.isEmpty()) {
            a->setShortcut(key);
        }
        addAction(a);  // shortcuts work in presenter mode, without the menu bar
        return a;
    };
    open_image_ = action(QKeySequence::Open);
    connect(open_image_, &QAction::triggered, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open Image"), QString(),
                                         tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp "
                                            "*.pgm *.ppm *.pbm *.gif);;All files (*)"));
        if (!path.isEmpty()) {
            open_image(path);
        }
    });
    open_lesson_ = action(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(open_lesson_, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open Lesson"), QString(),
                                                          tr("ConvScope lessons (*.json)"));
        if (!path.isEmpty()) {
            open_lesson(path);
        }
    });
    open_model_ = action(QKeySequence(Qt::CTRL | Qt::Key_M));
    connect(open_model_, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open Model"), QString(), tr("ONNX models (*.onnx);;All files (*)"));
        if (!path.isEmpty()) {
            open_model(path);
        }
    });
    save_lesson_ = action(QKeySequence::Save);
    connect(save_lesson_, &QAction::triggered, this, [this] {
        QString path = QFileDialog::getSaveFileName(
            this, tr("Save Lesson"), lesson_path_.startsWith(":/") ? QString() : lesson_path_,
            tr("ConvScope lessons (*.json)"));
        if (!path.isEmpty()) {
            if (!path.endsWith(".json")) {
                path += ".json";
            }
            save_lesson(path);
        }
    });
    export_frame_ = action(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(export_frame_, &QAction::triggered, this, &MainWindow::export_frame);
    export_animation_ = action(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(export_animation_, &QAction::triggered, this, &MainWindow::export_animation);
    quit_ = action(QKeySequence::Quit);
    connect(quit_, &QAction::triggered, this, &QWidget::close);

    undo_ = new UndoAction(controller_.undo_stack(), UndoAction::Kind::undo, true, this);
    undo_->setShortcut(QKeySequence::Undo);
    redo_ = new UndoAction(controller_.undo_stack(), UndoAction::Kind::redo, true, this);
    redo_->setShortcut(QKeySequence::Redo);
    paste_ = action(QKeySequence::Paste);
    connect(paste_, &QAction::triggered, this, &MainWindow::paste_image);

    zoom_in_ = action(QKeySequence::ZoomIn);
    connect(zoom_in_, &QAction::triggered, this, [this] { zoom(1.25); });
    zoom_out_ = action(QKeySequence::ZoomOut);
    connect(zoom_out_, &QAction::triggered, this, [this] { zoom(0.8); });
    zoom_fit_ = action(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(zoom_fit_, &QAction::triggered, this, [this] { zoom(0.0); });
    show_values_ = action(QKeySequence(Qt::Key_V));
    show_values_->setCheckable(true);
    show_values_->setChecked(controller_.lesson().view.show_values);
    connect(show_values_, &QAction::toggled, this, [this](bool on) {
        core::ViewOptions view = controller_.lesson().view;
        view.show_values = on;
        controller_.set_view(view);
    });
    image_mode_ = action(QKeySequence(Qt::Key_I));
    image_mode_->setCheckable(true);
    connect(image_mode_, &QAction::toggled, this, &MainWindow::set_image_mode);
    presenter_ = action(QKeySequence(Qt::Key_F11));
    presenter_->setCheckable(true);
    connect(presenter_, &QAction::toggled, this, &MainWindow::set_presenter_mode);
    high_contrast_ = action();
    high_contrast_->setCheckable(true);
    high_contrast_->setChecked(settings_.high_contrast());
    connect(high_contrast_, &QAction::toggled, this, [this](bool on) {
        settings_.set_high_contrast(on);
        apply_theme();
    });
    colormap_group_ = new QActionGroup(this);
    for (const char* name : {"diverging", "gray", "viridis"}) {
        auto* a = new QAction(this);
        a->setCheckable(true);
        a->setData(QString(name));
        a->setChecked(colormap_from_name(name) == controller_.lesson().view.colormap);
        colormap_group_->addAction(a);
    }
    connect(colormap_group_, &QActionGroup::triggered, this, [this](QAction* a) {
        core::ViewOptions view = controller_.lesson().view;
        view.colormap = colormap_from_name(a->data().toString().toStdString());
        controller_.set_view(view);
    });
    language_group_ = new QActionGroup(this);
    for (const char* code : {"", "en", "zh_CN"}) {
        auto* a = new QAction(this);
        a->setCheckable(true);
        a->setData(QString(code));
        a->setChecked(settings_.language() == code);
        language_group_->addAction(a);
    }
    connect(language_group_, &QActionGroup::triggered, this,
            [this](QAction* a) { set_language(a->data().toString()); });

    play_ = action(QKeySequence(Qt::Key_Space));
    connect(play_, &QAction::triggered, &playback_, &core::Playback::toggle);
    step_forward_ = action(QKeySequence(Qt::Key_Right));
    connect(step_forward_, &QAction::triggered, &playback_, &core::Playback::step_forward);
    step_back_ = action(QKeySequence(Qt::Key_Left));
    connect(step_back_, &QAction::triggered, &playback_, &core::Playback::step_back);
    to_start_ = action(QKeySequence(Qt::Key_Home));
    connect(to_start_, &QAction::triggered, &playback_, &core::Playback::to_start);
    build_grid_ = action(QKeySequence(Qt::Key_B));
    connect(build_grid_, &QAction::triggered, canvas_, &LessonCanvas::build_grid);
    to_end_ = action(QKeySequence(Qt::Key_End));
    connect(to_end_, &QAction::triggered, &playback_, &core::Playback::to_end);
    copy_torch_ = action();
    connect(copy_torch_, &QAction::triggered, this,
            [this] { QGuiApplication::clipboard()->setText(torch_text_->toPlainText()); });
    about_ = action();
    connect(about_, &QAction::triggered, this,
            [this] { QMessageBox::about(this, tr("About ConvScope"), about_text()); });
}

void MainWindow::build_menus() {
    file_menu_ = menuBar()->addMenu(QString());
    file_menu_->addAction(open_image_);
    file_menu_->addAction(open_lesson_);
    file_menu_->addAction(save_lesson_);
    recent_menu_ = file_menu_->addMenu(QString());
    file_menu_->addSeparator();
    file_menu_->addAction(open_model_);
    recent_models_menu_ = file_menu_->addMenu(QString());
    recent_models_menu_->setObjectName("recent_models");
    file_menu_->addSeparator();
    file_menu_->addAction(export_frame_);
    file_menu_->addAction(export_animation_);
    file_menu_->addSeparator();
    file_menu_->addAction(quit_);
    edit_menu_ = menuBar()->addMenu(QString());
    edit_menu_->setObjectName("edit_menu");
    edit_menu_->addAction(undo_);
    edit_menu_->addAction(redo_);
    edit_menu_->addSeparator();
    edit_menu_->addAction(paste_);
    edit_menu_->addAction(copy_torch_);
    view_menu_ = menuBar()->addMenu(QString());
    view_menu_->addAction(zoom_in_);
    view_menu_->addAction(zoom_out_);
    view_menu_->addAction(zoom_fit_);
    view_menu_->addSeparator();
    view_menu_->addAction(show_values_);
    view_menu_->addAction(image_mode_);
    colormap_menu_ = view_menu_->addMenu(QString());
    colormap_menu_->addActions(colormap_group_->actions());
    view_menu_->addSeparator();
    view_menu_->addAction(play_);
    view_menu_->addAction(step_back_);
    view_menu_->addAction(step_forward_);
    view_menu_->addAction(to_start_);
    view_menu_->addAction(to_end_);
    view_menu_->addAction(build_grid_);
    view_menu_->addSeparator();
    view_menu_->addAction(presenter_);
    view_menu_->addAction(high_contrast_);
    language_menu_ = view_menu_->addMenu(QString());
    language_menu_->addActions(language_group_->actions());
    view_menu_->addSeparator();
    for (QDockWidget* dock : {lessons_dock_, parameters_dock_, kernel_dock_, torch_dock_}) {
        view_menu_->addAction(dock->toggleViewAction());
    }
    help_menu_ = menuBar()->addMenu(QString());
    help_menu_->addAction(about_);
    refresh_recent_menu();
}

void MainWindow::retranslate() {
    status_line_->retranslate();
    setWindowTitle(lesson_path_.isEmpty() || lesson_path_.startsWith(":/")
                       ? tr("ConvScope")
                       : tr("ConvScope — %1").arg(QFileInfo(lesson_path_).fileName()));
    file_menu_->setTitle(tr("&File"));
    edit_menu_->setTitle(tr("&Edit"));
    view_menu_->setTitle(tr("&View"));
    help_menu_->setTitle(tr("&Help"));
    recent_menu_->setTitle(tr("Recent"));
    recent_models_menu_->setTitle(tr("Recent Models"));
    open_model_->setText(tr("Open &Model…"));
    colormap_menu_->setTitle(tr("Colormap"));
    language_menu_->setTitle(tr("Language"));
    open_image_->setText(tr("Open &Image…"));
    open_lesson_->setText(tr("Open &Lesson…"));
    save_lesson_->setText(tr("&Save Lesson…"));
    export_frame_->setText(tr("Export Frame as PNG…"));
    export_animation_->setText(tr("Export Animation…"));
    quit_->setText(tr("&Quit"));
    undo_->retranslate();
    redo_->retranslate();
    paste_->setText(tr("&Paste Image"));
    copy_torch_->setText(tr("Copy PyTorch Code"));
    zoom_in_->setText(tr("Zoom &In"));
    zoom_out_->setText(tr("Zoom &Out"));
    zoom_fit_->setText(tr("&Fit to Window"));
    show_values_->setText(tr("Show &Values"));
    image_mode_->setText(tr("&Image Mode"));
    presenter_->setText(tr("&Presenter Mode"));
    high_contrast_->setText(tr("&High Contrast"));
    play_->setText(tr("Play / Pause"));
    step_forward_->setText(tr("Step Forward"));
    step_back_->setText(tr("Step Back"));
    to_start_->setText(tr("To Start"));
    to_end_->setText(tr("To End"));
    build_grid_->setText(tr("Replay the Transposed Grid Construction"));
    about_->setText(tr("&About ConvScope"));
    const QStringList colormaps = {tr("Diverging (blue–white–red)"), tr("Gray"), tr("Viridis")};
    for (int i = 0; i < colormaps.size(); ++i) {
        colormap_group_->actions()[i]->setText(colormaps[i]);
    }
    const QStringList languages = {tr("System"), "English", "简体中文"};
    for (int i = 0; i < languages.size(); ++i) {
        language_group_->actions()[i]->setText(languages[i]);
    }
    lessons_dock_->setWindowTitle(tr("Lessons"));
    workspaces_->setTabText(0, tr("Lessons"));
    workspaces_->setTabText(workspaces_->indexOf(playground_scroll_), tr("Playground"));
    workspaces_->setTabText(workspaces_->indexOf(training_scroll_), tr("Training"));
    workspaces_->setTabText(workspaces_->indexOf(model_scroll_), tr("Model"));
    parameters_dock_->setWindowTitle(tr("Parameters"));
    kernel_dock_->setWindowTitle(tr("Kernel"));
    torch_dock_->setWindowTitle(tr("PyTorch"));
    if (auto* copy = findChild<QPushButton*>("copy_torch")) {
        copy->setText(tr("Copy"));
    }
    refresh_recent_menu();
    refresh_recent_models_menu();
    refresh_status();
    refresh_torch_code();  // its comments are in the window's language
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange && file_menu_ != nullptr) {
        retranslate();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::set_language(const QString& code) {
    settings_.set_language(code);
    language_.apply(code);
    chinese_flag = language_.chinese();
    canvas_->set_chinese(language_.chinese());
    description_->refresh();
    lesson_list_->reload(language_.chinese());
    for (QAction* a : language_group_->actions()) {
        a->setChecked(a->data().toString() == code);
    }
}

void MainWindow::refresh_torch_code() {
    torch_text_->setPlainText(controller_.torch_code());
}

void MainWindow::refresh_status() {
    if (status_shape_ == nullptr) {
        return;
    }
    const Tensor& input = controller_.animation_call().input;
    if (!controller_.valid()) {
        status_shape_->setText(tr("Invalid parameters: %1").arg(controller_.error()));
        return;
    }
    if (playback_bar_->isHidden()) {  // a page whose drawing has no steps
        status_shape_->setText(
            tr("%1: input %2 → output %3")
                .arg(QString::fromStdString(controller_.lesson().op))
                .arg(QString::fromStdString(shape_string(input.shape())))
                .arg(QString::fromStdString(shape_string(controller_.output().shape()))));
        return;
    }
    status_shape_->setText(
        tr("%1: input %2 → output %3 · step %4 of %5")
            .arg(QString::fromStdString(controller_.lesson().op))
            .arg(QString::fromStdString(shape_string(input.shape())))
            .arg(QString::fromStdString(shape_string(controller_.output().shape())))
            .arg(controller_.step() + 1)
            .arg(controller_.total_steps()));
}

void MainWindow::apply_theme() {
    core::Theme theme =
        settings_.high_contrast() ? core::Theme::high_contrast() : core::Theme::standard();
    theme.font_scale = presenter_on_ ? presenter_scale_ : 1.0;
    canvas_->set_theme(theme);
    description_->set_theme(theme);
    image_view_->set_theme(theme);
    pool_backward_page_->set_theme(theme);
    transpose_compare_page_->set_theme(theme);
    model_page_->set_theme(theme);
}

void MainWindow::add_lesson_page(const std::string& page, QWidget* widget) {
    lesson_pages_[page] = widget;
    stack_->addWidget(widget);
}

void MainWindow::show_page(const std::string& page) {
    auto it = lesson_pages_.find(page);
    if (it != lesson_pages_.end()) {
        stack_->setCurrentWidget(it->second);
        const QSignalBlocker block(image_mode_);
        image_mode_->setChecked(false);
    } else {
        set_image_mode(false);
    }
}

void MainWindow::set_image_mode(bool on) {
    if (on && controller_.lesson().image_path.isEmpty()) {
        show_error(QT_TR_NOOP("Image mode"),
                   QT_TR_NOOP("Open an image first (File › Open Image…, drag one onto "
                              "the window, or paste one)."));
        const QSignalBlocker block(image_mode_);
        image_mode_->setChecked(false);
        return;
    }
    stack_->setCurrentWidget(on ? static_cast<QWidget*>(image_view_) : canvas_scroll_);
    const QSignalBlocker block(image_mode_);
    image_mode_->setChecked(on);
}

// Presenter mode: full screen, the canvas alone, everything scaled for a projector.
void MainWindow::set_presenter_mode(bool on) {
    if (on == presenter_on_) {
        return;
    }
    presenter_on_ = on;
    // The docks belong to the Lessons tab: leaving presenter mode on another tab (the
    // playground) must not bring them back over it, nor widen the window past the screen.
    const bool lessons_tab = workspaces_->currentIndex() == 0;
    for (QDockWidget* dock : {lessons_dock_, parameters_dock_, kernel_dock_, torch_dock_}) {
        if (on) {
            if (lessons_tab) {
                dock->setProperty("shown_on_lessons", dock->isVisible());
            }
            dock->hide();
        } else if (lessons_tab) {
            dock->setVisible(dock->property("shown_on_lessons").toBool());
        }
    }
    menuBar()->setVisible(!on);
    statusBar()->setVisible(!on);
    on ? showFullScreen() : showNormal();
    apply_theme();
    const QSignalBlocker block(presenter_);
    presenter_->setChecked(on);
}

// Zoom: in presenter mode it scales text and numbers; otherwise it enlarges the canvas
// inside its scroll area. factor 0 = fit to the window.
QWidget* MainWindow::training_workspace() const {
    return training_scroll_;
}

QWidget* MainWindow::model_workspace() const {
    return model_scroll_;
}

void MainWindow::zoom(double factor) {
    if (presenter_on_) {
        presenter_scale_ = factor == 0.0 ? 1.6 : std::clamp(presenter_scale_ * factor, 0.6, 4.0);
        settings_.set_presenter_scale(presenter_scale_);
        apply_theme();
        return;
    }
    zoom_ = factor == 0.0 ? 1.0 : std::clamp(zoom_ * factor, 1.0, 6.0);
    canvas_->setMinimumSize(zoom_ <= 1.0 ? QSize(320, 240)
                                         : (canvas_scroll_->viewport()->size() * zoom_));
}

void MainWindow::show_error(const StatusMessage& title, const StatusMessage& message) {
    auto* box = new QMessageBox(QMessageBox::Warning, title.said(status_context),
                                message.said(status_context), QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName("error_message");
    box->open();  // window-modal, never blocks the event loop
    status_line_->say({"%1: %2", {title, message}}, 10000);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    autosave_.save_now();
    if (presenter_on_) {
        set_presenter_mode(false);  // the saved layout is the normal one, with its docks
    }
    workspaces_->setCurrentIndex(0);  // other tabs hide the lesson docks
    settings_.set_window_geometry(saveGeometry());
    settings_.set_window_state(saveState());
    settings_.set_playback_speed(playback_.speed());
    playback_.pause();
    QMainWindow::closeEvent(event);
}

}  // namespace cs::gui
