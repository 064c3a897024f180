#pragma once
// The feature-map playground tab: build INPUT → [CONV → ReLU → POOL] × N → (FLATTEN → FC)
// from a layer list, and see every feature map of every layer on a photo while editing.
// Left: the input settings, the layer list and the editor of the selected layer. Right: the
// thumbnails of the selected layer's maps (or of all layers) and the enlarged map with
// zoom, pan, values and the clicked pixel's receptive field.
#include <QElapsedTimer>
#include <QStringList>
#include <QWidget>

#include "app/core/pipeline_controller.hpp"
#include "app/core/pipeline_model.hpp"

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QListView;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace cs::core {
class LessonController;
}

namespace cs::gui {

class FeatureMapGrid;
class FeatureMapViewer;
class MapRangeControls;
class PlaygroundLayerEditor;

class PlaygroundView : public QWidget {
    Q_OBJECT
  public:
    // `lessons`: the main window's controller, whose image the playground can follow.
    explicit PlaygroundView(core::LessonController* lessons, QWidget* parent = nullptr);
    ~PlaygroundView() override;

    core::PipelineController* controller() { return &controller_; }
    QListView* layer_list() const { return list_; }
    FeatureMapGrid* grid() const { return grid_; }
    FeatureMapViewer* viewer() const { return viewer_; }
    MapRangeControls* range_controls() const { return range_; }
    PlaygroundLayerEditor* editor() const { return editor_; }
    QLabel* field_label() const { return field_label_; }
    QProgressBar* progress() const { return progress_; }
    QLabel* status_label() const { return status_; }
    // The value under the mouse, on a thumbnail or on the enlarged map.
    QLabel* hover_label() const { return hover_; }

    bool open_pipeline(const QString& path);
    bool save_pipeline(const QString& path, bool as_lesson = false);
    // The pipeline with its weights as ONNX, for the size of the photo it runs on.
    bool export_onnx(const QString& path);
    void select_layer(int row);

  protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

  private:
    void build();
    void retranslate();
    void follow_lessons();
    void follow_focus();
    void refresh_input_controls();
    void refresh_status();
    void refresh_field_text();
    void apply_style();
    void show_error(const QString& title, const QString& message);
    void export_maps(bool sheet);

    core::LessonController* lessons_;
    core::PipelineController controller_;
    core::PipelineModel model_;
    QString followed_path_;
    QElapsedTimer busy_clock_;

    QComboBox* shipped_ = nullptr;
    QPushButton* open_ = nullptr;
    QPushButton* save_ = nullptr;
    QPushButton* open_image_ = nullptr;
    QCheckBox* follow_ = nullptr;
    QToolButton* undo_ = nullptr;
    QToolButton* redo_ = nullptr;
    QComboBox* show_ = nullptr;
    QComboBox* colormap_ = nullptr;
    MapRangeControls* range_ = nullptr;
    QToolButton* export_ = nullptr;  // a menu: the maps as PNG files, or one contact sheet
    QAction* export_png_ = nullptr;
    QAction* export_sheet_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    // The last "Saved …" or "Exported …" note as its source text and arguments, so a language
    // change says it again; gone when the pipeline changes.
    const char* note_source_ = nullptr;
    QStringList note_args_;
    QLabel* input_label_ = nullptr;
    QComboBox* channels_ = nullptr;
    QCheckBox* resize_ = nullptr;
    QSpinBox* resize_h_ = nullptr;
    QSpinBox* resize_w_ = nullptr;
    QLabel* layers_label_ = nullptr;
    QListView* list_ = nullptr;
    QToolButton* add_ = nullptr;
    QPushButton* remove_ = nullptr;
    QPushButton* up_ = nullptr;
    QPushButton* down_ = nullptr;
    PlaygroundLayerEditor* editor_ = nullptr;
    FeatureMapGrid* grid_ = nullptr;
    FeatureMapViewer* viewer_ = nullptr;
    QLabel* field_label_ = nullptr;
    QLabel* hover_ = nullptr;
    QLabel* shape_label_ = nullptr;
};

}  // namespace cs::gui
