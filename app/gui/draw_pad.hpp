#pragma once
// A 28×28 canvas to draw on with the mouse: light strokes on black, as Fashion-MNIST's
// pictures are. Each stroke paints a soft round brush so that the result looks like the
// anti-aliased training images rather than hard pixels.
#include <QWidget>

#include "engine/tensor.hpp"

namespace cs::gui {

class DrawPad : public QWidget {
    Q_OBJECT
  public:
    explicit DrawPad(QWidget* parent = nullptr);

    static constexpr int side = 28;
    // The drawing as the network's input, (1, 1, 28, 28) in [0, 1].
    Tensor input() const;
    // Shows a picture (1, 1, 28, 28) so that the student can draw over it.
    void set_input(const Tensor& input);
    void clear();
    // Paints the brush at a point given in pad cells (tests draw with this).
    void paint_at(double x, double y);
    QSize sizeHint() const override { return {196, 196}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override { return w; }

  signals:
    void drawn();  // after each stroke segment

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

  private:
    QPointF to_cells(const QPointF& pos) const;
    std::vector<float> values_;
};

}  // namespace cs::gui
