#pragma once
// The main window: lesson list, canvas, parameters and kernel editor, playback, the PyTorch
// panel, menus. It wires widgets to the lesson controller; the maths happens in the engine.
#include <QMainWindow>

#include <map>
#include <string>

#include "app/core/autosave.hpp"
#include "app/core/lesson_controller.hpp"
#include "app/core/playback.hpp"
#include "app/core/settings.hpp"
#include "app/gui/language.hpp"
#include "app/gui/status_line.hpp"

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QScrollArea;
class QStackedWidget;
class QTabWidget;

namespace cs::gui {

QString about_text();

class ImageModeView;
class KernelEditor;
class LessonCanvas;
class LessonDescription;
class LessonList;
class ModelPage;
class ParameterPanel;
class PlaybackBar;
class PoolBackwardPage;
class TransposeComparePage;
class PlaygroundView;
class TrainingTab;
class UndoAction;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // The size the window opens at on a screen whose free area is `available`: 1400×900 where
    // there is room, else the free area less the frame the window manager adds.
    static QSize first_size(const QSize& available);

    core::LessonController* controller() { return &controller_; }
    core::Playback* playback() { return &playback_; }
    LessonCanvas* canvas() const { return canvas_; }
    ParameterPanel* parameters() const { return parameters_; }
    KernelEditor* kernel_editor() const { return kernel_editor_; }
    ImageModeView* image_view() const { return image_view_; }
    QPlainTextEdit* torch_panel() const { return torch_text_; }
    // The central tabs: "Lessons" first; the playground and training add their own tab.
    QTabWidget* workspaces() const { return workspaces_; }
    PlaygroundView* playground() const { return playground_; }
    ModelPage* model_page() const { return model_page_; }
    // The workspace tab's page that holds the Model tab.
    QWidget* model_workspace() const;
    Language* language() { return &language_; }
    core::Autosave* autosave() { return &autosave_; }
    // After an abnormal end of the last run: asks (without blocking) whether to restore the
    // lesson that was on screen. Returns whether there was anything to offer.
    bool offer_recovery();
    bool restore_autosave();
    TrainingTab* training_tab() const { return training_tab_; }
    // The workspace tab's page that holds the training tab (a scroll area around it).
    QWidget* training_workspace() const;
    // The status bar's line with the lesson's shapes (hidden while a message shows).
    QLabel* shape_label() const { return status_shape_; }

    // Each returns false after showing the user a message (never throws).
    // A lesson, pipeline, weights file or image, told apart by its content.
    bool open_file(const QString& path);
    bool open_image(const QString& path);
    bool open_lesson(const QString& path);
    // A training lesson: the Training tab with its network.
    bool open_training_lesson(const QString& path);
    // An ONNX model, on the Model tab (read on a worker thread: a message follows on failure).
    void open_model(const QString& path);
    bool save_lesson(const QString& path);
    void set_language(const QString& code);
    void set_image_mode(bool on);
    // Shows a lesson page by name ("" = the canvas); see core::lesson_pages().
    void show_page(const std::string& page);
    // Lesson pages register here: a widget shown for lessons whose view.mode names it.
    void add_lesson_page(const std::string& page, QWidget* widget);
    void set_presenter_mode(bool on);

  signals:
    void image_opened(const QString& path);

  protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void build_widgets();
    void add_autosave_documents();
    enum class FileKind { image, lesson, pipeline, weights, model };
    static FileKind file_kind(const QString& path);
    void build_actions();
    void build_menus();
    void retranslate();
    void refresh_recent_menu();
    void refresh_recent_models_menu();
    void refresh_torch_code();
    void refresh_status();
    void apply_theme();
    // Title and message as source texts (QT_TR_NOOP) or as they are: the status bar says them
    // again when the language changes.
    void show_error(const StatusMessage& title, const StatusMessage& message);
    void paste_image();
    void export_frame();
    void export_animation();
    void zoom(double factor);

    core::Settings settings_;
    core::LessonController controller_;
    core::Playback playback_;
    Language language_;
    core::Autosave autosave_;

    QTabWidget* workspaces_ = nullptr;
    PlaygroundView* playground_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    QScrollArea* canvas_scroll_ = nullptr;
    QScrollArea* playground_scroll_ = nullptr;
    QScrollArea* training_scroll_ = nullptr;
    QScrollArea* model_scroll_ = nullptr;
    ModelPage* model_page_ = nullptr;
    LessonCanvas* canvas_ = nullptr;
    ImageModeView* image_view_ = nullptr;
    PlaybackBar* playback_bar_ = nullptr;
    PoolBackwardPage* pool_backward_page_ = nullptr;
    LessonDescription* description_ = nullptr;
    TransposeComparePage* transpose_compare_page_ = nullptr;
    TrainingTab* training_tab_ = nullptr;
    ParameterPanel* parameters_ = nullptr;
    KernelEditor* kernel_editor_ = nullptr;
    LessonList* lesson_list_ = nullptr;
    QPlainTextEdit* torch_text_ = nullptr;
    QDockWidget* lessons_dock_ = nullptr;
    QDockWidget* parameters_dock_ = nullptr;
    QDockWidget* kernel_dock_ = nullptr;
    QDockWidget* torch_dock_ = nullptr;
    QLabel* status_shape_ = nullptr;
    QLabel* status_hover_ = nullptr;
    StatusLine* status_line_ = nullptr;  // the status bar's message, said in the UI language
    static constexpr const char* status_context = "cs::gui::MainWindow";

    QMenu* file_menu_ = nullptr;
    QMenu* recent_menu_ = nullptr;
    QMenu* recent_models_menu_ = nullptr;
    QMenu* edit_menu_ = nullptr;
    QMenu* view_menu_ = nullptr;
    QMenu* colormap_menu_ = nullptr;
    QMenu* language_menu_ = nullptr;
    QMenu* help_menu_ = nullptr;
    QAction* open_image_ = nullptr;
    QAction* open_lesson_ = nullptr;
    QAction* open_model_ = nullptr;
    QAction* save_lesson_ = nullptr;
    QAction* export_frame_ = nullptr;
    QAction* export_animation_ = nullptr;
    QAction* quit_ = nullptr;
    UndoAction* undo_ = nullptr;
    UndoAction* redo_ = nullptr;
    QAction* paste_ = nullptr;
    QAction* zoom_in_ = nullptr;
    QAction* zoom_out_ = nullptr;
    QAction* zoom_fit_ = nullptr;
    QAction* show_values_ = nullptr;
    QAction* image_mode_ = nullptr;
    QAction* presenter_ = nullptr;
    QAction* high_contrast_ = nullptr;
    QAction* play_ = nullptr;
    QAction* step_forward_ = nullptr;
    QAction* step_back_ = nullptr;
    QAction* to_start_ = nullptr;
    QAction* to_end_ = nullptr;
    QAction* build_grid_ = nullptr;
    QAction* about_ = nullptr;
    QAction* copy_torch_ = nullptr;
    QActionGroup* colormap_group_ = nullptr;
    QActionGroup* language_group_ = nullptr;
    double zoom_ = 1.0;
    double presenter_scale_ = 1.0;
    bool presenter_on_ = false;
    QString lesson_path_;
    std::map<std::string, QWidget*> lesson_pages_;
};

}  // namespace cs::gui
