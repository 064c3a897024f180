#include "app/core/graph_layout.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <queue>
#include <set>

namespace cs::core {

std::vector<LayoutNode> layout_nodes(const Graph& graph) {
    std::vector<LayoutNode> nodes;
    nodes.reserve(graph.nodes().size());
    for (size_t i = 0; i < graph.nodes().size(); ++i) {
        const GraphNode& node = graph.nodes()[i];
        const NodeInfo& info = graph.infos()[i];
        LayoutNode out{node.name,         node.op, {}, info.output_shape, info.parameter_count,
                       info.multiply_adds};
        for (const std::string& input : node.inputs) {
            out.sources.push_back(
                input == graph_input_name ? -1 : static_cast<int>(graph.index_of(input)));
        }
        nodes.push_back(std::move(out));
    }
    return nodes;
}

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    for (char c : text) {
        if (c == separator) {
            if (!part.empty()) {
                parts.push_back(part);
            }
            part.clear();
        } else {
            part += c;
        }
    }
    if (!part.empty()) {
        parts.push_back(part);
    }
    return parts;
}

bool all_digits(const std::string& text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The label of a prefix: ONNX paths repeat the module's dotted name in their last component
// ("/layer1/layer1.0"), dotted names need the whole prefix ("layer1.0").
std::string prefix_label(const std::string& key) {
    const size_t slash = key.rfind('/');
    return slash == std::string::npos ? key : key.substr(slash + 1);
}

}  // namespace

std::vector<std::string> name_prefixes(const std::string& name) {
    std::vector<std::string> prefixes;
    // A hostile file's name of 10,000 slashes would make 10,000 prefixes of 5,000 characters
    // on average; module paths of real models are a few levels deep and short.
    constexpr size_t longest = 512;
    constexpr size_t deepest = 12;
    if (name.size() > longest) {
        return prefixes;
    }
    if (name.find('/') != std::string::npos) {
        const std::vector<std::string> parts = split(name, '/');
        const bool rooted = name.front() == '/';
        std::string prefix;
        for (size_t i = 0; i + 1 < parts.size() && i < deepest; ++i) {
            prefix = i == 0 && !rooted ? parts[0] : prefix + "/" + parts[i];
            prefixes.push_back(prefix);
        }
        return prefixes;
    }
    const std::vector<std::string> parts = split(name, '.');
    // "input.4", "features.3": an exporter's value numbers, not a module path.
    if (parts.size() < 2 || all_digits(parts.back())) {
        return prefixes;
    }
    std::string prefix;
    for (size_t i = 0; i + 1 < parts.size() && i < deepest; ++i) {
        prefix = i == 0 ? parts[0] : prefix + "." + parts[i];
        prefixes.push_back(prefix);
    }
    return prefixes;
}

std::vector<GraphBlock> find_blocks(const std::vector<LayoutNode>& nodes) {
    struct Group {
        std::vector<int> nodes;
        size_t depth = 0;
    };
    std::map<std::string, Group> groups;
    std::vector<std::vector<std::string>> node_prefixes(nodes.size());
    for (size_t n = 0; n < nodes.size(); ++n) {
        node_prefixes[n] = name_prefixes(nodes[n].name);
        for (size_t d = 0; d < node_prefixes[n].size(); ++d) {
            Group& group = groups[node_prefixes[n][d]];
            group.nodes.push_back(static_cast<int>(n));
            group.depth = d;
        }
    }
    std::vector<std::string> keys;
    for (const auto& [key, group] : groups) {
        if (group.nodes.size() >= 2) {
            keys.push_back(key);
        }
    }
    // Outer before inner: by first node, then by depth.
    std::sort(keys.begin(), keys.end(), [&groups](const std::string& a, const std::string& b) {
        const Group& ga = groups.at(a);
        const Group& gb = groups.at(b);
        if (ga.nodes.front() != gb.nodes.front()) {
            return ga.nodes.front() < gb.nodes.front();
        }
        return ga.depth < gb.depth;
    });
    std::vector<GraphBlock> blocks;
    std::map<std::string, int> index_of;
    for (const std::string& key : keys) {
        const Group& group = groups.at(key);
        // The nearest enclosing prefix that became a block.
        int parent = -1;
        const std::vector<std::string>& prefixes = node_prefixes[group.nodes.front()];
        for (size_t d = 0; d < group.depth; ++d) {
            if (auto it = index_of.find(prefixes[d]); it != index_of.end()) {
                parent = it->second;
            }
        }
        if (parent >= 0 && blocks[parent].nodes == group.nodes) {
            continue;  // "/features/features" holding what "/features" holds
        }
        GraphBlock block;
        block.key = key;
        block.label = prefix_label(key);
        block.parent = parent;
        block.depth = parent < 0 ? 0 : blocks[parent].depth + 1;
        block.nodes = group.nodes;
        index_of[key] = static_cast<int>(blocks.size());
        blocks.push_back(std::move(block));
    }
    // What leaves a block: the last of its nodes read outside it (or its last node).
    std::vector<std::vector<int>> consumers(nodes.size());
    for (size_t n = 0; n < nodes.size(); ++n) {
        for (int s : nodes[n].sources) {
            if (s >= 0 && static_cast<size_t>(s) < nodes.size()) {
                consumers[s].push_back(static_cast<int>(n));
            }
        }
    }
    for (GraphBlock& block : blocks) {
        const std::set<int> inside(block.nodes.begin(), block.nodes.end());
        block.output_node = block.nodes.back();
        int read_outside = -1;
        for (int n : block.nodes) {
            block.parameters += nodes[n].parameters;
            block.multiply_adds += nodes[n].multiply_adds;
            for (int c : consumers[n]) {
                if (inside.count(c) == 0) {
                    read_outside = std::max(read_outside, n);
                }
            }
        }
        if (read_outside >= 0) {
            block.output_node = read_outside;
        }
    }
    return blocks;
}

std::vector<int> innermost_blocks(size_t node_count, const std::vector<GraphBlock>& blocks) {
    std::vector<int> innermost(node_count, -1);
    for (size_t b = 0; b < blocks.size(); ++b) {  // outer first: inner ones overwrite
        for (int n : blocks[b].nodes) {
            if (n >= 0 && static_cast<size_t>(n) < node_count) {
                innermost[n] = static_cast<int>(b);
            }
        }
    }
    return innermost;
}

int collapsed_block_of(const std::vector<GraphBlock>& blocks, const std::vector<bool>& collapsed,
                       const std::vector<int>& innermost_block, int node) {
    int result = -1;
    for (int b = innermost_block[node]; b >= 0; b = blocks[b].parent) {
        if (static_cast<size_t>(b) < collapsed.size() && collapsed[b]) {
            result = b;
        }
    }
    return result;
}

int GraphLayout::item_at(QPointF point) const {
    for (size_t i = 0; i < items.size(); ++i) {
        if (items[i].rect.contains(point)) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

int GraphLayout::frame_header_at(QPointF point) const {
    int found = -1;
    for (size_t f = 0; f < frames.size(); ++f) {  // outer first: the last hit is innermost
        if (frames[f].header.contains(point)) {
            found = static_cast<int>(f);
        }
    }
    return found;
}

namespace {

// Drops repeated points and the middle of three points on one line.
QPolygonF simplified(const QPolygonF& points) {
    QPolygonF out;
    for (const QPointF& p : points) {
        if (!out.isEmpty() && std::abs(out.back().x() - p.x()) < 0.01 &&
            std::abs(out.back().y() - p.y()) < 0.01) {
            continue;
        }
        if (out.size() >= 2) {
            const QPointF& a = out[out.size() - 2];
            const QPointF& b = out.back();
            const bool vertical = std::abs(a.x() - b.x()) < 0.01 && std::abs(b.x() - p.x()) < 0.01;
            const bool horizontal =
                std::abs(a.y() - b.y()) < 0.01 && std::abs(b.y() - p.y()) < 0.01;
            if (vertical || horizontal) {
                out.back() = p;
                continue;
            }
        }
        out << p;
    }
    return out;
}

}  // namespace

GraphLayout layout_graph(const std::vector<LayoutNode>& nodes,
                         const std::vector<GraphBlock>& blocks, const std::vector<bool>& collapsed,
                         const LayoutMetrics& m) {
    GraphLayout layout;
    const std::vector<int> innermost = innermost_blocks(nodes.size(), blocks);

    // Items: the input, each node shown as itself, each outermost collapsed block.
    layout.items.push_back({LayoutItem::Kind::input, -1, 0, 0, QRectF()});
    std::vector<int> item_of_block(blocks.size(), -1);
    layout.item_of_node.assign(nodes.size(), -1);
    for (size_t n = 0; n < nodes.size(); ++n) {
        const int block = collapsed_block_of(blocks, collapsed, innermost, static_cast<int>(n));
        if (block < 0) {
            layout.item_of_node[n] = static_cast<int>(layout.items.size());
            layout.items.push_back({LayoutItem::Kind::node, static_cast<int>(n), 0, 0, QRectF()});
        } else {
            if (item_of_block[block] < 0) {
                item_of_block[block] = static_cast<int>(layout.items.size());
                layout.items.push_back({LayoutItem::Kind::block, block, 0, 0, QRectF()});
            }
            layout.item_of_node[n] = item_of_block[block];
        }
    }
    const size_t item_count = layout.items.size();

    // Edges between items, each pair once, in the order the nodes read them.
    std::set<std::pair<int, int>> seen;
    std::vector<std::vector<int>> in_edges(item_count), out_edges(item_count);
    for (size_t n = 0; n < nodes.size(); ++n) {
        for (int s : nodes[n].sources) {
            const int from = s < 0 || static_cast<size_t>(s) >= nodes.size()
                                 ? 0
                                 : layout.item_of_node[static_cast<size_t>(s)];
            const int to = layout.item_of_node[n];
            if (from == to || !seen.insert({from, to}).second) {
                continue;
            }
            in_edges[to].push_back(static_cast<int>(layout.edges.size()));
            out_edges[from].push_back(static_cast<int>(layout.edges.size()));
            layout.edges.push_back({from, to, false, false, QPolygonF()});
        }
    }

    // Ranks: the longest path from the input, items taken in topological order (the earliest
    // ready item first). A collapsed block whose nodes interleave with outside ones can close
    // a cycle; the earliest item still waiting then goes next, its late inputs drawn upwards.
    std::vector<int> rank(item_count, 0);
    {
        std::vector<int> waiting(item_count, 0);
        for (const LayoutEdge& e : layout.edges) {
            ++waiting[e.to];
        }
        std::vector<bool> done(item_count, false);
        std::priority_queue<int, std::vector<int>, std::greater<>> ready;
        for (size_t i = 0; i < item_count; ++i) {
            if (waiting[i] == 0) {
                ready.push(static_cast<int>(i));
            }
        }
        size_t finished = 0;
        while (finished < item_count) {
            int item = -1;
            if (!ready.empty()) {
                item = ready.top();
                ready.pop();
                if (done[item]) {
                    continue;
                }
            } else {
                for (size_t i = 0; i < item_count && item < 0; ++i) {
                    item = done[i] ? -1 : static_cast<int>(i);
                }
            }
            done[item] = true;
            ++finished;
            for (int e : out_edges[item]) {
                const int to = layout.edges[e].to;
                if (!done[to]) {
                    rank[to] = std::max(rank[to], rank[item] + 1);
                    if (--waiting[to] == 0) {
                        ready.push(to);
                    }
                }
            }
        }
    }
    layout.ranks = item_count == 0 ? 0 : *std::max_element(rank.begin(), rank.end()) + 1;

    // Columns: by rank, then graph order, each item in its first input's column when free,
    // else the next free one to the right; an edge that skips ranks takes the first column
    // from its source rightwards that is free on every rank it passes.
    std::vector<int> order(item_count);
    for (size_t i = 0; i < item_count; ++i) {
        order[i] = static_cast<int>(i);
        layout.items[i].rank = rank[i];
    }
    std::stable_sort(order.begin(), order.end(),
                     [&rank](int a, int b) { return rank[a] < rank[b]; });
    std::vector<std::vector<char>> taken(static_cast<size_t>(layout.ranks));
    auto is_free = [&taken](int r, int c) {
        return static_cast<size_t>(c) >= taken[r].size() || taken[r][c] == 0;
    };
    auto take = [&taken](int r, int c) {
        if (static_cast<size_t>(c) >= taken[r].size()) {
            taken[r].resize(static_cast<size_t>(c) + 1, 0);
        }
        taken[r][c] = 1;
    };
    std::vector<int> lane(layout.edges.size(), -1);
    std::vector<int> column(item_count, 0);
    int columns = 1;
    std::vector<bool> column_has_box;
    for (int item : order) {
        const int r = rank[item];
        int c = in_edges[item].empty() ? 0 : column[layout.edges[in_edges[item].front()].from];
        while (!is_free(r, c)) {
            ++c;
        }
        take(r, c);
        column[item] = c;
        layout.items[item].column = c;
        columns = std::max(columns, c + 1);
        if (column_has_box.size() < static_cast<size_t>(columns)) {
            column_has_box.resize(static_cast<size_t>(columns), false);
        }
        column_has_box[c] = true;
        for (int e : in_edges[item]) {
            const int from = layout.edges[e].from;
            if (rank[from] + 1 >= r) {
                continue;
            }
            int l = column[from];
            auto lane_free = [&](int col) {
                for (int k = rank[from] + 1; k < r; ++k) {
                    if (!is_free(k, col)) {
                        return false;
                    }
                }
                return true;
            };
            while (!lane_free(l)) {
                ++l;
            }
            for (int k = rank[from] + 1; k < r; ++k) {
                take(k, l);
            }
            lane[e] = l;
            layout.edges[e].lane = true;
            for (int other : out_edges[from]) {
                layout.edges[e].skip = layout.edges[e].skip || rank[layout.edges[other].to] < r;
            }
            columns = std::max(columns, l + 1);
        }
    }
    column_has_box.resize(static_cast<size_t>(columns), false);
    layout.columns = columns;

    // Frames: expanded blocks with something visible inside, and the ranks and columns they
    // span. Nested frames that begin (or end) on the same rank or column need room for each.
    struct Span {
        int rank_min = 1 << 30, rank_max = -1, column_min = 1 << 30, column_max = -1;
    };
    std::vector<Span> spans(blocks.size());
    std::vector<int> frame_of_block(blocks.size(), -1);
    auto frame_holding = [&](const LayoutItem& item) {
        if (item.kind == LayoutItem::Kind::node) {
            return innermost[item.index];
        }
        if (item.kind == LayoutItem::Kind::block) {
            return blocks[item.index].parent;
        }
        return -1;
    };
    for (const LayoutItem& item : layout.items) {
        for (int b = frame_holding(item); b >= 0; b = blocks[b].parent) {
            Span& s = spans[b];
            s.rank_min = std::min(s.rank_min, item.rank);
            s.rank_max = std::max(s.rank_max, item.rank);
            s.column_min = std::min(s.column_min, item.column);
            s.column_max = std::max(s.column_max, item.column);
        }
    }
    std::vector<int> start_rank(static_cast<size_t>(layout.ranks), 0);
    std::vector<int> end_rank(static_cast<size_t>(layout.ranks), 0);
    std::vector<int> start_column(static_cast<size_t>(columns), 0);
    std::vector<int> end_column(static_cast<size_t>(columns), 0);
    struct Chain {
        int start_rank = 0, end_rank = 0, start_column = 0, end_column = 0;
    };
    std::vector<Chain> chains(blocks.size());
    for (size_t b = 0; b < blocks.size(); ++b) {  // outer first: a parent's chain is known
        bool hidden = false;                      // collapsed, or inside a collapsed block
        for (int a = static_cast<int>(b); a >= 0 && !hidden; a = blocks[a].parent) {
            hidden = static_cast<size_t>(a) < collapsed.size() && collapsed[a];
        }
        if (spans[b].rank_max < 0 || hidden) {
            continue;
        }
        frame_of_block[b] = static_cast<int>(layout.frames.size());
        layout.frames.push_back({static_cast<int>(b), QRectF(), QRectF()});
        const Span& s = spans[b];
        const int parent = blocks[b].parent;
        const Span* ps = parent >= 0 ? &spans[parent] : nullptr;
        const Chain* pc = parent >= 0 ? &chains[parent] : nullptr;
        Chain& c = chains[b];
        c.start_rank = 1 + (ps != nullptr && ps->rank_min == s.rank_min ? pc->start_rank : 0);
        c.end_rank = 1 + (ps != nullptr && ps->rank_max == s.rank_max ? pc->end_rank : 0);
        c.start_column =
            1 + (ps != nullptr && ps->column_min == s.column_min ? pc->start_column : 0);
        c.end_column = 1 + (ps != nullptr && ps->column_max == s.column_max ? pc->end_column : 0);
        start_rank[s.rank_min] = std::max(start_rank[s.rank_min], c.start_rank);
        end_rank[s.rank_max] = std::max(end_rank[s.rank_max], c.end_rank);
        start_column[s.column_min] = std::max(start_column[s.column_min], c.start_column);
        end_column[s.column_max] = std::max(end_column[s.column_max], c.end_column);
    }

    // Coordinates.
    std::vector<double> column_left(static_cast<size_t>(columns));
    std::vector<double> column_width(static_cast<size_t>(columns));
    double x = m.margin;
    for (int c = 0; c < columns; ++c) {
        x += start_column[c] * m.frame_pad;
        column_left[c] = x;
        column_width[c] = column_has_box[c] ? m.node_width : m.lane_width;
        x += column_width[c] + end_column[c] * m.frame_pad + m.column_gap;
    }
    const double width = x - m.column_gap + m.margin;
    std::vector<double> rank_top(static_cast<size_t>(layout.ranks));
    std::vector<double> turn(static_cast<size_t>(layout.ranks));  // where edges leaving it turn
    double y = m.margin;
    for (int r = 0; r < layout.ranks; ++r) {
        y += start_rank[r] * m.frame_header;
        rank_top[r] = y;
        y += m.node_height + end_rank[r] * m.frame_pad;
        turn[r] = y + m.rank_gap / 2;
        y += m.rank_gap;
    }
    const double height = layout.ranks == 0 ? 2 * m.margin : y - m.rank_gap + m.margin;
    layout.size = QSizeF(width, height);
    for (LayoutItem& item : layout.items) {
        item.rect =
            QRectF(column_left[item.column], rank_top[item.rank], m.node_width, m.node_height);
    }

    // Frame rectangles, inner before outer: around their items and inner frames.
    std::vector<QRectF> contents(blocks.size());
    for (const LayoutItem& item : layout.items) {
        const int b = frame_holding(item);
        if (b >= 0) {
            contents[b] = contents[b].isNull() ? item.rect : contents[b].united(item.rect);
        }
    }
    for (size_t f = layout.frames.size(); f-- > 0;) {
        LayoutFrame& frame = layout.frames[f];
        const QRectF inner = contents[frame.block];
        frame.rect = inner.adjusted(-m.frame_pad, -m.frame_header, m.frame_pad, m.frame_pad);
        frame.header =
            QRectF(frame.rect.left(), frame.rect.top(), frame.rect.width(), m.frame_header);
        const int parent = blocks[frame.block].parent;
        if (parent >= 0) {
            contents[parent] =
                contents[parent].isNull() ? frame.rect : contents[parent].united(frame.rect);
        }
    }

    // A lane through a column of boxes keeps to its left side, next to the path it skips.
    auto lane_x = [&](int c) {
        return column_left[c] + std::min(column_width[c], m.lane_width) / 2;
    };
    // Edge paths: down from the source's bottom centre, across in the gap below it, down the
    // lane, across in the gap above the target, and into the target's top. Several inputs
    // enter one box at points spread along its top, in the order they come from.
    const double entry_margin = std::min(12.0, m.node_width / 6);
    std::vector<double> entry(layout.edges.size());
    for (size_t i = 0; i < item_count; ++i) {
        const std::vector<int>& ins = in_edges[i];
        if (ins.empty()) {
            continue;
        }
        const QRectF& box = layout.items[i].rect;
        std::vector<std::pair<double, int>> approach;
        for (int e : ins) {
            const double ax = lane[e] >= 0 ? lane_x(lane[e])
                                           : layout.items[layout.edges[e].from].rect.center().x();
            approach.push_back({ax, e});
        }
        std::stable_sort(approach.begin(), approach.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        bool crowded = false;
        std::vector<double> xs;
        for (const auto& [ax, e] : approach) {
            xs.push_back(std::clamp(ax, box.left() + entry_margin, box.right() - entry_margin));
            crowded = crowded || (xs.size() >= 2 && xs.back() - xs[xs.size() - 2] < entry_margin);
        }
        for (size_t k = 0; k < approach.size(); ++k) {
            entry[approach[k].second] =
                crowded ? box.left() + box.width() * static_cast<double>(k + 1) /
                                           static_cast<double>(approach.size() + 1)
                        : xs[k];
        }
    }
    for (size_t e = 0; e < layout.edges.size(); ++e) {
        LayoutEdge& edge = layout.edges[e];
        const LayoutItem& from = layout.items[edge.from];
        const LayoutItem& to = layout.items[edge.to];
        const QPointF start(from.rect.center().x(), from.rect.bottom());
        const QPointF end(entry[e], to.rect.top());
        if (from.rank >= to.rank) {
            edge.points = QPolygonF({start, end});
            continue;
        }
        const double down = turn[from.rank];
        const double across = turn[to.rank - 1];
        QPolygonF points{start, QPointF(start.x(), down)};
        if (lane[e] >= 0) {
            const double lx = lane_x(lane[e]);
            points << QPointF(lx, down) << QPointF(lx, across);
        }
        points << QPointF(end.x(), across) << end;
        edge.points = simplified(points);
    }
    return layout;
}

}  // namespace cs::core
