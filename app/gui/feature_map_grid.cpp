#include "app/gui/feature_map_grid.hpp"

#include <QMouseEvent>
#include <QPainter>

#include "app/core/background.hpp"
#include "app/core/frame_painter.hpp"
#include "app/core/pipeline_controller.hpp"
#include "app/gui/feature_map_image.hpp"

namespace cs::gui {
namespace {

constexpr int kGap = 8;
constexpr int kLabel = 16;
constexpr int kBar = 14;  // a map's colour bar under its caption

QSizeF shape_size(const Shape& shape) {
    if (shape.size() == 4) {
        return {static_cast<double>(shape[3]), static_cast<double>(shape[2])};
    }
    return {static_cast<double>(shape.empty() ? 1 : shape.back()), 1.0};
}

struct Thumbnails {
    std::vector<std::vector<QImage>> images;
    std::vector<std::vector<core::MapScale>> scales;
};

}  // namespace

std::optional<core::MapScale> FeatureMapGrid::scale(size_t map, int64_t channel) const {
    if (map == 0 || map - 1 >= scales_.size() || channel < 0 ||
        static_cast<size_t>(channel) >= scales_[map - 1].size()) {
        return std::nullopt;
    }
    return scales_[map - 1][static_cast<size_t>(channel)];
}

FeatureMapGrid::FeatureMapGrid(core::PipelineController* controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    setMouseTracking(true);
    connect(controller_, &core::PipelineController::result_changed, this, [this] {
        rebuild_images();
        layout_cells();
        update();
    });
    connect(controller_, &core::PipelineController::focus_changed, this, [this] {
        layout_cells();
        update();
    });
    connect(controller_, &core::PipelineController::selection_changed, this,
            qOverload<>(&QWidget::update));
}

void FeatureMapGrid::set_all_layers(bool all) {
    all_layers_ = all;
    layout_cells();
    update();
}

void FeatureMapGrid::set_style(const pipeline::MapStyle& style, core::RangeClip clip) {
    style_ = style;
    clip_ = clip;
    rebuild_images();
    update();
}

// The thumbnails are coloured on a worker (fifty of them took the UI thread 10-30 ms while the
// next run kept the cores busy); until they arrive the previous ones stay on screen.
void FeatureMapGrid::rebuild_images() {
    std::shared_ptr<const core::PipelineResult> result = controller_->result();
    if (!result) {
        images_.clear();
        return;
    }
    const uint64_t generation = ++image_generation_;
    core::run_in_background(
        this,
        [result, style = style_, clip = clip_] {
            Thumbnails t;
            for (const pipeline::LayerMaps& m : result->maps) {
                std::vector<QImage> row;
                std::vector<core::MapScale> scales;
                for (int64_t c = 0; c < m.channels; ++c) {
                    scales.push_back(core::thumbnail_scale(m, c, style, clip));
                    row.push_back(thumbnail_image(m, c, style.colormap, scales.back()));
                }
                t.images.push_back(std::move(row));
                t.scales.push_back(std::move(scales));
            }
            return t;
        },
        [this, generation](std::optional<Thumbnails> t, const QString&) {
            if (t && generation == image_generation_) {
                images_ = std::move(t->images);
                scales_ = std::move(t->scales);
                shown_generation_ = generation;
                update();
            }
        });
}

QSizeF FeatureMapGrid::full_size(size_t map) const {
    const pipeline::Plan& plan = controller_->plan();
    if (map == 0) {
        return shape_size(plan.input_shape);
    }
    return map - 1 < plan.layers.size() ? shape_size(plan.layers[map - 1].output.shape)
                                        : QSizeF(1, 1);
}

// Cells keep each map's aspect ratio inside a square of `side` pixels; a flat output (1 × F)
// gets a strip.
void FeatureMapGrid::layout_cells() {
    cells_.clear();
    const auto& result = controller_->result();
    if (!result) {
        setMinimumHeight(0);
        return;
    }
    const int side = all_layers_ ? 84 : 150;
    const auto fitted = [side](QSizeF size) {
        if (size.height() <= 1.0) {
            return QSize(side, std::max(8, side / 8));
        }
        const double s = std::min(side / size.width(), side / size.height());
        return QSize(std::max(4, static_cast<int>(size.width() * s)),
                     std::max(4, static_cast<int>(size.height() * s)));
    };
    int x = kGap, y = kGap, row_height = 0;
    const auto place = [&](size_t map, int64_t channel) {
        const QSize size = fitted(full_size(map));
        if (x + size.width() > width() - kGap && x > kGap) {
            x = kGap;
            y += row_height + kLabel + kBar + kGap;
            row_height = 0;
        }
        const int w = std::max(size.width(), 60);
        cells_.push_back({map, channel, QRect(QPoint(x, y), size),
                          QRect(x, y + size.height(), w, kLabel),
                          map > 0 ? QRect(x, y + size.height() + kLabel, w, kBar) : QRect()});
        x += std::max(size.width(), 60) + kGap;
        row_height = std::max(row_height, size.height());
    };
    const auto new_row = [&] {
        if (x > kGap) {
            x = kGap;
            y += row_height + kLabel + kBar + kGap;
            row_height = 0;
        }
    };
    place(0, 0);
    if (all_layers_) {
        for (size_t l = 0; l < result->maps.size(); ++l) {
            new_row();
            const int64_t shown = std::min(result->maps[l].channels, max_row_channels);
            for (int64_t c = 0; c < shown; ++c) {
                place(l + 1, c);
            }
        }
    } else if (controller_->focus_layer() < result->maps.size()) {
        const size_t l = controller_->focus_layer();
        for (int64_t c = 0; c < result->maps[l].channels; ++c) {
            place(l + 1, c);
        }
    }
    setMinimumHeight(y + row_height + kLabel + kBar + kGap);
}

void FeatureMapGrid::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const auto& result = controller_->result();
    if (!result) {
        const auto& error_layer = controller_->plan().error_layer;
        p.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                   !controller_->has_image() ? tr("Open an image to see its feature maps.")
                   : error_layer && *error_layer == 0
                       ? tr("No maps: layer 1 cannot work with its settings (the layer list "
                            "says why).")
                       : tr("Computing the feature maps…"));
        return;
    }
    const auto field = controller_->selection_field();
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    p.setFont(small);
    for (const Cell& cell : cells_) {
        QImage image;
        if (cell.map == 0) {
            image = result->input_image;
        } else if (cell.map - 1 < images_.size() &&
                   static_cast<size_t>(cell.channel) < images_[cell.map - 1].size()) {
            image = images_[cell.map - 1][static_cast<size_t>(cell.channel)];
        }
        p.drawImage(cell.rect, image);
        const bool focused = cell.map > 0 && cell.map - 1 == controller_->focus_layer() &&
                             cell.channel == controller_->focus_channel();
        p.setPen(
            QPen(focused ? palette().color(QPalette::Highlight) : palette().color(QPalette::Mid),
                 focused ? 3 : 1));
        p.drawRect(cell.rect.adjusted(0, 0, -1, -1));
        p.setPen(palette().color(QPalette::Text));
        const QString label = cell.map == 0 ? tr("input")
                              : all_layers_ && cell.channel == 0
                                  ? tr("L%1 c%2").arg(cell.map).arg(cell.channel)
                                  : tr("c%1").arg(cell.channel);
        p.drawText(cell.label, Qt::AlignLeft | Qt::AlignVCenter, label);
        if (const auto scale = this->scale(cell.map, cell.channel); scale && !cell.bar.isEmpty()) {
            QFont tiny = small;
            tiny.setPointSizeF(small.pointSizeF() * 0.9);
            core::paint_compact_colour_bar(p, cell.bar, style_.colormap, *scale, tiny,
                                           palette().color(QPalette::Text));
            p.setFont(small);
        }
        if (field && cell.map < field->clipped.size()) {
            const pipeline::Window& w = field->clipped[cell.map];
            const QSizeF full = full_size(cell.map);
            const double sx = cell.rect.width() / full.width();
            const double sy = cell.rect.height() / full.height();
            QRectF r(cell.rect.left() + w.x0 * sx, cell.rect.top() + w.y0 * sy,
                     std::max(3.0, (w.x1 - w.x0 + 1) * sx), std::max(3.0, (w.y1 - w.y0 + 1) * sy));
            p.setPen(QPen(QColor(255, 60, 0), 2));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r);
        }
    }
    if (all_layers_) {
        for (size_t l = 0; l < result->maps.size(); ++l) {
            if (result->maps[l].channels > max_row_channels) {
                for (const Cell& cell : cells_) {
                    if (cell.map == l + 1 && cell.channel == max_row_channels - 1) {
                        p.drawText(cell.label.translated(cell.label.width(), 0),
                                   Qt::AlignLeft | Qt::AlignVCenter,
                                   tr("+%1 more").arg(result->maps[l].channels - max_row_channels));
                    }
                }
            }
        }
    }
}

const FeatureMapGrid::Cell* FeatureMapGrid::cell_at(QPoint pos) const {
    for (const Cell& cell : cells_) {
        if (cell.rect.contains(pos)) {
            return &cell;
        }
    }
    return nullptr;
}

QPointF FeatureMapGrid::full_position(const Cell& cell, QPoint pos) const {
    const QSizeF full = full_size(cell.map);
    return {(pos.y() - cell.rect.top()) * full.height() / cell.rect.height(),
            (pos.x() - cell.rect.left()) * full.width() / cell.rect.width()};
}

void FeatureMapGrid::mouseMoveEvent(QMouseEvent* event) {
    // Over a map's colour bar: its range in words ("±0.52 (99th pct of |x|)").
    for (const Cell& c : cells_) {
        if (c.bar.contains(event->position().toPoint())) {
            if (const auto range = scale(c.map, c.channel)) {
                emit hover_text(core::scale_text(*range));
                return;
            }
        }
    }
    const Cell* cell = cell_at(event->position().toPoint());
    const auto& result = controller_->result();
    if (cell == nullptr || !result) {
        emit hover_text(QString());
        return;
    }
    const QPointF at = full_position(*cell, event->position().toPoint());
    const auto row = static_cast<int64_t>(at.x()), column = static_cast<int64_t>(at.y());
    if (cell->map == 0) {
        emit hover_text(tr("input (%1, %2)").arg(row).arg(column));
        return;
    }
    const pipeline::LayerMaps& m = result->maps[cell->map - 1];
    const int64_t ty =
        std::min(m.thumb_h - 1, static_cast<int64_t>((event->position().y() - cell->rect.top()) *
                                                     m.thumb_h / cell->rect.height()));
    const int64_t tx =
        std::min(m.thumb_w - 1, static_cast<int64_t>((event->position().x() - cell->rect.left()) *
                                                     m.thumb_w / cell->rect.width()));
    const QSizeF full = full_size(cell->map);
    const auto y =
        std::min<int64_t>(m.height - 1, static_cast<int64_t>(row * m.height / full.height()));
    const auto x =
        std::min<int64_t>(m.width - 1, static_cast<int64_t>(column * m.width / full.width()));
    if (m.has_full(cell->channel) && !result->preview) {
        emit hover_text(tr("layer %1, channel %2, (%3, %4) = %5")
                            .arg(cell->map)
                            .arg(cell->channel)
                            .arg(row)
                            .arg(column)
                            .arg(core::format_value(m.value(cell->channel, y, x))));
    } else {
        emit hover_text(
            tr("layer %1, channel %2, (%3, %4) ≈ %5 (mean of the thumbnail pixel)")
                .arg(cell->map)
                .arg(cell->channel)
                .arg(row)
                .arg(column)
                .arg(core::format_value(m.thumb_plane(cell->channel)[ty * m.thumb_w + tx])));
    }
}

void FeatureMapGrid::mousePressEvent(QMouseEvent* event) {
    const Cell* cell = cell_at(event->position().toPoint());
    if (cell == nullptr) {
        return;
    }
    const size_t map = cell->map;
    const int64_t channel = cell->channel;
    const QPointF at = full_position(*cell, event->position().toPoint());
    emit map_clicked(map, channel);
    if (map > 0) {
        controller_->select_pixel(map - 1, static_cast<int64_t>(at.x()),
                                  static_cast<int64_t>(at.y()));
    }
}

void FeatureMapGrid::resizeEvent(QResizeEvent*) {
    layout_cells();
}

}  // namespace cs::gui
