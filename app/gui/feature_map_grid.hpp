#pragma once
// Every feature map of the selected layer — or of all layers, one row each — as a grid of
// thumbnails, the input photo first. Click a map to enlarge it (and to outline the clicked
// pixel's receptive field on every map); hover for values.
#include <QImage>
#include <QWidget>

#include <optional>
#include <vector>

#include "app/core/map_range.hpp"
#include "engine/pipeline/map_export.hpp"

namespace cs::core {
class PipelineController;
}

namespace cs::gui {

class FeatureMapGrid : public QWidget {
    Q_OBJECT
  public:
    explicit FeatureMapGrid(core::PipelineController* controller, QWidget* parent = nullptr);

    void set_all_layers(bool all);
    bool all_layers() const { return all_layers_; }
    void set_style(const pipeline::MapStyle& style, core::RangeClip clip);
    // Whether the thumbnails shown are those of the current result and style (they are
    // coloured on a worker thread).
    bool thumbnails_current() const { return shown_generation_ == image_generation_; }

    // One cell: map 0 is the input, map m the output of layer m − 1.
    struct Cell {
        size_t map = 0;
        int64_t channel = 0;
        QRect rect;   // the thumbnail, in widget coordinates
        QRect label;  // its caption
        QRect bar;    // its colour bar (maps of layers only)
    };
    // The colour range of a layer's channel as drawn (empty before the thumbnails arrive).
    std::optional<core::MapScale> scale(size_t map, int64_t channel) const;
    const std::vector<Cell>& cells() const { return cells_; }
    // The largest number of channels shown per layer row in the all-layers view.
    static constexpr int64_t max_row_channels = 16;

  signals:
    void map_clicked(size_t map, int64_t channel);
    void hover_text(const QString& text);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

  private:
    void rebuild_images();
    void layout_cells();
    const Cell* cell_at(QPoint pos) const;
    // Map pixel (row, column) at full resolution under `pos` in `cell`.
    QPointF full_position(const Cell& cell, QPoint pos) const;
    QSizeF full_size(size_t map) const;

    core::PipelineController* controller_;
    pipeline::MapStyle style_;
    core::RangeClip clip_ = core::RangeClip::robust;
    bool all_layers_ = false;
    std::vector<std::vector<QImage>> images_;          // [layer][channel]
    std::vector<std::vector<core::MapScale>> scales_;  // [layer][channel]
    uint64_t image_generation_ = 0;                    // of the newest request
    uint64_t shown_generation_ = 0;                    // of images_
    std::vector<Cell> cells_;
};

}  // namespace cs::gui
