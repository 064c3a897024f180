#include "app/gui/graph_view.hpp"

#include <QApplication>
#include <QEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

#include "app/core/model_nodes.hpp"

namespace cs::gui {
namespace {

using core::LayoutItem;
using core::ModelNodes;

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

// The stripe on a box's left names the op's family at a glance.
QColor op_colour(const core::LayoutNode& node, const core::Theme& theme) {
    const std::string& op = node.op;
    if (op.find("conv") != std::string::npos || op == "linear" || op == "matmul") {
        return theme.negative;
    }
    if (op.find("pool") != std::string::npos) {
        return theme.output_padding_fill.darker(160);
    }
    if (node.sources.size() >= 2) {  // a join (add, cat, mul of two values)
        return theme.positive;
    }
    return theme.grid_line;
}

}  // namespace

GraphView::GraphView(QWidget* parent) : QAbstractScrollArea(parent) {
    setFocusPolicy(Qt::StrongFocus);
    horizontalScrollBar()->setSingleStep(20);
    verticalScrollBar()->setSingleStep(20);
    relayout();
}

void GraphView::set_graph(const Graph& graph) {
    nodes_ = core::layout_nodes(graph);
    input_shape_ = graph.input_shape();
    blocks_ = core::find_blocks(nodes_);
    innermost_ = core::innermost_blocks(nodes_.size(), blocks_);
    collapsed_.assign(blocks_.size(), false);
    if (nodes_.size() > many_nodes) {
        for (size_t b = 0; b < blocks_.size(); ++b) {
            collapsed_[b] = blocks_[b].depth >= 1;
        }
    }
    selected_ = -1;
    zoom_ = 1.0;
    relayout();
    horizontalScrollBar()->setValue(0);
    verticalScrollBar()->setValue(0);
}

void GraphView::clear() {
    nodes_.clear();
    blocks_.clear();
    innermost_.clear();
    collapsed_.clear();
    selected_ = -1;
    relayout();
}

void GraphView::set_theme(const core::Theme& theme) {
    theme_ = theme;
    relayout();
}

bool GraphView::is_collapsed(int block) const {
    return block >= 0 && static_cast<size_t>(block) < collapsed_.size() && collapsed_[block];
}

void GraphView::set_collapsed(int block, bool collapsed) {
    if (block < 0 || static_cast<size_t>(block) >= collapsed_.size() ||
        collapsed_[block] == collapsed) {
        return;
    }
    collapsed_[block] = collapsed;
    relayout();
    scroll_to_item(selected_item());
}

void GraphView::set_all_collapsed(bool collapsed) {
    std::fill(collapsed_.begin(), collapsed_.end(), collapsed);
    relayout();
    scroll_to_item(selected_item());
}

void GraphView::set_selected(int node) {
    selected_ = node >= 0 && static_cast<size_t>(node) < nodes_.size() ? node : -1;
    scroll_to_item(selected_item());
    viewport()->update();
}

int GraphView::selected_item() const {
    return selected_ >= 0 && static_cast<size_t>(selected_) < layout_.item_of_node.size()
               ? layout_.item_of_node[selected_]
               : -1;
}

QFont GraphView::base_font() const {
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * theme_.font_scale);
    return f;
}

// Sizes come from the font, so Chinese labels and presenter mode get the room they need.
void GraphView::relayout() {
    const QFont f = base_font();
    const QFontMetricsF fm(f);
    const double line = fm.height();
    const double counts =
        fm.horizontalAdvance(tr("%1 params").arg("88.8 k") + " · " + tr("%1 MACs").arg("88.8 M"));
    metrics_.node_width = std::max(
        {counts + 28, fm.horizontalAdvance("888 × 888 × 888") + 20, fm.averageCharWidth() * 22});
    metrics_.node_height = 3 * line + 12;
    metrics_.column_gap = std::max(20.0, line * 1.5);
    metrics_.rank_gap = std::max(22.0, line * 1.6);
    metrics_.lane_width = line * 1.5;
    metrics_.frame_pad = std::max(6.0, line * 0.45);
    metrics_.frame_header = line + 6;
    metrics_.margin = line;
    if (nodes_.empty()) {
        layout_ = {};
    } else {
        layout_ = core::layout_graph(nodes_, blocks_, collapsed_, metrics_);
    }
    update_scroll_range();
    viewport()->update();
}

void GraphView::update_scroll_range() {
    const QSize view = viewport()->size();
    const int w = static_cast<int>(std::ceil(layout_.size.width() * zoom_));
    const int h = static_cast<int>(std::ceil(layout_.size.height() * zoom_));
    horizontalScrollBar()->setRange(0, std::max(0, w - view.width()));
    horizontalScrollBar()->setPageStep(view.width());
    verticalScrollBar()->setRange(0, std::max(0, h - view.height()));
    verticalScrollBar()->setPageStep(view.height());
}

QPointF GraphView::origin() const {
    // A graph narrower than the view stands in its middle.
    const double spare = viewport()->width() - layout_.size.width() * zoom_;
    return QPointF(spare > 0 ? spare / 2 : -horizontalScrollBar()->value(),
                   -verticalScrollBar()->value());
}

QPointF GraphView::to_layout(QPointF viewport_point) const {
    return (viewport_point - origin()) / zoom_;
}

QRectF GraphView::to_viewport(const QRectF& rect) const {
    return QRectF(rect.topLeft() * zoom_ + origin(), rect.size() * zoom_);
}

QRect GraphView::node_rect(int node) const {
    if (node < 0 || static_cast<size_t>(node) >= layout_.item_of_node.size()) {
        return {};
    }
    return to_viewport(layout_.items[layout_.item_of_node[node]].rect).toAlignedRect();
}

QRectF GraphView::toggle_in_layout(int block) const {
    const double side = metrics_.frame_header - 6;
    for (const core::LayoutFrame& frame : layout_.frames) {
        if (frame.block == block) {
            return QRectF(frame.header.left() + 3, frame.header.top() + 3, side, side);
        }
    }
    for (const LayoutItem& item : layout_.items) {
        if (item.kind == LayoutItem::Kind::block && item.index == block) {
            return QRectF(item.rect.right() - side - 4, item.rect.top() + 4, side, side);
        }
    }
    return {};
}

QRect GraphView::toggle_rect(int block) const {
    const QRectF r = toggle_in_layout(block);
    return r.isNull() ? QRect() : to_viewport(r).toAlignedRect();
}

int GraphView::block_toggle_at(QPointF point) const {
    const int frame = layout_.frame_header_at(point);
    if (frame >= 0) {
        return layout_.frames[frame].block;
    }
    const int item = layout_.item_at(point);
    if (item >= 0 && layout_.items[item].kind == LayoutItem::Kind::block &&
        toggle_in_layout(layout_.items[item].index).adjusted(-3, -3, 3, 3).contains(point)) {
        return layout_.items[item].index;
    }
    return -1;
}

void GraphView::set_zoom(double zoom) {
    zoom_ = std::clamp(zoom, 0.1, 4.0);
    update_scroll_range();
    viewport()->update();
}

void GraphView::fit() {
    if (layout_.size.isEmpty()) {
        return;
    }
    set_zoom(std::min({1.0, viewport()->width() / layout_.size.width(),
                       viewport()->height() / layout_.size.height()}));
}

void GraphView::scroll_to_item(int item) {
    if (item < 0 || static_cast<size_t>(item) >= layout_.items.size()) {
        return;
    }
    const QRectF r = layout_.items[item].rect;
    const QRectF seen(horizontalScrollBar()->value() / zoom_, verticalScrollBar()->value() / zoom_,
                      viewport()->width() / zoom_, viewport()->height() / zoom_);
    if (r.top() < seen.top() || r.bottom() > seen.bottom()) {
        verticalScrollBar()->setValue(
            static_cast<int>((r.center().y() - seen.height() / 2) * zoom_));
    }
    if (r.left() < seen.left() || r.right() > seen.right()) {
        horizontalScrollBar()->setValue(
            static_cast<int>((r.center().x() - seen.width() / 2) * zoom_));
    }
}

void GraphView::select_item(int item) {
    if (item < 0 || static_cast<size_t>(item) >= layout_.items.size()) {
        return;
    }
    const LayoutItem& it = layout_.items[item];
    if (it.kind == LayoutItem::Kind::node) {
        emit node_clicked(it.index);
    } else if (it.kind == LayoutItem::Kind::block) {
        emit node_clicked(blocks_[it.index].output_node);
    }
}

void GraphView::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    update_scroll_range();
}

void GraphView::scrollContentsBy(int, int) {
    viewport()->update();
}

void GraphView::changeEvent(QEvent* event) {
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::LanguageChange) {
        relayout();
    }
}

void GraphView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    setFocus(Qt::MouseFocusReason);
    const QPointF point = to_layout(event->position());
    if (const int block = block_toggle_at(point); block >= 0) {
        set_collapsed(block, !is_collapsed(block));
        return;
    }
    select_item(layout_.item_at(point));
}

void GraphView::mouseDoubleClickEvent(QMouseEvent* event) {
    const int item = layout_.item_at(to_layout(event->position()));
    if (item >= 0 && layout_.items[item].kind == LayoutItem::Kind::block) {
        set_collapsed(layout_.items[item].index, false);
        return;
    }
    QAbstractScrollArea::mouseDoubleClickEvent(event);
}

void GraphView::wheelEvent(QWheelEvent* event) {
    if (!(event->modifiers() & Qt::ControlModifier)) {
        QAbstractScrollArea::wheelEvent(event);
        return;
    }
    // Zoom about the pointer: the point under it stays under it.
    const QPointF at = event->position();
    const QPointF before = to_layout(at);
    set_zoom(zoom_ * std::pow(1.15, event->angleDelta().y() / 120.0));
    const QPointF now = before * zoom_;
    horizontalScrollBar()->setValue(static_cast<int>(now.x() - at.x()));
    verticalScrollBar()->setValue(static_cast<int>(now.y() - at.y()));
    event->accept();
}

// Down follows the value to its first reader, Up to the first input, Left and Right to the
// neighbours on the same rank; Enter opens or closes the block around the selection.
void GraphView::keyPressEvent(QKeyEvent* event) {
    const int current = selected_item();
    auto neighbour_on_rank = [this, current](int direction) {
        int best = -1;
        for (size_t i = 0; i < layout_.items.size(); ++i) {
            const LayoutItem& it = layout_.items[i];
            const int d = (it.column - layout_.items[current].column) * direction;
            if (it.rank == layout_.items[current].rank && d > 0 &&
                (best < 0 ||
                 d < (layout_.items[best].column - layout_.items[current].column) * direction)) {
                best = static_cast<int>(i);
            }
        }
        return best;
    };
    int next = -1;
    switch (event->key()) {
        case Qt::Key_Down:
        case Qt::Key_Up:
            if (current < 0) {
                next = layout_.items.size() > 1 ? 1 : -1;
                break;
            }
            // The nearest neighbour straight above or below first: the main path, not the
            // shortcut.
            {
                auto score = [this, current](int other) {
                    const LayoutItem& a = layout_.items[current];
                    const LayoutItem& b = layout_.items[other];
                    return (a.column != b.column ? 1000 : 0) + std::abs(a.rank - b.rank);
                };
                const bool down = event->key() == Qt::Key_Down;
                for (const core::LayoutEdge& e : layout_.edges) {
                    const int other = down ? e.to : e.from;
                    if ((down ? e.from : e.to) == current &&
                        (next < 0 || score(other) < score(next))) {
                        next = other;
                    }
                }
            }
            break;
        case Qt::Key_Left:
        case Qt::Key_Right:
            next = current < 0 ? -1 : neighbour_on_rank(event->key() == Qt::Key_Left ? -1 : 1);
            break;
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_Space:
            if (current >= 0 && layout_.items[current].kind == LayoutItem::Kind::block) {
                set_collapsed(layout_.items[current].index, false);
            } else if (selected_ >= 0 && innermost_[selected_] >= 0) {
                set_collapsed(innermost_[selected_], true);
            }
            return;
        default:
            QAbstractScrollArea::keyPressEvent(event);
            return;
    }
    select_item(next);
}

bool GraphView::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = tooltip_at(to_layout(help->pos()));
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, viewport());
        }
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

QString GraphView::tooltip_at(QPointF point) const {
    auto counts = [](int64_t parameters, int64_t multiply_adds) {
        return tr("Parameters: %1").arg(parameters) + "\n" +
               tr("Multiply-adds: %1").arg(multiply_adds);
    };
    if (const int frame = layout_.frame_header_at(point); frame >= 0) {
        const core::GraphBlock& b = blocks_[layout_.frames[frame].block];
        return qs(b.key) + "\n" + tr("%n nodes", nullptr, static_cast<int>(b.nodes.size())) + "\n" +
               counts(b.parameters, b.multiply_adds) + "\n" + tr("Click to collapse");
    }
    const int item = layout_.item_at(point);
    if (item < 0) {
        return {};
    }
    const LayoutItem& it = layout_.items[item];
    if (it.kind == LayoutItem::Kind::input) {
        return tr("The model's input: %1").arg(ModelNodes::shape_text(input_shape_));
    }
    if (it.kind == LayoutItem::Kind::block) {
        const core::GraphBlock& b = blocks_[it.index];
        return qs(b.key) + "\n" + tr("%n nodes", nullptr, static_cast<int>(b.nodes.size())) + "\n" +
               tr("Output %1").arg(ModelNodes::shape_text(nodes_[b.output_node].output_shape)) +
               "\n" + counts(b.parameters, b.multiply_adds) + "\n" + tr("Double-click to expand");
    }
    const core::LayoutNode& n = nodes_[it.index];
    return qs(n.name) + "\n" + qs(n.op) + " → " + ModelNodes::shape_text(n.output_shape) + "\n" +
           counts(n.parameters, n.multiply_adds);
}

// A node's name inside its frame, without the frame's prefix: "conv1/Conv" in "layer1.0".
QString GraphView::short_name(int node) const {
    const std::string& name = nodes_[node].name;
    const int b = innermost_[node];
    if (b >= 0 && !is_collapsed(b)) {
        const std::string& key = blocks_[b].key;
        if (name.size() > key.size() + 1 && name.compare(0, key.size(), key) == 0) {
            return qs(name.substr(key.size() + 1));
        }
    }
    return qs(name);
}

void GraphView::paintEvent(QPaintEvent*) {
    QPainter p(viewport());
    p.fillRect(viewport()->rect(), theme_.background);
    if (layout_.items.empty()) {
        return;
    }
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.translate(origin());
    p.scale(zoom_, zoom_);
    const QRectF seen =
        QRectF(to_layout(QPointF(0, 0)),
               to_layout(QPointF(viewport()->rect().bottomRight()) + QPointF(1, 1)));
    p.setFont(base_font());
    for (const core::LayoutFrame& frame : layout_.frames) {
        if (frame.rect.intersects(seen)) {
            paint_frame(p, frame);
        }
    }
    for (const core::LayoutEdge& edge : layout_.edges) {
        if (edge.points.boundingRect().adjusted(-8, -8, 8, 8).intersects(seen)) {
            paint_edge(p, edge);
        }
    }
    const int selected = selected_item();
    for (size_t i = 0; i < layout_.items.size(); ++i) {
        if (layout_.items[i].rect.intersects(seen)) {
            paint_item(p, layout_.items[i], static_cast<int>(i) == selected);
        }
    }
}

void GraphView::paint_toggle(QPainter& p, const QRectF& rect, bool collapsed) const {
    p.setPen(QPen(theme_.padding_text, 1));
    p.setBrush(theme_.panel_fill);
    p.drawRect(rect);
    const QPointF c = rect.center();
    const double arm = rect.width() * 0.3;
    p.setPen(QPen(theme_.text, 1.5));
    p.drawLine(QPointF(c.x() - arm, c.y()), QPointF(c.x() + arm, c.y()));
    if (collapsed) {
        p.drawLine(QPointF(c.x(), c.y() - arm), QPointF(c.x(), c.y() + arm));
    }
}

void GraphView::paint_frame(QPainter& p, const core::LayoutFrame& frame) const {
    QColor fill = theme_.padding_fill;
    fill.setAlpha(110);
    p.setPen(QPen(theme_.padding_text, 1, Qt::DashLine));
    p.setBrush(fill);
    p.drawRoundedRect(frame.rect, 6, 6);
    const QRectF toggle = toggle_in_layout(frame.block);
    paint_toggle(p, toggle, false);
    const core::GraphBlock& b = blocks_[frame.block];
    QFont bold = base_font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(theme_.padding_text);
    // At most half the header: an edge entering the block's first box runs down its middle.
    const QRectF text(toggle.right() + 4, frame.header.top(),
                      std::max(frame.header.width() / 2 - toggle.width(), 10.0),
                      frame.header.height());
    p.drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetricsF(bold).elidedText(qs(b.label), Qt::ElideRight, text.width()));
    p.setFont(base_font());
}

void GraphView::paint_edge(QPainter& p, const core::LayoutEdge& edge) const {
    if (edge.points.size() < 2) {
        return;
    }
    // Skip connections in the colour of a join, so a residual shortcut stands out.
    const QColor colour = edge.skip ? theme_.negative : theme_.muted_text;
    p.setPen(QPen(colour, edge.skip ? 1.8 : 1.3, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    const double head = std::max(5.0, metrics_.frame_pad * 0.8);
    QPolygonF line = edge.points;
    const QPointF end = line.back();
    const QPointF before = line[line.size() - 2];
    const QLineF last(before, end);
    const double length = last.length();
    if (length > head) {
        line.back() = end + (before - end) * (head / length);
    }
    p.drawPolyline(line);
    if (length <= 0) {
        return;
    }
    const QPointF dir = (end - before) / length;
    const QPointF normal(-dir.y(), dir.x());
    const QPointF base = end - dir * head;
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawPolygon(QPolygonF({end, base + normal * head * 0.55, base - normal * head * 0.55}));
}

void GraphView::paint_item(QPainter& p, const core::LayoutItem& item, bool selected) const {
    const QRectF r = item.rect;
    const QFont plain = base_font();
    QFont bold = plain;
    bold.setBold(true);
    const QFontMetricsF fm(plain);
    const double line = fm.height();
    const bool block = item.kind == LayoutItem::Kind::block;
    p.setPen(QPen(selected ? theme_.selected
                  : block  ? theme_.padding_text
                           : theme_.grid_line,
                  selected ? 3
                  : block  ? 2
                           : 1));
    p.setBrush(block ? theme_.padding_fill : theme_.panel_fill);
    p.drawRoundedRect(r, 4, 4);
    double stripe = 0;
    QString title, name, shape, counts;
    auto count_line = [](int64_t parameters, int64_t multiply_adds) {
        QStringList parts;
        if (parameters > 0) {
            parts << tr("%1 params").arg(ModelNodes::count_text(parameters));
        }
        if (multiply_adds > 0) {
            parts << tr("%1 MACs").arg(ModelNodes::count_text(multiply_adds));
        }
        return parts.join(" · ");
    };
    if (item.kind == LayoutItem::Kind::input) {
        title = tr("input");
        shape = ModelNodes::shape_text(input_shape_);
    } else if (block) {
        const core::GraphBlock& b = blocks_[item.index];
        title = qs(b.label);
        name = tr("%n nodes", nullptr, static_cast<int>(b.nodes.size()));
        shape = ModelNodes::shape_text(nodes_[b.output_node].output_shape);
        counts = count_line(b.parameters, b.multiply_adds);
    } else {
        const core::LayoutNode& n = nodes_[item.index];
        title = qs(n.op);
        name = short_name(item.index);
        shape = ModelNodes::shape_text(n.output_shape);
        counts = count_line(n.parameters, n.multiply_adds);
        stripe = 4;
        p.setPen(Qt::NoPen);
        p.setBrush(op_colour(n, theme_));
        p.drawRect(QRectF(r.left() + 1, r.top() + 4, stripe, r.height() - 8));
    }
    const double left = r.left() + 6 + stripe;
    const double right = r.right() - 6 - (block ? toggle_in_layout(item.index).width() + 4 : 0);
    const double top = r.top() + 6;
    // Line 1: the op in bold, then the node's name (muted, elided; the tooltip has it whole).
    p.setFont(bold);
    p.setPen(theme_.text);
    const QFontMetricsF bm(bold);
    const QString title_text = bm.elidedText(title, Qt::ElideRight, right - left);
    p.drawText(QRectF(left, top, right - left, line), Qt::AlignLeft | Qt::AlignVCenter, title_text);
    const double name_left = left + bm.horizontalAdvance(title_text) + fm.averageCharWidth();
    p.setFont(plain);
    if (!name.isEmpty() && right - name_left > fm.averageCharWidth() * 3) {
        p.setPen(theme_.muted_text);
        p.drawText(QRectF(name_left, top, right - name_left, line),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(name, Qt::ElideMiddle, right - name_left));
    }
    p.setPen(theme_.text);
    const double full = r.right() - 6 - left;
    p.drawText(QRectF(left, top + line, full, line), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(shape, Qt::ElideRight, full));
    p.setPen(theme_.muted_text);
    p.drawText(QRectF(left, top + 2 * line, full, line), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(counts, Qt::ElideRight, full));
    if (block) {
        paint_toggle(p, toggle_in_layout(item.index), true);
    }
}

}  // namespace cs::gui
