#include "app/core/pipeline_lanes.hpp"

#include <algorithm>
#include <map>

#include "engine/error.hpp"

namespace cs::core {

PipelineLanes pipeline_lanes(const pipeline::PipelineSpec& spec) {
    std::vector<std::vector<int64_t>> sources(spec.layers.size());
    std::vector<bool> joins(spec.layers.size());
    for (size_t row = 0; row < spec.layers.size(); ++row) {
        joins[row] = pipeline::is_join(spec.layers[row].op);
        try {
            sources[row] = pipeline::layer_sources(spec, row);
        } catch (const Error&) {
        }
    }
    return lanes_from_sources(sources, joins);
}

PipelineLanes graph_lanes(const Graph& graph) {
    const std::vector<GraphNode>& nodes = graph.nodes();
    std::vector<std::vector<int64_t>> sources(nodes.size());
    std::vector<bool> joins(nodes.size());
    for (size_t row = 0; row < nodes.size(); ++row) {
        joins[row] = nodes[row].inputs.size() > 1;
        for (const std::string& input : nodes[row].inputs) {
            sources[row].push_back(input == graph_input_name ? -1 : graph.index_of(input));
        }
    }
    return lanes_from_sources(sources, joins);
}

PipelineLanes lanes_from_sources(const std::vector<std::vector<int64_t>>& sources,
                                 const std::vector<bool>& joins) {
    const auto n = static_cast<int64_t>(sources.size());
    PipelineLanes out;
    out.rows.resize(sources.size());
    // Readers of each value further down than the next row, by value (−1: the input).
    std::map<int64_t, std::vector<int64_t>> far_readers;
    for (int64_t row = 0; row < n; ++row) {
        RowLanes& lanes = out.rows[static_cast<size_t>(row)];
        lanes.join = joins[static_cast<size_t>(row)];
        for (int64_t source : sources[static_cast<size_t>(row)]) {
            if (source == row - 1) {
                lanes.from_above = true;
                if (row > 0) {
                    out.rows[static_cast<size_t>(row - 1)].to_below = true;
                }
            } else {
                far_readers[source].push_back(row);
            }
        }
    }
    // One lane per value, over the rows from the value to its last reader; a lane is reused
    // once the value before it has reached its last reader.
    std::vector<int64_t> lane_free_after;  // per lane: the last row it is busy in
    std::vector<std::pair<int64_t, std::vector<int64_t>>> spans(far_readers.begin(),
                                                                far_readers.end());
    for (auto& [source, readers] : spans) {
        std::sort(readers.begin(), readers.end());
        readers.erase(std::unique(readers.begin(), readers.end()), readers.end());
        size_t lane = 0;
        while (lane < lane_free_after.size() && lane_free_after[lane] >= source) {
            ++lane;
        }
        if (lane == lane_free_after.size()) {
            lane_free_after.push_back(0);
        }
        lane_free_after[lane] = readers.back();
        for (RowLanes& row : out.rows) {
            row.marks.resize(std::max(row.marks.size(), lane + 1), LaneMark::none);
        }
        if (source >= 0) {
            out.rows[static_cast<size_t>(source)].marks[lane] = LaneMark::start;
        }
        for (int64_t row = std::max<int64_t>(source + 1, 0); row < readers.back(); ++row) {
            out.rows[static_cast<size_t>(row)].marks[lane] = LaneMark::pass;
        }
        for (int64_t reader : readers) {
            out.rows[static_cast<size_t>(reader)].marks[lane] =
                reader == readers.back() ? LaneMark::end : LaneMark::tap;
        }
    }
    out.lanes = static_cast<int>(lane_free_after.size());
    for (RowLanes& row : out.rows) {
        row.marks.resize(static_cast<size_t>(out.lanes), LaneMark::none);
    }
    return out;
}

}  // namespace cs::core
