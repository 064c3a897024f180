#pragma once
// Which input channels feed which output channel of a grouped convolution: inputs in a column
// on the left, outputs on the right, one line per connection, coloured by group.
#include <QWidget>

#include <vector>

namespace cs::gui {

class PageWiringView : public QWidget {
    Q_OBJECT
  public:
    explicit PageWiringView(QWidget* parent = nullptr);

    // inputs_of_output[o]: the input channels output o reads. Empty: draws nothing.
    void set_wiring(int64_t in_channels, int64_t groups,
                    std::vector<std::vector<int64_t>> inputs_of_output);
    int64_t connection_count() const;

    QSize sizeHint() const override { return {420, 320}; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    int64_t in_channels_ = 0;
    int64_t groups_ = 1;
    std::vector<std::vector<int64_t>> inputs_of_output_;
};

}  // namespace cs::gui
