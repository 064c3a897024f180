#include "app/gui/pipeline_graph_delegate.hpp"

#include <QPainter>
#include <QPainterPath>

#include "app/core/pipeline_controller.hpp"

namespace cs::gui {
namespace {

constexpr int kLaneStep = 10;
constexpr int kFirstLane = 10;

int lane_x(const QRect& row, int lane) {
    return row.left() + kFirstLane + lane * kLaneStep;
}

}  // namespace

PipelineGraphDelegate::PipelineGraphDelegate(core::PipelineController* controller, QObject* parent)
    : QStyledItemDelegate(parent), controller_(controller) {
    const auto update = [this] { lanes_ = core::pipeline_lanes(controller_->spec()); };
    connect(controller_, &core::PipelineController::spec_changed, this, update);
    update();
}

PipelineGraphDelegate::PipelineGraphDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

int PipelineGraphDelegate::gutter() const {
    return kFirstLane + lanes_.lanes * kLaneStep + 8;
}

QSize PipelineGraphDelegate::sizeHint(const QStyleOptionViewItem& option,
                                      const QModelIndex& index) const {
    const QSize text = QStyledItemDelegate::sizeHint(option, index);
    return {text.width() + gutter(), text.height()};
}

void PipelineGraphDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                  const QModelIndex& index) const {
    QStyleOptionViewItem text_option = option;
    const int gap = gutter();
    // The selection highlight spans the whole row; the text starts after the lanes.
    if (option.state & QStyle::State_Selected) {
        painter->fillRect(option.rect, option.palette.highlight());
    }
    text_option.rect.adjust(gap, 0, 0, 0);
    QStyledItemDelegate::paint(painter, text_option, index);

    const auto row = static_cast<size_t>(index.row());
    if (row >= lanes_.rows.size()) {
        return;
    }
    const core::RowLanes& lanes = lanes_.rows[row];
    const QRect& r = option.rect;
    const int top = r.top(), bottom = r.bottom() + 1;
    // The dot sits beside the first line of text.
    const int cy = top + option.fontMetrics.height() / 2 + 3;
    const int x0 = lane_x(r, 0);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    const QColor ink = option.state & QStyle::State_Selected
                           ? option.palette.highlightedText().color()
                           : option.palette.text().color();
    painter->setPen(QPen(ink, 1.6));
    painter->setBrush(Qt::NoBrush);
    if (lanes.from_above) {
        painter->drawLine(x0, top, x0, cy);
    }
    if (lanes.to_below) {
        painter->drawLine(x0, cy, x0, bottom);
    }
    for (size_t k = 0; k < lanes.marks.size(); ++k) {
        const int x = lane_x(r, static_cast<int>(k) + 1);
        QPainterPath path;
        switch (lanes.marks[k]) {
            case core::LaneMark::none:
                continue;
            case core::LaneMark::pass:
                painter->drawLine(x, top, x, bottom);
                continue;
            case core::LaneMark::start:
                path.moveTo(x0, cy);
                path.quadTo(x, cy, x, bottom);
                break;
            case core::LaneMark::tap:
                painter->drawLine(x, top, x, bottom);
                path.moveTo(x, top);
                path.quadTo(x, cy, x0, cy);
                break;
            case core::LaneMark::end:
                path.moveTo(x, top);
                path.quadTo(x, cy, x0, cy);
                break;
        }
        painter->drawPath(path);
    }
    const int radius = lanes.join ? 5 : 4;
    painter->setBrush(lanes.join ? option.palette.base() : QBrush(ink));
    painter->drawEllipse(QPoint(x0, cy), radius, radius);
    painter->restore();
}

}  // namespace cs::gui
