#include "app/gui/inspect_maps_view.hpp"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace cs::gui {
namespace {

constexpr int title_height = 18;
constexpr int gap = 4;
constexpr int strip_cells_per_line = 42;
constexpr int strip_cell = 12;

}  // namespace

QImage plane_image(const float* values, int height, int width, Colormap colormap,
                   const Normalization& normalization) {
    const std::vector<uint8_t> bytes =
        colorize(values, int64_t{height} * width, colormap, normalization);
    QImage image(width, height, QImage::Format_RGB888);
    for (int y = 0; y < height; ++y) {
        std::copy(bytes.begin() + int64_t{y} * width * 3,
                  bytes.begin() + int64_t{y + 1} * width * 3, image.scanLine(y));
    }
    return image;
}

InspectMapsView::InspectMapsView(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
}

void InspectMapsView::set_tile_size(int pixels) {
    tile_ = pixels;
    updateGeometry();
    update();
}

void InspectMapsView::set_rows(std::vector<Row> rows) {
    rows_ = std::move(rows);
    laid_.clear();
    for (const Row& row : rows_) {
        Laid laid;
        laid.title = row.title;
        const Tensor& t = row.values;
        // One range for the whole layer, so that channels can be compared with each other.
        const std::array<float, 2> range =
            normalization_range(t.data(), t.numel(), row.normalization);
        const Normalization fixed{Normalization::Kind::fixed, range[0], range[1]};
        if (t.dim() == 4) {
            const int h = static_cast<int>(t.size(2));
            const int w = static_cast<int>(t.size(3));
            for (int64_t c = 0; c < t.size(1); ++c) {
                laid.tiles.push_back(plane_image(t.data() + c * h * w, h, w, row.colormap, fixed));
            }
        } else if (t.numel() > 0) {
            const int count = static_cast<int>(t.numel());
            const int lines = (count + strip_cells_per_line - 1) / strip_cells_per_line;
            const int width = std::min(count, strip_cells_per_line);
            std::vector<float> padded(static_cast<size_t>(lines * width), range[0]);
            std::copy(t.data(), t.data() + count, padded.begin());
            laid.tiles.push_back(plane_image(padded.data(), lines, width, row.colormap, fixed));
            laid.strip = true;
        }
        laid_.push_back(std::move(laid));
    }
    updateGeometry();
    setMinimumHeight(sizeHint().height());
    update();
}

int InspectMapsView::row_height(const Laid& row) const {
    if (row.strip) {
        return title_height + row.tiles.front().height() * strip_cell + gap * 2;
    }
    const int per_line = std::max(1, (width() - gap) / (tile_ + gap));
    const int lines = (static_cast<int>(row.tiles.size()) + per_line - 1) / per_line;
    return title_height + lines * (tile_ + gap) + gap;
}

QSize InspectMapsView::sizeHint() const {
    int height = 0;
    for (const Laid& row : laid_) {
        height += row_height(row);
    }
    return {16 * (tile_ + gap), std::max(height, 60)};
}

void InspectMapsView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    int y = 0;
    const int per_line = std::max(1, (width() - gap) / (tile_ + gap));
    for (const Laid& row : laid_) {
        p.setPen(palette().text().color());
        p.drawText(QRect(gap, y, width() - gap, title_height), Qt::AlignLeft | Qt::AlignVCenter,
                   row.title);
        y += title_height;
        if (row.strip) {
            const QImage& strip = row.tiles.front();
            p.drawImage(QRect(gap, y, strip.width() * strip_cell, strip.height() * strip_cell),
                        strip);
            y += strip.height() * strip_cell + gap * 2;
            continue;
        }
        for (size_t i = 0; i < row.tiles.size(); ++i) {
            const int col = static_cast<int>(i) % per_line;
            const int line = static_cast<int>(i) / per_line;
            const QRect tile(gap + col * (tile_ + gap), y + line * (tile_ + gap), tile_, tile_);
            p.drawImage(tile, row.tiles[i]);
            // A frame, so that a map's white parts stay visible on a white page.
            p.setPen(QColor(160, 160, 160));
            p.drawRect(tile.adjusted(0, 0, -1, -1));
        }
        const int lines = (static_cast<int>(row.tiles.size()) + per_line - 1) / per_line;
        y += lines * (tile_ + gap) + gap;
    }
    if (height() < y) {
        // The width changed the number of lines: ask the scroll area for the new height.
        const_cast<InspectMapsView*>(this)->setMinimumHeight(y);
    }
}

QRect InspectMapsView::tile_rect(size_t row, size_t tile) const {
    if (row >= laid_.size() || laid_[row].strip || tile >= laid_[row].tiles.size()) {
        return {};
    }
    int y = 0;  // the same walk as paintEvent
    for (size_t r = 0; r < row; ++r) {
        y += row_height(laid_[r]);
    }
    const int per_line = std::max(1, (width() - gap) / (tile_ + gap));
    const int col = static_cast<int>(tile) % per_line;
    const int line = static_cast<int>(tile) / per_line;
    return {gap + col * (tile_ + gap), y + title_height + line * (tile_ + gap), tile_, tile_};
}

void InspectMapsView::mousePressEvent(QMouseEvent* event) {
    for (size_t row = 0; row < laid_.size(); ++row) {
        for (size_t tile = 0; tile < laid_[row].tiles.size(); ++tile) {
            if (tile_rect(row, tile).contains(event->position().toPoint())) {
                emit tile_clicked(static_cast<int>(row), static_cast<int>(tile));
                return;
            }
        }
    }
    QWidget::mousePressEvent(event);
}

}  // namespace cs::gui
