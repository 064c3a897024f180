// The graph view's layout (app/core/graph_layout.hpp): ranks, columns, lanes for skip
// connections, blocks from name prefixes and collapsing them, on small graphs named as
// torchvision's ONNX exports name them.
#include <catch2/catch.hpp>

#include <QElapsedTimer>

#include <set>

#include "app/core/graph_layout.hpp"
#include "gui_helpers.hpp"

using cs::core::find_blocks;
using cs::core::GraphBlock;
using cs::core::GraphLayout;
using cs::core::layout_graph;
using cs::core::LayoutItem;
using cs::core::LayoutNode;

namespace {

LayoutNode node(const std::string& name, const std::string& op, std::vector<int> sources) {
    return LayoutNode{name, op, std::move(sources), {8, 6, 6}, 10, 100};
}

// resnet18's stem and first stage, cut short.
std::vector<LayoutNode> residual_nodes() {
    return {
        node("/conv1/Conv", "conv2d", {-1}),                 // 0
        node("/relu/Relu", "relu", {0}),                     // 1
        node("/layer1/layer1.0/conv1/Conv", "conv2d", {1}),  // 2
        node("/layer1/layer1.0/relu/Relu", "relu", {2}),     // 3
        node("/layer1/layer1.0/conv2/Conv", "conv2d", {3}),  // 4
        node("/layer1/layer1.0/Add", "add", {4, 1}),         // 5
        node("/layer1/layer1.0/relu_1/Relu", "relu", {5}),   // 6
        node("/layer1/layer1.1/conv1/Conv", "conv2d", {6}),  // 7
        node("/layer1/layer1.1/relu/Relu", "relu", {7}),     // 8
        node("/layer1/layer1.1/conv2/Conv", "conv2d", {8}),  // 9
        node("/layer1/layer1.1/Add", "add", {9, 6}),         // 10
        node("/layer1/layer1.1/relu_1/Relu", "relu", {10}),  // 11
        node("/fc/Gemm", "linear", {11}),                    // 12
    };
}

// One Inception block of googlenet after a stem: four paths joined by cat.
std::vector<LayoutNode> inception_nodes(const std::string& prefix = "/inc", int from = -1) {
    const int b = from + 1;
    return {
        node(prefix + "_stem/Conv", "conv2d", {from}),                    // b + 0
        node(prefix + "/branch1/conv/Conv", "conv2d", {b}),               // 1
        node(prefix + "/branch1/Relu", "relu", {b + 1}),                  // 2
        node(prefix + "/branch2/a/Conv", "conv2d", {b}),                  // 3
        node(prefix + "/branch2/Relu", "relu", {b + 3}),                  // 4
        node(prefix + "/branch2/b/Conv", "conv2d", {b + 4}),              // 5
        node(prefix + "/branch2/Relu_1", "relu", {b + 5}),                // 6
        node(prefix + "/branch3/a/Conv", "conv2d", {b}),                  // 7
        node(prefix + "/branch3/Relu", "relu", {b + 7}),                  // 8
        node(prefix + "/branch3/b/Conv", "conv2d", {b + 8}),              // 9
        node(prefix + "/branch3/Relu_1", "relu", {b + 9}),                // 10
        node(prefix + "/branch4/MaxPool", "max_pool2d", {b}),             // 11
        node(prefix + "/branch4/conv/Conv", "conv2d", {b + 11}),          // 12
        node(prefix + "/Concat", "cat", {b + 2, b + 6, b + 10, b + 12}),  // 13
    };
}

int block_named(const std::vector<GraphBlock>& blocks, const std::string& key) {
    for (size_t b = 0; b < blocks.size(); ++b) {
        if (blocks[b].key == key) {
            return static_cast<int>(b);
        }
    }
    return -1;
}

const LayoutItem& item_of(const GraphLayout& layout, int node) {
    return layout.items[layout.item_of_node[node]];
}

// Whether some point of the edge lies inside a box (its border excluded).
bool edge_crosses_a_box(const GraphLayout& layout, const cs::core::LayoutEdge& edge) {
    for (int i = 1; i < edge.points.size(); ++i) {
        const QPointF a = edge.points[i - 1], b = edge.points[i];
        const int steps = static_cast<int>(QLineF(a, b).length()) + 1;
        for (int s = 0; s <= steps; ++s) {
            const QPointF p = a + (b - a) * (static_cast<double>(s) / steps);
            for (const LayoutItem& item : layout.items) {
                if (item.rect.adjusted(1, 1, -1, -1).contains(p)) {
                    return true;
                }
            }
        }
    }
    return false;
}

void check_well_formed(const GraphLayout& layout) {
    for (size_t i = 0; i < layout.items.size(); ++i) {
        for (size_t j = i + 1; j < layout.items.size(); ++j) {
            INFO("items " << i << " and " << j);
            CHECK_FALSE(layout.items[i].rect.intersects(layout.items[j].rect));
        }
    }
    for (const auto& edge : layout.edges) {
        INFO("edge " << edge.from << " → " << edge.to);
        CHECK(layout.items[edge.from].rank < layout.items[edge.to].rank);
        REQUIRE(edge.points.size() >= 2);
        CHECK(edge.points.front().y() == Approx(layout.items[edge.from].rect.bottom()));
        CHECK(edge.points.back().y() == Approx(layout.items[edge.to].rect.top()));
        CHECK_FALSE(edge_crosses_a_box(layout, edge));
    }
    for (const auto& item : layout.items) {
        CHECK(QRectF(QPointF(0, 0), layout.size).contains(item.rect));
    }
}

}  // namespace

TEST_CASE("graph layout: blocks come from torchvision's ONNX names and from module names") {
    CHECK(cs::core::name_prefixes("/layer1/layer1.0/conv1/Conv") ==
          std::vector<std::string>{"/layer1", "/layer1/layer1.0", "/layer1/layer1.0/conv1"});
    CHECK(cs::core::name_prefixes("layer1.0.conv1") ==
          std::vector<std::string>{"layer1", "layer1.0"});
    CHECK(cs::core::name_prefixes("/Relu").empty());
    CHECK(cs::core::name_prefixes("input.4").empty());  // an exporter's value number
    CHECK(cs::core::name_prefixes("conv1").empty());

    const std::vector<LayoutNode> nodes = residual_nodes();
    const std::vector<GraphBlock> blocks = find_blocks(nodes);
    REQUIRE(blocks.size() == 3);  // one-node modules ("/conv1", ".../conv1") are no blocks
    const int layer1 = block_named(blocks, "/layer1");
    const int first = block_named(blocks, "/layer1/layer1.0");
    REQUIRE(layer1 == 0);
    REQUIRE(first == 1);
    CHECK(blocks[first].label == "layer1.0");
    CHECK(blocks[first].parent == layer1);
    CHECK(blocks[first].depth == 1);
    CHECK(blocks[first].nodes == std::vector<int>{2, 3, 4, 5, 6});
    CHECK(blocks[first].output_node == 6);
    CHECK(blocks[first].parameters == 50);
    CHECK(blocks[first].multiply_adds == 500);
    CHECK(blocks[layer1].nodes.size() == 10);

    std::vector<LayoutNode> dotted = {node("features.conv", "conv2d", {-1}),
                                      node("features.relu", "relu", {0}),
                                      node("head", "linear", {1})};
    const std::vector<GraphBlock> dotted_blocks = find_blocks(dotted);
    REQUIRE(dotted_blocks.size() == 1);
    CHECK(dotted_blocks[0].label == "features");
    CHECK(dotted_blocks[0].nodes == std::vector<int>{0, 1});
}

TEST_CASE("graph layout: ranks follow the longest path and every edge goes down") {
    const std::vector<LayoutNode> nodes = residual_nodes();
    const GraphLayout layout = layout_graph(nodes, find_blocks(nodes), {});
    CHECK(layout.items.front().kind == LayoutItem::Kind::input);
    CHECK(layout.items.front().rank == 0);
    for (size_t n = 0; n < nodes.size(); ++n) {
        for (int s : nodes[n].sources) {
            const int source_rank = s < 0 ? 0 : item_of(layout, s).rank;
            CHECK(item_of(layout, static_cast<int>(n)).rank > source_rank);
        }
    }
    CHECK(item_of(layout, 5).rank == item_of(layout, 4).rank + 1);  // the add after conv2
    CHECK(layout.ranks == 14);
    check_well_formed(layout);
}

TEST_CASE("graph layout: a residual block's skip edge runs in a lane beside its main path") {
    const std::vector<LayoutNode> nodes = residual_nodes();
    const GraphLayout layout = layout_graph(nodes, find_blocks(nodes), {});
    // The main path stays in one column, straight down.
    for (int n = 0; n < 13; ++n) {
        CHECK(item_of(layout, n).column == 0);
    }
    const cs::core::LayoutEdge* skip = nullptr;
    for (const auto& edge : layout.edges) {
        if (edge.from == layout.item_of_node[1] && edge.to == layout.item_of_node[5]) {
            skip = &edge;
        }
    }
    REQUIRE(skip != nullptr);
    CHECK(skip->skip);
    CHECK(skip->lane);
    CHECK_FALSE(edge_crosses_a_box(layout, *skip));
    // Beside the boxes it passes: right of conv1, relu and conv2 of the block.
    double lane_x = 0;
    for (const QPointF& p : skip->points) {
        lane_x = std::max(lane_x, p.x());
    }
    for (int n : {2, 3, 4}) {
        CHECK(lane_x > item_of(layout, n).rect.right());
    }
    // It enters the add beside the main path's arrow.
    const QRectF add = item_of(layout, 5).rect;
    CHECK(skip->points.back().x() > add.center().x());
    CHECK(add.contains(skip->points.back()));
}

TEST_CASE("graph layout: an Inception block's four paths sit side by side") {
    const std::vector<LayoutNode> nodes = inception_nodes();
    const std::vector<GraphBlock> blocks = find_blocks(nodes);
    const GraphLayout layout = layout_graph(nodes, blocks, {});
    std::set<int> columns;
    for (int first : {1, 3, 7, 11}) {
        CHECK(item_of(layout, first).rank == item_of(layout, 0).rank + 1);
        columns.insert(item_of(layout, first).column);
    }
    CHECK(columns.size() == 4);
    CHECK(item_of(layout, 13).rank == item_of(layout, 6).rank + 1);  // after the longest path
    check_well_formed(layout);
    // The shorter paths reach the cat in lanes, but they are no shortcuts.
    int lanes = 0;
    for (const auto& edge : layout.edges) {
        lanes += edge.lane;
        CHECK_FALSE(edge.skip);
    }
    CHECK(lanes == 2);  // branch1's and branch4's
    // Frames: the block's around every path, the paths' beside each other.
    std::vector<QRectF> branches;
    QRectF block;
    for (const auto& frame : layout.frames) {
        if (blocks[frame.block].key == "/inc") {
            block = frame.rect;
        } else {
            branches.push_back(frame.rect);
        }
    }
    REQUIRE(branches.size() == 4);
    for (size_t i = 0; i < branches.size(); ++i) {
        CHECK(block.contains(branches[i]));
        for (size_t j = i + 1; j < branches.size(); ++j) {
            CHECK_FALSE(branches[i].intersects(branches[j]));
        }
    }
    for (int n = 1; n <= 13; ++n) {
        CHECK(block.contains(item_of(layout, n).rect));
    }
    CHECK_FALSE(block.intersects(item_of(layout, 0).rect));
}

TEST_CASE("graph layout: collapsing a block hides its nodes and keeps its edges connected") {
    const std::vector<LayoutNode> nodes = inception_nodes();
    const std::vector<GraphBlock> blocks = find_blocks(nodes);
    const int branch2 = block_named(blocks, "/inc/branch2");
    REQUIRE(branch2 >= 0);
    std::vector<bool> collapsed(blocks.size(), false);
    collapsed[branch2] = true;
    const GraphLayout layout = layout_graph(nodes, blocks, collapsed);
    const int box = layout.item_of_node[3];
    CHECK(layout.items[box].kind == LayoutItem::Kind::block);
    CHECK(layout.items[box].index == branch2);
    for (int n : {4, 5, 6}) {
        CHECK(layout.item_of_node[n] == box);
    }
    for (const LayoutItem& item : layout.items) {
        CHECK_FALSE((item.kind == LayoutItem::Kind::node && item.index >= 3 && item.index <= 6));
    }
    int into = 0, out = 0, into_cat = 0;
    for (const auto& edge : layout.edges) {
        into += edge.to == box && edge.from == layout.item_of_node[0];
        out += edge.from == box && edge.to == layout.item_of_node[13];
        into_cat += edge.to == layout.item_of_node[13];
    }
    CHECK(into == 1);
    CHECK(out == 1);
    CHECK(into_cat == 4);
    REQUIRE(layout.frames.size() == 4);  // a collapsed block is a box, not a frame
    for (const auto& frame : layout.frames) {
        CHECK(frame.block != branch2);
        if (blocks[frame.block].key == "/inc") {
            CHECK(frame.rect.contains(layout.items[box].rect));
        }
    }
    check_well_formed(layout);

    // The whole block collapsed: stem → block → nothing else; its inner blocks are gone.
    collapsed.assign(blocks.size(), false);
    collapsed[block_named(blocks, "/inc")] = true;
    const GraphLayout folded = layout_graph(nodes, blocks, collapsed);
    CHECK(folded.items.size() == 3);  // input, stem, the block
    CHECK(folded.edges.size() == 2);
    CHECK(folded.frames.empty());
    check_well_formed(folded);
}

TEST_CASE("graph layout: a few hundred nodes lay out quickly without overlaps") {
    // 20 Inception blocks in a row, each read by a residual add: 320 nodes.
    std::vector<LayoutNode> nodes;
    int last = -1;
    for (int i = 0; i < 20; ++i) {
        const std::vector<LayoutNode> block =
            inception_nodes("/inception" + std::to_string(i), last);
        nodes.insert(nodes.end(), block.begin(), block.end());
        const int cat = static_cast<int>(nodes.size()) - 1;
        nodes.push_back(node("/inception" + std::to_string(i) + "/Add", "add", {cat, last + 1}));
        nodes.push_back(node("/inception" + std::to_string(i) + "/Relu", "relu", {cat + 1}));
        last = static_cast<int>(nodes.size()) - 1;
    }
    REQUIRE(nodes.size() == 320);
    const std::vector<GraphBlock> blocks = find_blocks(nodes);
    QElapsedTimer clock;
    clock.start();
    const GraphLayout layout = layout_graph(nodes, blocks, {});
    CHECK(clock.elapsed() < 500 * cs::test::wait_scale);
    check_well_formed(layout);
    // Deterministic: the same graph, the same drawing.
    const GraphLayout again = layout_graph(nodes, blocks, {});
    REQUIRE(again.items.size() == layout.items.size());
    for (size_t i = 0; i < layout.items.size(); ++i) {
        CHECK(again.items[i].rect == layout.items[i].rect);
    }
    // Every frame holds its nodes.
    for (const auto& frame : layout.frames) {
        for (int n : blocks[frame.block].nodes) {
            CHECK(frame.rect.contains(item_of(layout, n).rect));
        }
    }
}

TEST_CASE("graph layout: a hostile graph of 4096 nodes all reading the input lays out in time") {
    // Every node joins the input with the node before it: 4095 lanes side by side, and
    // names 40 levels deep.
    std::vector<LayoutNode> nodes;
    std::string deep;
    for (int level = 0; level < 40; ++level) {
        deep += "/m" + std::to_string(level);
    }
    nodes.push_back(node(deep + "/Conv", "conv2d", {-1}));
    for (int i = 1; i < 4096; ++i) {
        nodes.push_back(node(deep + "/Add_" + std::to_string(i), "add", {i - 1, -1}));
    }
    CHECK(cs::core::name_prefixes(deep + "/Conv").size() == 12);
    std::string long_name(600, '/');
    long_name.back() = 'x';
    CHECK(cs::core::name_prefixes(long_name).empty());
    QElapsedTimer clock;
    clock.start();
    const std::vector<GraphBlock> blocks = find_blocks(nodes);
    const GraphLayout layout = layout_graph(nodes, blocks, {});
    CHECK(clock.elapsed() < 5000 * cs::test::wait_scale);
    CHECK(layout.items.size() == 4097);
    CHECK(layout.ranks == 4097);
}
