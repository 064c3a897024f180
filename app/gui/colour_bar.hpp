#pragma once
// A horizontal colour bar: the colormap from its low to its high value, with the numbers under
// it (low, 0, high) and how the range was chosen ("±12.3 (99th pct of |x|)"), so that a feature
// map's colours can be read as numbers. Painted by core::paint_colour_bar, as image mode's is.
#include <QWidget>

#include "app/core/map_range.hpp"
#include "engine/colormap.hpp"

namespace cs::gui {

class ColourBar : public QWidget {
    Q_OBJECT
  public:
    explicit ColourBar(QWidget* parent = nullptr);
    // A range taken from all the values (max |x| when symmetric around zero, else min–max).
    void set_range(Colormap colormap, float low, float high);
    void set_scale(Colormap colormap, const core::MapScale& scale);
    float low() const { return scale_.low; }
    float high() const { return scale_.high; }
    const core::MapScale& scale() const { return scale_; }
    // What the bar says in words, in the window's language (also its tooltip).
    QString text() const { return core::scale_text(scale_); }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

  protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

  private:
    Colormap colormap_ = Colormap::viridis;
    core::MapScale scale_ = core::fixed_scale(0.0f, 1.0f);
};

}  // namespace cs::gui
