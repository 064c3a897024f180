#pragma once
// Where the graph view draws each node of a network: a layered drawing from top to bottom, as
// Netron and the d2l figures draw CNNs. A node's rank is its longest path from the input, so
// the parallel paths of an Inception block sit side by side; an edge that skips ranks (a
// residual shortcut) runs in a lane of its own beside the boxes it passes, never through them.
//
// Nodes whose names share a prefix form blocks (torchvision's ONNX names
// "/layer1/layer1.0/conv1/Conv", module names "layer1.0.conv1"): a block is framed, and a
// collapsed block is one box with its summed parameters and multiply-adds and the shape of the
// value that leaves it.
//
// Pure geometry in the caller's units (the view passes sizes from its font), deterministic:
// the same graph and collapsed set give the same drawing.
#include <QPolygonF>
#include <QRectF>

#include <string>
#include <vector>

#include "engine/graph/graph.hpp"

namespace cs::core {

// One node as the drawing needs it.
struct LayoutNode {
    std::string name;
    std::string op;
    std::vector<int> sources;  // index of each input node, −1: the graph's input
    Shape output_shape;        // per example
    int64_t parameters = 0;
    int64_t multiply_adds = 0;
};

// The nodes of `graph` in its order, with the shapes and counts the graph inferred.
std::vector<LayoutNode> layout_nodes(const Graph& graph);

struct GraphBlock {
    std::string key;         // the shared prefix, "/layer1/layer1.0" or "layer1.0"
    std::string label;       // what the frame says: "layer1.0"
    int parent = -1;         // the enclosing block
    int depth = 0;           // 0: outermost
    std::vector<int> nodes;  // every node inside, nested blocks' too, in graph order
    int output_node = -1;    // the node whose value leaves the block (its shape is the block's)
    int64_t parameters = 0;
    int64_t multiply_adds = 0;
};

// The blocks of at least two nodes, outer blocks before the blocks inside them. A prefix
// holding the same nodes as its enclosing one is not a block of its own.
std::vector<GraphBlock> find_blocks(const std::vector<LayoutNode>& nodes);
// The prefixes of a node's name, outermost first: "/layer1/layer1.0/conv1/Conv" →
// "/layer1", "/layer1/layer1.0", "/layer1/layer1.0/conv1".
std::vector<std::string> name_prefixes(const std::string& name);

struct LayoutMetrics {
    double node_width = 180;
    double node_height = 56;
    double column_gap = 28;    // between two columns' boxes
    double rank_gap = 28;      // between two ranks' boxes, where edges turn
    double lane_width = 24;    // a column that carries only edges
    double frame_pad = 8;      // a frame's margin around what it holds
    double frame_header = 20;  // a frame's title line, above its contents
    double margin = 12;
};

struct LayoutItem {
    enum class Kind { input, node, block };
    Kind kind = Kind::node;
    int index = -1;  // node or block index (−1 for the input)
    int rank = 0;
    int column = 0;
    QRectF rect;
};

struct LayoutEdge {
    int from = -1;  // item indices
    int to = -1;
    bool lane = false;  // passes ranks between its ends, in a lane beside their boxes
    // A shortcut: a lane edge whose value also goes down another path to the same target's
    // rank (a residual block's identity), unlike an Inception path that is merely shorter.
    bool skip = false;
    QPolygonF points;  // from the bottom of `from` to the top of `to`
};

struct LayoutFrame {
    int block = -1;
    QRectF rect;    // around the contents, the header included
    QRectF header;  // the title line (the view puts the collapse toggle there)
};

struct GraphLayout {
    std::vector<LayoutItem> items;  // the input, then by rank and graph order
    std::vector<LayoutEdge> edges;
    std::vector<LayoutFrame> frames;  // expanded blocks, outer before inner
    std::vector<int> item_of_node;    // the item showing each node (its block's when collapsed)
    int ranks = 0;
    int columns = 0;
    QSizeF size;

    // The item at `point`, or −1.
    int item_at(QPointF point) const;
    // The frame whose header holds `point` (the innermost), or −1.
    int frame_header_at(QPointF point) const;
};

// `collapsed`: per block (missing entries: expanded). A block inside a collapsed one is hidden
// with it.
GraphLayout layout_graph(const std::vector<LayoutNode>& nodes,
                         const std::vector<GraphBlock>& blocks, const std::vector<bool>& collapsed,
                         const LayoutMetrics& metrics = {});

// The outermost collapsed block holding `node`, or −1 when it shows as itself.
int collapsed_block_of(const std::vector<GraphBlock>& blocks, const std::vector<bool>& collapsed,
                       const std::vector<int>& innermost_block, int node);
// Per node: the innermost block holding it, or −1.
std::vector<int> innermost_blocks(size_t node_count, const std::vector<GraphBlock>& blocks);

}  // namespace cs::core
