#pragma once
// The Model tab: a model imported from ONNX (File › Open Model…) drawn as its graph (blocks
// collapsible), or as the list of its nodes in order with the branches and joins beside them;
// each node's output shape, parameters and multiply-adds, the totals, and the nodes that could
// not be imported. Click a node to see its feature maps on the photo (computed off the UI
// thread); the top classes of the model's output sit beside them, named from a labels file
// next to the model.
#include <QWidget>

#include "app/core/lesson.hpp"
#include "app/core/model_controller.hpp"
#include "app/core/model_nodes.hpp"
#include "app/core/settings.hpp"
#include "app/core/theme.hpp"

class QCheckBox;
class QComboBox;
class QLabel;
class QListView;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QToolButton;

namespace cs::core {
class LessonController;
}

namespace cs::gui {

class MapRangeControls;
class GraphView;
class InspectMapsView;
class InspectProbabilities;
class PageMapView;
class PipelineGraphDelegate;

class ModelPage : public QWidget {
    Q_OBJECT
  public:
    // `lessons`: the main window's controller, whose photo the page uses until the student
    // picks another one here.
    explicit ModelPage(core::LessonController* lessons, QWidget* parent = nullptr);

    core::ModelController* controller() { return &controller_; }
    // Opens a model with the preprocessing saved for it in the recent list (or the default
    // for its input). The result arrives later: opened() or a message.
    void open_model(const QString& path);
    // Opens a photo for the model (on a worker thread).
    void open_photo(const QString& path);
    // Shows node `row`'s feature maps (the list's and the graph's selection follow).
    void select_node(int row);
    int selected_node() const { return selected_; }
    // Opens the preprocessing dialog (non-blocking); the choice is saved with the model.
    void edit_preprocessing();

    QListView* node_list() const { return list_; }
    GraphView* graph_view() const { return graph_; }
    // "Graph" and "List": two views of the nodes, one selection.
    QTabWidget* node_views() const { return views_; }
    // Presenter mode's text size for the graph.
    void set_theme(const core::Theme& theme);
    QListWidget* problem_list() const { return problems_; }
    QLabel* summary_label() const { return summary_; }
    QLabel* message_label() const { return message_; }
    InspectMapsView* maps() const { return maps_; }
    InspectProbabilities* top_classes() const { return top_; }
    MapRangeControls* range_controls() const { return range_; }
    // One map large: the one clicked among the tiles.
    PageMapView* enlarged_map() const { return enlarged_; }

    // For a conv2d node: the step-by-step lesson of the chosen kernel slice.
    QPushButton* lesson_button() const { return lesson_; }
    QSpinBox* out_channel_box() const { return out_channel_; }
    QSpinBox* in_channel_box() const { return in_channel_; }

  signals:
    void model_opened(const QString& path);
    // The student asked to step through a conv2d node's kernel on the Lessons tab.
    void lesson_requested(const cs::core::Lesson& lesson);

  protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

  private:
    void build();
    void retranslate();
    void follow_lessons();
    void refresh_model();
    void refresh_maps();
    void refresh_top();
    void refresh_lesson_row();
    void refresh_enlarged();
    void show_error(const QString& title, const QString& message);
    void set_message(const QString& text);

    core::LessonController* lessons_;
    core::ModelController controller_;
    core::ModelNodes nodes_;
    core::Settings settings_;
    QString followed_path_;
    int selected_ = -1;
    int enlarged_row_ = 1;  // 0: the input, 1: the node
    int enlarged_tile_ = 0;

    QPushButton* open_ = nullptr;
    QPushButton* preprocess_ = nullptr;
    QPushButton* photo_ = nullptr;
    QCheckBox* follow_ = nullptr;
    QComboBox* colormap_ = nullptr;
    QProgressBar* busy_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* message_ = nullptr;
    QLabel* nodes_label_ = nullptr;
    QTabWidget* views_ = nullptr;
    GraphView* graph_ = nullptr;
    QToolButton* fit_ = nullptr;
    QToolButton* actual_size_ = nullptr;
    QToolButton* expand_all_ = nullptr;
    QToolButton* collapse_all_ = nullptr;
    QListView* list_ = nullptr;
    PipelineGraphDelegate* delegate_ = nullptr;
    QLabel* problems_label_ = nullptr;
    QListWidget* problems_ = nullptr;
    QLabel* node_title_ = nullptr;
    QWidget* lesson_row_ = nullptr;
    QLabel* out_label_ = nullptr;
    QSpinBox* out_channel_ = nullptr;
    QLabel* in_label_ = nullptr;
    QSpinBox* in_channel_ = nullptr;
    QPushButton* lesson_ = nullptr;
    MapRangeControls* range_ = nullptr;  // robust or full, per map or per layer
    InspectMapsView* maps_ = nullptr;
    PageMapView* enlarged_ = nullptr;
    InspectProbabilities* top_ = nullptr;
    QLabel* top_label_ = nullptr;
};

}  // namespace cs::gui
