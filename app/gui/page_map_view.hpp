#pragma once
// One map of a lesson page: a caption above a feature map or image, scaled to fit and drawn
// with crisp pixels when enlarged, or a message (computing…, an error) in its place.
#include <QImage>
#include <QWidget>

namespace cs::gui {

class PageMapView : public QWidget {
    Q_OBJECT
  public:
    explicit PageMapView(QWidget* parent = nullptr);

    void set_caption(const QString& caption);
    void set_image(const QImage& image);  // clears the message
    void set_message(const QString& message);
    QString caption() const { return caption_; }
    QString message() const { return message_; }
    const QImage& image() const { return image_; }

    QSize sizeHint() const override { return {240, 240}; }
    QSize minimumSizeHint() const override { return {90, 90}; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    QString caption_;
    QString message_;
    QImage image_;
};

}  // namespace cs::gui
