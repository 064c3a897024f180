#pragma once
// An imported model's nodes as a list, in graph order: each row names the node, its op and
// the nodes it reads, then its output shape, parameters and multiply-adds (the Model tab draws
// the graph's branches and joins beside the rows).
#include <QAbstractListModel>

namespace cs::core {

class ModelController;

class ModelNodes : public QAbstractListModel {
    Q_OBJECT
  public:
    explicit ModelNodes(ModelController* controller, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    // 1234, 12.3 k, 4.56 M, 1.23 G: counts of parameters and multiply-adds.
    static QString count_text(int64_t count);
    // "16 × 10 × 9" (one example, no batch dimension).
    static QString shape_text(const std::vector<int64_t>& shape);

  private:
    ModelController* controller_;
};

}  // namespace cs::core
