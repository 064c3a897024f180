#pragma once
// A horizontal colour bar: the colormap from its low to its high value, with both values
// written at the ends, so that a feature map's colours can be read as numbers.
#include <QWidget>

#include "engine/colormap.hpp"

namespace cs::gui {

class ColourBar : public QWidget {
    Q_OBJECT
  public:
    explicit ColourBar(QWidget* parent = nullptr);
    void set_range(Colormap colormap, float low, float high);
    float low() const { return low_; }
    float high() const { return high_; }
    QSize sizeHint() const override;

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    Colormap colormap_ = Colormap::viridis;
    float low_ = 0.0f;
    float high_ = 1.0f;
};

}  // namespace cs::gui
