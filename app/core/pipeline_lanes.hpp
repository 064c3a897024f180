#pragma once
// How the playground's layer list draws a pipeline's graph beside the rows, as `git log
// --graph` draws history: lane 0 is the chain (a layer reading the one above), and every value
// read further down gets a lane of its own that runs past the rows in between and turns into
// each layer that reads it.
#include <vector>

#include "engine/graph/graph.hpp"
#include "engine/pipeline/pipeline_spec.hpp"

namespace cs::core {

enum class LaneMark {
    none,
    pass,   // the lane runs past this row
    start,  // the value of this row leaves into the lane (downwards)
    tap,    // this row reads the lane's value, which runs on to a later reader
    end,    // this row is the lane's last reader
};

struct RowLanes {
    bool from_above = false;      // reads the row above (row 0: the input)
    bool to_below = false;        // the row below reads it
    bool join = false;            // joins several values (add, cat)
    std::vector<LaneMark> marks;  // per lane 1 … lanes (index 0 is lane 1)
};

struct PipelineLanes {
    int lanes = 0;  // besides lane 0
    std::vector<RowLanes> rows;
};

// Rows whose inputs cannot be resolved are drawn without edges.
PipelineLanes pipeline_lanes(const pipeline::PipelineSpec& spec);
// The same drawing for an imported model: one row per node in graph order.
PipelineLanes graph_lanes(const Graph& graph);
// The lanes from each row's sources (row numbers, −1: the input) and whether it is a join.
PipelineLanes lanes_from_sources(const std::vector<std::vector<int64_t>>& sources,
                                 const std::vector<bool>& joins);

}  // namespace cs::core
