#pragma once
// A network drawn as a graph (the layout of app/core/graph_layout.hpp): a box per node with
// its op, name, output shape, parameters and multiply-adds, arrows for the values between
// them, skip connections in their own colour, and a frame around every block of nodes that
// share a name prefix. A block's toggle (or a double click) collapses it into one box with its
// totals. Click a node to select it; Ctrl+wheel zooms; the arrow keys walk the graph.
#include <QAbstractScrollArea>

#include "app/core/graph_layout.hpp"
#include "app/core/theme.hpp"

namespace cs::gui {

class GraphView : public QAbstractScrollArea {
    Q_OBJECT
  public:
    explicit GraphView(QWidget* parent = nullptr);

    // Copies what it draws: the graph may go away afterwards. In a graph of more than
    // `many_nodes` nodes the inner blocks start collapsed (GoogLeNet: each Inception block
    // shows its four paths as four boxes).
    void set_graph(const Graph& graph);
    void clear();
    void set_theme(const core::Theme& theme);

    // −1: none. Scrolls it into view; a node inside a collapsed block selects the block's box.
    void set_selected(int node);
    int selected() const { return selected_; }

    const std::vector<core::GraphBlock>& blocks() const { return blocks_; }
    bool is_collapsed(int block) const;
    void set_collapsed(int block, bool collapsed);
    void set_all_collapsed(bool collapsed);
    const core::GraphLayout& graph_layout() const { return layout_; }

    // On the viewport: the box showing `node` (its block's when collapsed), and the toggle of
    // `block` (on its frame, or on its box when collapsed). Empty when not drawn.
    QRect node_rect(int node) const;
    QRect toggle_rect(int block) const;

    double zoom() const { return zoom_; }
    void set_zoom(double zoom);
    // The whole graph in the viewport (never larger than 100 %).
    void fit();

    static constexpr size_t many_nodes = 80;

  signals:
    // The student clicked a node (for a collapsed block: the node whose value leaves it).
    void node_clicked(int node);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool viewportEvent(QEvent* event) override;

  private:
    void relayout();
    void update_scroll_range();
    void scroll_to_item(int item);
    QPointF origin() const;  // where the layout's (0, 0) is on the viewport
    QPointF to_layout(QPointF viewport_point) const;
    QRectF to_viewport(const QRectF& rect) const;
    QRectF toggle_in_layout(int block) const;
    int block_toggle_at(QPointF layout_point) const;
    int selected_item() const;
    void select_item(int item);
    QString tooltip_at(QPointF layout_point) const;
    QString short_name(int node) const;
    QFont base_font() const;

    void paint_frame(QPainter& p, const core::LayoutFrame& frame) const;
    void paint_item(QPainter& p, const core::LayoutItem& item, bool selected) const;
    void paint_edge(QPainter& p, const core::LayoutEdge& edge) const;
    void paint_toggle(QPainter& p, const QRectF& rect, bool collapsed) const;

    std::vector<core::LayoutNode> nodes_;
    cs::Shape input_shape_;
    std::vector<core::GraphBlock> blocks_;
    std::vector<int> innermost_;
    std::vector<bool> collapsed_;
    core::GraphLayout layout_;
    core::LayoutMetrics metrics_;
    core::Theme theme_;
    int selected_ = -1;
    double zoom_ = 1.0;
};

}  // namespace cs::gui
