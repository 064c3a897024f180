#include "app/gui/inspect_maps_view.hpp"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

#include "app/core/settings.hpp"

namespace cs::gui {
namespace {

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

InspectMapsView::InspectMapsView(QWidget* parent)
    : QWidget(parent), range_(core::Settings().map_range()) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
}

void InspectMapsView::set_range(const core::MapRangeChoice& choice) {
    range_ = choice;
    lay_out();
}

void InspectMapsView::set_tile_size(int pixels) {
    tile_ = pixels;
    updateGeometry();
    update();
}

void InspectMapsView::set_rows(std::vector<Row> rows) {
    rows_ = std::move(rows);
    lay_out();
}

void InspectMapsView::lay_out() {
    laid_.clear();
    for (const Row& row : rows_) {
        Laid laid;
        laid.title = row.title;
        laid.colormap = row.colormap;
        const Tensor& t = row.values;
        const bool set = row.normalization.kind == Normalization::Kind::fixed;
        const bool symmetric = row.normalization.kind == Normalization::Kind::symmetric;
        // One range for the whole layer, so that channels can be compared with each other, or
        // one per map (core::map_scale either way).
        const core::MapScale layer =
            set ? core::fixed_scale(row.normalization.low, row.normalization.high)
                : core::map_scale(t, symmetric, range_.clip);
        const Normalization fixed = layer.normalization();
        if (t.dim() == 4) {
            const int h = static_cast<int>(t.size(2));
            const int w = static_cast<int>(t.size(3));
            laid.per_map = !set && range_.scope == core::RangeScope::per_map && t.size(1) > 1;
            for (int64_t c = 0; c < t.size(1); ++c) {
                laid.scales.push_back(laid.per_map ? core::map_scale(t, c, symmetric, range_.clip)
                                                   : layer);
                laid.tiles.push_back(plane_image(t.data() + c * h * w, h, w, row.colormap,
                                                 laid.scales.back().normalization()));
            }
        } else if (t.numel() > 0) {
            const std::array<float, 2> range = {layer.low, layer.high};
            laid.scales.push_back(layer);
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

namespace {

// A tile's range as written under it in per-map mode: "±0.52" or "0.28…0.71".
QString tile_range_text(const core::MapScale& s) {
    return s.symmetric ? "±" + core::scale_number(s.high)
                       : core::scale_number(s.low) + "…" + core::scale_number(s.high);
}

}  // namespace

int InspectMapsView::pitch(const Laid& row) const {
    if (!row.per_map) {
        return tile_ + gap;
    }
    // Wide enough for the numbers under each tile, so that neighbours never overlap.
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    const QFontMetrics metrics(small);
    int widest = tile_;
    for (const core::MapScale& s : row.scales) {
        widest = std::max(widest, metrics.horizontalAdvance(tile_range_text(s)) + 4);
    }
    return widest + gap;
}

int InspectMapsView::title_height() const {
    // Room for the title, or for the colour bar beside it (gradient over its numbers).
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    return std::max(18, core::colour_bar_height(small) + 2);
}

int InspectMapsView::tile_height(const Laid& row) const {
    return tile_ + (row.per_map ? QFontMetrics(font()).height() : 0);
}

int InspectMapsView::row_height(const Laid& row) const {
    if (row.strip) {
        return title_height() + row.tiles.front().height() * strip_cell + gap * 2;
    }
    const int per_line = std::max(1, (width() - gap) / pitch(row));
    const int lines = (static_cast<int>(row.tiles.size()) + per_line - 1) / per_line;
    return title_height() + lines * (tile_height(row) + gap) + gap;
}

int InspectMapsView::row_top(size_t row) const {
    int y = 0;
    for (size_t r = 0; r < row && r < laid_.size(); ++r) {
        y += row_height(laid_[r]);
    }
    return y;
}

QRect InspectMapsView::colour_bar_rect(size_t row) const {
    if (row >= laid_.size() || laid_[row].scales.empty()) {
        return {};
    }
    // The right part of the title line, as wide as the numbers and words need.
    const int w = std::min(width() / 2, 420);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    const int h = core::colour_bar_height(small);
    return {width() - w - gap, row_top(row) + (title_height() - h) / 2 + 1, w, h};
}

QString InspectMapsView::colour_bar_text(size_t row) const {
    if (row >= laid_.size() || laid_[row].scales.empty()) {
        return {};
    }
    const Laid& laid = laid_[row];
    if (!laid.per_map) {
        return core::scale_text(laid.scales.front());
    }
    QStringList each;
    for (const core::MapScale& scale : laid.scales) {
        each << core::scale_text(scale);
    }
    return tr("each map on its own scale: %1").arg(each.join("; "));
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
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    for (size_t r = 0; r < laid_.size(); ++r) {
        const Laid& row = laid_[r];
        const QRect bar = colour_bar_rect(r);
        p.setPen(palette().text().color());
        p.drawText(QRect(gap, y, std::max(0, (bar.isEmpty() ? width() : bar.left()) - 2 * gap),
                         title_height()),
                   Qt::AlignLeft | Qt::AlignVCenter, row.title);
        if (!bar.isEmpty()) {
            if (row.per_map) {  // the colours only: each tile's numbers are under it
                core::MapScale unit = row.scales.front();
                unit.low = row.scales.front().symmetric ? -1.0f : 0.0f;
                unit.high = 1.0f;
                QFont words = small;
                p.setFont(words);
                p.drawText(bar, Qt::AlignRight | Qt::AlignVCenter,
                           tr("each map on its own scale (under it)"));
                p.setFont(font());
            } else {
                core::paint_colour_bar(p, bar, row.colormap, row.scales.front(), small,
                                       palette().text().color());
            }
        }
        y += title_height();
        if (row.strip) {
            const QImage& strip = row.tiles.front();
            p.drawImage(QRect(gap, y, strip.width() * strip_cell, strip.height() * strip_cell),
                        strip);
            y += strip.height() * strip_cell + gap * 2;
            continue;
        }
        const int th = tile_height(row);
        const int step = pitch(row);
        const int per_line = std::max(1, (width() - gap) / step);
        for (size_t i = 0; i < row.tiles.size(); ++i) {
            const int col = static_cast<int>(i) % per_line;
            const int line = static_cast<int>(i) / per_line;
            const QRect tile(gap + col * step, y + line * (th + gap), tile_, tile_);
            p.drawImage(tile, row.tiles[i]);
            // A frame, so that a map's white parts stay visible on a white page.
            p.setPen(QColor(160, 160, 160));
            p.drawRect(tile.adjusted(0, 0, -1, -1));
            if (row.per_map) {  // its range in numbers, under it
                const core::MapScale& s = row.scales[i];
                p.setFont(small);
                p.setPen(palette().text().color());
                p.drawText(QRect(tile.left(), tile.bottom() + 1, step - gap, th - tile_),
                           Qt::AlignLeft | Qt::AlignVCenter, tile_range_text(s));
                p.setFont(font());
            }
        }
        const int lines = (static_cast<int>(row.tiles.size()) + per_line - 1) / per_line;
        y += lines * (th + gap) + gap;
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
    const int y = row_top(row);  // the same walk as paintEvent
    const int step = pitch(laid_[row]);
    const int per_line = std::max(1, (width() - gap) / step);
    const int col = static_cast<int>(tile) % per_line;
    const int line = static_cast<int>(tile) / per_line;
    return {gap + col * step, y + title_height() + line * (tile_height(laid_[row]) + gap), tile_,
            tile_};
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
