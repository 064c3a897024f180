#pragma once
// The form for the selected layer of the playground: the op's parameters with
// torch.nn.functional's names, and for layers with weights their count, kernel size, bias and
// initialisation (random with a seed, a kernel preset per channel, or hand-edited values).
// Every change is one undoable edit through the controller.
#include <QWidget>

#include <functional>
#include <string>
#include <vector>

#include "engine/ops/op_schema.hpp"
#include "engine/pipeline/pipeline_spec.hpp"

class QFormLayout;
class QLabel;
class QTableWidget;
class QSpinBox;

namespace cs::core {
class PipelineController;
}

namespace cs::gui {

class PlaygroundLayerEditor : public QWidget {
    Q_OBJECT
  public:
    explicit PlaygroundLayerEditor(core::PipelineController* controller, QWidget* parent = nullptr);

    void set_layer(int index);  // -1: nothing selected
    int layer() const { return index_; }
    // The weight table of the shown kernel slice (for tests).
    QTableWidget* weight_table() const { return weights_; }
    // Why the last weight typed was refused (hidden when it was taken).
    QLabel* weight_message() const { return weight_message_; }

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void rebuild();
    void refresh();
    const pipeline::LayerSpec* spec() const;
    // Applies `change` to a copy of the layer and pushes it as one edit named `what`.
    void edit(const QString& what, int field,
              const std::function<void(pipeline::LayerSpec&)>& change);

    // Form rows; each registers a refresher that shows the current value.
    void add_int(const QString& label, int field, int low, int high,
                 const std::function<int(const pipeline::LayerSpec&)>& get,
                 const std::function<void(pipeline::LayerSpec&, int)>& set);
    // F.pad's (left, right, top, bottom): four boxes in one row.
    void add_sides(const QString& label, const std::string& param, int field, int high);
    void add_pair(const QString& label, const std::string& param, int field, int low, int high,
                  int fallback, bool nullable = false);
    void add_number(const QString& label, const std::string& param, int field, double low,
                    double high, double fallback, bool nullable = false);
    void add_bool(const QString& label, const std::string& param, int field, bool fallback);
    void add_choice(const QString& label, const std::string& param, int field,
                    const std::vector<std::string>& choices);
    void add_param(const ParamSpec& spec);
    void add_wiring();
    void add_weights();
    void refresh_weights();

    core::PipelineController* controller_;
    int index_ = -1;
    std::string built_key_;
    QFormLayout* form_ = nullptr;
    QLabel* title_ = nullptr;
    QTableWidget* weights_ = nullptr;
    QLabel* weight_message_ = nullptr;
    QSpinBox* weight_out_ = nullptr;
    QSpinBox* weight_in_ = nullptr;
    std::vector<std::function<void()>> refreshers_;
};

}  // namespace cs::gui
