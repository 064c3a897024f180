#pragma once
// Receptive fields through a network graph: a node that joins branches (an Inception block's
// cat, a residual add) sees the input through every path that reaches it, and each path has
// its own field. Each node gets the fields of its distinct paths and the largest of them (what
// the node as a whole can see), with the formulas of pipeline/receptive_field.hpp.
#include <string>
#include <vector>

#include "engine/graph/graph.hpp"
#include "engine/pipeline/receptive_field.hpp"

namespace cs {

struct PathField {
    std::vector<std::string> route;  // node names from the first node read to this one
    pipeline::LayerField field;
};

struct NodeField {
    // One per distinct field (paths with the same size, jump and start count once; the first
    // route found is kept), largest first; at most max_path_fields.
    std::vector<PathField> paths;
    const pipeline::LayerField& largest() const { return paths.front().field; }
};

inline constexpr size_t max_path_fields = 16;

// One entry per node of graph.nodes().
std::vector<NodeField> graph_receptive_fields(const Graph& graph);

// "input → conv1 → bn1 → relu1 → conv2" (a route's text).
std::string route_text(const std::vector<std::string>& route);

}  // namespace cs
