#pragma once
// One map of a lesson page: a caption above a feature map or image, scaled to fit and drawn
// with crisp pixels when enlarged, or a message (computing…, an error) in its place. A map
// drawn from values has its colour bar under it, with the range in numbers.
#include <QImage>
#include <QWidget>

#include <optional>

#include "app/core/map_range.hpp"

namespace cs::gui {

class PageMapView : public QWidget {
    Q_OBJECT
  public:
    explicit PageMapView(QWidget* parent = nullptr);

    void set_caption(const QString& caption);
    void set_image(const QImage& image);  // clears the message
    // The range the image was coloured with: a colour bar under it (none for a photo).
    void set_scale(Colormap colormap, const core::MapScale& scale);
    void clear_scale();
    const std::optional<core::MapScale>& scale() const { return scale_; }
    // What the colour bar says ("" without one), in the window's language.
    QString colour_bar_text() const;
    // Where the colour bar is drawn (empty without one).
    QRect colour_bar_rect() const;
    void set_message(const QString& message);
    QString caption() const { return caption_; }
    QString message() const { return message_; }
    const QImage& image() const { return image_; }

    QSize sizeHint() const override { return {240, 240}; }
    QSize minimumSizeHint() const override { return {90, 90}; }

  protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

  private:
    QString caption_;
    std::optional<core::MapScale> scale_;
    Colormap colormap_ = Colormap::diverging;
    QString message_;
    QImage image_;
};

}  // namespace cs::gui
