#pragma once
// A small matrix of numbers on a lesson page (a kernel, a kernel slice, a part of the
// Laplacian): one cell per value, tinted red for positive and blue for negative.
#include <QWidget>

#include <vector>

namespace cs::gui {

class PageMatrixView : public QWidget {
    Q_OBJECT
  public:
    explicit PageMatrixView(QWidget* parent = nullptr);

    void set_caption(const QString& caption);
    void set_matrix(int rows, int cols, std::vector<float> values);  // row-major
    QString caption() const { return caption_; }
    const std::vector<float>& values() const { return values_; }
    // The text of every cell, row-major, as drawn.
    QStringList cell_texts() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    QString caption_;
    int rows_ = 0;
    int cols_ = 0;
    std::vector<float> values_;
};

}  // namespace cs::gui
