#include "engine/graph/graph_field.hpp"

#include <algorithm>

namespace cs {
namespace {

using pipeline::LayerField;

bool same_field(const LayerField& a, const LayerField& b) {
    const auto same_axis = [](const pipeline::AxisField& x, const pipeline::AxisField& y) {
        return x.size == y.size && x.jump == y.jump && x.start == y.start;
    };
    return a.whole == b.whole && same_axis(a.h, b.h) && same_axis(a.w, b.w);
}

// Larger first: whole before windows, then by area, then by height.
bool larger(const PathField& a, const PathField& b) {
    if (a.field.whole != b.field.whole) {
        return a.field.whole;
    }
    const double area_a = a.field.h.size * a.field.w.size;
    const double area_b = b.field.h.size * b.field.w.size;
    return area_a != area_b ? area_a > area_b : a.field.h.size > b.field.h.size;
}

void add_distinct(std::vector<PathField>& paths, PathField path) {
    for (const PathField& known : paths) {
        if (same_field(known.field, path.field)) {
            return;
        }
    }
    paths.push_back(std::move(path));
}

Shape with_batch(const Shape& example) {
    Shape s = example;
    s.insert(s.begin(), 1);
    return s;
}

}  // namespace

std::string route_text(const std::vector<std::string>& route) {
    std::string text = graph_input_name;
    for (const std::string& name : route) {
        text += " → " + name;
    }
    return text;
}

std::vector<NodeField> graph_receptive_fields(const Graph& graph) {
    const std::vector<GraphNode>& nodes = graph.nodes();
    const Shape network_input = with_batch(graph.input_shape());
    std::vector<NodeField> fields(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i) {
        const GraphNode& node = nodes[i];
        const Shape output = with_batch(graph.infos()[i].output_shape);
        std::vector<PathField> paths;
        for (const std::string& input : node.inputs) {
            const int64_t source = input == graph_input_name ? -1 : graph.index_of(input);
            const Shape input_shape =
                source < 0 ? network_input
                           : with_batch(graph.infos()[static_cast<size_t>(source)].output_shape);
            OpCall call{node.op, Tensor::shape_only(input_shape),
                        node.tensors.count("weight") ? node.tensors.at("weight") : Tensor(),
                        node.tensors.count("bias") ? node.tensors.at("bias") : Tensor(),
                        node.params};
            const std::vector<PathField> before = source < 0
                                                      ? std::vector<PathField>{PathField{}}
                                                      : fields[static_cast<size_t>(source)].paths;
            for (const PathField& path : before) {
                PathField next{path.route, pipeline::advance_field(path.field, call, input_shape,
                                                                   output, network_input)};
                next.route.push_back(node.name);
                add_distinct(paths, std::move(next));
            }
        }
        std::stable_sort(paths.begin(), paths.end(), larger);
        if (paths.size() > max_path_fields) {
            paths.resize(max_path_fields);
        }
        fields[i].paths = std::move(paths);
    }
    return fields;
}

}  // namespace cs
