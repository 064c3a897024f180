#pragma once
// Rows of small pictures: a network's input, each layer's feature maps (one tile per channel)
// and flat layers as strips of cells, or a layer's kernels. Used by the Train page (live
// kernels and feature maps) and the Look-inside page.
#include <QImage>
#include <QString>
#include <QWidget>

#include <vector>

#include "app/core/map_range.hpp"
#include "engine/colormap.hpp"
#include "engine/tensor.hpp"

namespace cs::gui {

// One (H, W) plane of values as an image.
QImage plane_image(const float* values, int height, int width, Colormap colormap,
                   const Normalization& normalization);

class InspectMapsView : public QWidget {
    Q_OBJECT
  public:
    struct Row {
        QString title;
        Tensor values;  // (1, C, H, W): C tiles; (1, F) or (F): a strip of F cells
        Colormap colormap = Colormap::viridis;
        Normalization normalization{};
    };

    explicit InspectMapsView(QWidget* parent = nullptr);
    void set_rows(std::vector<Row> rows);
    // Robust or full range, one per map or one per layer (a row); from the settings at first.
    void set_range(const core::MapRangeChoice& choice);
    core::MapRangeChoice range() const { return range_; }
    // The colour ranges of row `row`: one per tile (a strip has one).
    const std::vector<core::MapScale>& scales(size_t row) const { return laid_.at(row).scales; }
    // What row `row`'s colour bar says (the layer's range, or each tile's in per-map mode).
    QString colour_bar_text(size_t row) const;
    // Where row `row`'s colour bar is drawn, at the right of its title.
    QRect colour_bar_rect(size_t row) const;
    const std::vector<Row>& rows() const { return rows_; }
    void set_tile_size(int pixels);
    QSize sizeHint() const override;
    // Where tile `tile` of row `row` is drawn (empty for a strip or no such tile).
    QRect tile_rect(size_t row, size_t tile) const;

  signals:
    void tile_clicked(int row, int tile);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

  private:
    struct Laid {
        QString title;
        std::vector<QImage> tiles;           // one per channel, or one strip image
        std::vector<core::MapScale> scales;  // one per tile
        Colormap colormap = Colormap::viridis;
        bool strip = false;
        bool per_map = false;  // each tile has its own range, written under it
    };
    int title_height() const;
    int pitch(const Laid& row) const;  // from one tile's left edge to the next one's
    int row_height(const Laid& row) const;
    int tile_height(const Laid& row) const;  // a tile and, per map, its range under it
    int row_top(size_t row) const;
    void lay_out();

    std::vector<Row> rows_;
    std::vector<Laid> laid_;
    int tile_ = 44;
    core::MapRangeChoice range_;
};

}  // namespace cs::gui
