#include <iomanip>
#include <iostream>
#include <sstream>

#include "app/cli/commands.hpp"
#include "engine/error.hpp"
#include "engine/file_read.hpp"
#include "engine/graph/graph.hpp"
#include "engine/graph/graph_field.hpp"
#include "engine/image_io.hpp"
#include "engine/op_call.hpp"

namespace cs::cli {
namespace {

// A network file starts with '{' (after blanks) and says "format": "convscope-graph".
bool looks_like_graph(const std::string& path) {
    const std::vector<uint8_t> start = read_file_start(path, 1, "the file");
    if (start.empty() || (start[0] != '{' && start[0] != ' ' && start[0] != '\n')) {
        return false;
    }
    try {
        const std::string text = read_regular_text(path, max_json_file_bytes, "the file");
        return is_graph_document(parse_json_limited(text, path));
    } catch (const std::exception&) {
        return false;
    }
}

std::string inputs_text(const GraphNode& node) {
    std::string text;
    for (const std::string& input : node.inputs) {
        text += (text.empty() ? "" : ", ") + input;
    }
    return text;
}

std::string field_text(const pipeline::LayerField& f) {
    if (f.whole) {
        return "whole";
    }
    return format_number(f.h.size) + "×" + format_number(f.w.size);
}

nlohmann::json field_json(const NodeField& field) {
    nlohmann::json paths = nlohmann::json::array();
    for (const PathField& p : field.paths) {
        paths.push_back({{"route", route_text(p.route)},
                         {"height", p.field.h.size},
                         {"width", p.field.w.size},
                         {"whole", p.field.whole}});
    }
    return {{"height", field.largest().h.size},
            {"width", field.largest().w.size},
            {"whole", field.largest().whole},
            {"paths", paths}};
}

// One line per node: what it reads, its output per example, parameters, multiply-adds and
// receptive field (the largest over the paths reaching it; joins list each path below).
int print_graph(const std::string& path, bool as_json) {
    const Graph graph = read_graph_file(path);
    const std::vector<NodeField> fields = graph_receptive_fields(graph);
    int64_t total_macs = 0;
    for (const NodeInfo& info : graph.infos()) {
        total_macs += info.multiply_adds;
    }
    if (as_json) {
        nlohmann::json nodes = nlohmann::json::array();
        for (size_t i = 0; i < graph.nodes().size(); ++i) {
            const GraphNode& node = graph.nodes()[i];
            const NodeInfo& info = graph.infos()[i];
            nodes.push_back({{"name", node.name},
                             {"op", node.op},
                             {"inputs", node.inputs},
                             {"output_shape", info.output_shape},
                             {"formulas", info.formulas},
                             {"parameters", info.parameter_count},
                             {"multiply_adds", info.multiply_adds},
                             {"consumers", info.consumers},
                             {"receptive_field", field_json(fields[i])}});
        }
        std::cout << nlohmann::json{{"input", graph.input_shape()},
                                    {"output", graph.output_name()},
                                    {"parameters", graph.parameter_count()},
                                    {"multiply_adds", total_macs},
                                    {"nodes", std::move(nodes)}}
                         .dump(2)
                  << "\n";
        return 0;
    }
    std::cout << "network: " << path << "\n"
              << "input: " << shape_string(graph.input_shape()) << " per example\n\n";
    std::cout << std::left << std::setw(16) << "node" << std::setw(22) << "op" << std::setw(26)
              << "reads" << std::setw(18) << "output" << std::right << std::setw(12) << "parameters"
              << std::setw(16) << "multiply-adds" << std::setw(12) << "field"
              << "\n";
    for (size_t i = 0; i < graph.nodes().size(); ++i) {
        const GraphNode& node = graph.nodes()[i];
        const NodeInfo& info = graph.infos()[i];
        std::cout << std::left << std::setw(16) << node.name << std::setw(22) << node.op
                  << std::setw(26) << inputs_text(node) << std::setw(18)
                  << shape_string(info.output_shape) << std::right << std::setw(12)
                  << info.parameter_count << std::setw(16) << info.multiply_adds << std::setw(12)
                  << field_text(fields[i].largest()) << "\n";
    }
    for (size_t i = 0; i < graph.nodes().size(); ++i) {
        if (fields[i].paths.size() < 2) {
            continue;
        }
        std::cout << "\nreceptive fields of " << graph.nodes()[i].name << ", one per path:\n";
        for (const PathField& p : fields[i].paths) {
            std::cout << "  " << field_text(p.field) << "  " << route_text(p.route) << "\n";
        }
    }
    std::cout << "\noutput: " << graph.output_name() << "\n"
              << "parameters: " << graph.parameter_count() << "\n"
              << "multiply-adds per example: " << total_macs << "\n";
    return 0;
}

const char* kind_name(ParamKind kind) {
    switch (kind) {
        case ParamKind::whole:
            return "integer";
        case ParamKind::size:
            return "size";
        case ParamKind::number:
            return "number";
        case ParamKind::flag:
            return "bool";
        case ParamKind::choice:
            return "choice";
        case ParamKind::sides:
            return "sides";
    }
    return "";
}

nlohmann::json param_json(const ParamSpec& spec) {
    nlohmann::json j = {{"name", spec.name},        {"type", kind_name(spec.kind)},
                        {"default", spec.fallback}, {"range", {spec.low, spec.high}},
                        {"meaning", spec.meaning},  {"torch", spec.torch}};
    if (!spec.start.is_null()) {
        j["start"] = spec.start;
    }
    if (!spec.choices.empty()) {
        j["choices"] = spec.choices;
    }
    if (spec.nullable) {
        j["nullable"] = true;
    }
    if (spec.weight_shape) {
        j["sizes_weight"] = true;
    }
    return j;
}

// What the engine's description of `op` says: its parameters (torch's names, defaults,
// ranges, meanings) and the torch.nn module of a layer.
int print_op(const std::string& op, bool as_json) {
    const OpHandler& h = op_handler(op);
    if (as_json) {
        nlohmann::json params = nlohmann::json::array();
        for (const ParamSpec& spec : h.params) {
            params.push_back(param_json(spec));
        }
        std::cout << nlohmann::json{{"op", op},
                                    {"torch_module", h.torch_module},
                                    {"backward", static_cast<bool>(h.backward)},
                                    {"trace", static_cast<bool>(h.trace)},
                                    {"parameters", params}}
                         .dump(2)
                  << "\n";
        return 0;
    }
    std::cout << "op: " << op << "\n";
    if (!h.torch_module.empty()) {
        std::cout << "torch.nn module: " << h.torch_module << "\n";
    }
    std::cout << "parameters:" << (h.params.empty() ? " none" : "") << "\n";
    for (const ParamSpec& spec : h.params) {
        std::cout << "  " << std::left << std::setw(18) << spec.name << std::setw(8)
                  << kind_name(spec.kind) << " default " << spec.fallback.dump() << "; "
                  << spec.meaning << (spec.torch ? "" : " (ConvScope's own)") << "\n";
    }
    return 0;
}

}  // namespace

Runner add_info_command(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "info", "Print an image's size, channels and bit depth, or a network file's nodes");
    auto path = std::make_shared<std::string>();
    auto as_json = std::make_shared<bool>(false);
    auto op = std::make_shared<std::string>();
    auto* file = cmd->add_option("FILE", *path,
                                 "Image file, or a network (\"format\": \"convscope-graph\")");
    auto* op_option =
        cmd->add_option("--op", *op, "An op's parameters: names, defaults, ranges and meanings");
    file->excludes(op_option);
    cmd->add_flag("--json", *as_json, "A network's summary (or an op's parameters) as JSON");
    cmd->callback([file, op_option] {
        if (file->count() == 0 && op_option->count() == 0) {
            throw CLI::RequiredError("FILE or --op");
        }
    });
    return [path, as_json, op] {
        if (!op->empty()) {
            return print_op(*op, *as_json);
        }
        if (looks_like_graph(*path)) {
            return print_graph(*path, *as_json);
        }
        const ImageInfo info = image_info(*path);
        std::cout << "file: " << *path << "\n"
                  << "format: " << info.format << "\n"
                  << "width: " << info.width << "\n"
                  << "height: " << info.height << "\n"
                  << "channels: " << info.channels << "\n"
                  << "bit depth: " << info.bit_depth << "\n";
        return 0;
    };
}

}  // namespace cs::cli
