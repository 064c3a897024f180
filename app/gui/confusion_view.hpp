#pragma once
// The confusion matrix over the test set (rows: true class, columns: predicted class; the
// diagonal holds the correct answers) and a gallery of the most confident mistakes.
#include <QStringList>
#include <QWidget>

#include <memory>

#include "app/core/inspect_model.hpp"

namespace cs::gui {

class ConfusionView : public QWidget {
    Q_OBJECT
  public:
    explicit ConfusionView(QWidget* parent = nullptr);
    void set_matrix(const core::ConfusionMatrix& matrix, std::shared_ptr<const ImageDataset> data,
                    const QStringList& classes);
    void set_classes(const QStringList& classes);
    const core::ConfusionMatrix& matrix() const { return matrix_; }
    QSize sizeHint() const override { return {900, 420}; }

  signals:
    void mistake_chosen(int64_t test_index);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

  private:
    QRect mistake_rect(int i) const;

    core::ConfusionMatrix matrix_;
    std::shared_ptr<const ImageDataset> data_;
    QStringList classes_;
};

}  // namespace cs::gui
