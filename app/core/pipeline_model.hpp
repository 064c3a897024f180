#pragma once
// The playground's layer list as a Qt model: one row per layer with its name, output shape,
// parameter count and the formulas behind them (Ripes' RegisterModel is the pattern). The
// model reads the controller; edits go through the controller's commands.
#include <QAbstractListModel>

namespace cs::pipeline {
struct Plan;
struct PipelineSpec;
}  // namespace cs::pipeline

namespace cs::core {

class PipelineController;

class PipelineModel : public QAbstractListModel {
    Q_OBJECT
  public:
    enum Role {
        ShapeRole = Qt::UserRole + 1,  // "8 × 540 × 960"
        ParametersRole,                // qint64
        ShapeFormulaRole,      // "⌊(1080 + 2·1 − 1·(3 − 1) − 1) / 1⌋ + 1 = 1080; ..."
        ParameterFormulaRole,  // "8 × 3 × 3 × 3 + 8 = 224"
        ReceptiveFieldRole,    // "r = 4 + (3 − 1)·2 = 8, j = 2·1 = 2"
        ErrorRole,             // the engine's message for the first layer that fails
        OpRole,                // "conv2d"
    };

    explicit PipelineModel(PipelineController* controller, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    // The language changed: every row's text (and so its height) is new.
    void retranslate();

    // "8 × 540 × 960" for (1, 8, 540, 960); "120" for (1, 120).
    static QString shape_text(const std::vector<int64_t>& shape);
    // Why the plan stops ("layer 2 (conv2d): …"), in the language installed now.
    static QString error_text(const pipeline::Plan& plan, const pipeline::PipelineSpec& spec);

  private:
    // The field's formula; for a join also the field of each path.
    QString field_text(size_t row) const;

    PipelineController* controller_;
};

}  // namespace cs::core
