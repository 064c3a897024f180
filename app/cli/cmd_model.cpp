// convscope-cli model info MODEL.onnx: the imported graph's nodes, shapes, parameters and
// multiply-adds. convscope-cli model run MODEL.onnx (--input X.npy | --image IMG) --out DIR: the
// model computed by the engine, its output (and with --all every node's) as float32 .npy.
// convscope-cli model export SOURCE --out MODEL.onnx: a trained network (.csw), a playground
// pipeline or a network graph (JSON) written as ONNX.
// docs/cli.md describes them; a model that cannot be read exits 2 with the reason.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <set>

#include "app/cli/commands.hpp"
#include "engine/error.hpp"
#include "engine/file_read.hpp"
#include "engine/image_io.hpp"
#include "engine/model/onnx_export.hpp"
#include "engine/model/onnx_import.hpp"
#include "engine/model/preprocess.hpp"
#include "engine/parallel.hpp"
#include "engine/pipeline/map_export.hpp"
#include "engine/pipeline/pipeline_graph.hpp"
#include "engine/pipeline/pipeline_spec.hpp"
#include "engine/safe_file.hpp"
#include "engine/train/graph_learner.hpp"
#include "engine/train/network.hpp"
#include "engine/train/weights_file.hpp"

namespace cs::cli {
namespace {

struct ModelOptions {
    std::string model;
    bool json = false;
    // run
    std::string input;
    std::string image;
    std::string out;
    bool all = false;
    bool partial = false;
    int repeat = 0;
    int threads = 0;
    // preprocessing of --image
    int64_t resize = -1;
    std::vector<int64_t> crop;
    double scale = 1.0;
    std::vector<double> mean;
    std::vector<double> std;
    bool imagenet = false;
    bool bgr = false;
    bool gray = false;
    // export
    std::vector<int64_t> size;  // a pipeline's input height and width, when it names none
    int64_t channels = 0;
};

// The network a file holds: trained weights (.csw), a network graph or a playground pipeline.
Graph graph_to_export(const ModelOptions& opt) {
    const std::string extension = std::filesystem::path(opt.model).extension().string();
    if (extension == ".csw") {
        const WeightsFile weights = read_weights_file(opt.model);
        Network network(weights.lesson.network);
        network.load_parameters(weights.parameters);
        return graph_of(network);
    }
    const std::string text = read_regular_text(opt.model, max_json_file_bytes, "the network file");
    if (is_graph_document(parse_json_limited(text, "\"" + opt.model + "\""))) {
        return read_graph_file(opt.model);
    }
    const pipeline::PipelineSpec spec = pipeline::read_pipeline_file(opt.model);
    std::optional<Pair> size = spec.input.size;
    if (opt.size.size() == 2) {
        size = Pair{opt.size[0], opt.size[1]};
    }
    require(size.has_value(), "the pipeline \"" + opt.model +
                                  "\" does not fix its input size: give it with --size H W");
    int64_t channels = opt.channels > 0 ? opt.channels : spec.input.channels;
    channels = channels > 0 ? channels : 3;
    const pipeline::Plan plan = pipeline::plan_pipeline(spec, {1, channels, size->h, size->w});
    require(plan.ok(), plan.error);
    return pipeline::plan_graph(plan, true);
}

int export_model(const ModelOptions& opt) {
    const Graph graph = graph_to_export(opt);
    write_onnx_file(graph, opt.out);
    std::cout << "wrote " << opt.out << ": " << graph.nodes().size() << " nodes, "
              << graph.parameter_count() << " parameters, input "
              << shape_string(graph.input_shape()) << " (ONNX opset " << onnx_export_opset << ")\n";
    return 0;
}

nlohmann::json node_json(const Graph& graph, size_t i) {
    const GraphNode& node = graph.nodes()[i];
    const NodeInfo& info = graph.infos()[i];
    return {{"name", node.name},
            {"op", node.op},
            {"inputs", node.inputs},
            {"params", node.params},
            {"output_shape", info.output_shape},
            {"parameters", info.parameter_count},
            {"multiply_adds", info.multiply_adds}};
}

nlohmann::json model_json(const OnnxModel& m, const std::string& path) {
    nlohmann::json nodes = nlohmann::json::array();
    int64_t macs = 0;
    for (size_t i = 0; i < m.graph.nodes().size(); ++i) {
        nodes.push_back(node_json(m.graph, i));
        macs += m.graph.infos()[i].multiply_adds;
    }
    return {{"model", path},
            {"producer", m.producer},
            {"opset", m.opset},
            {"onnx_nodes", m.onnx_nodes},
            {"input", {{"name", m.input_name}, {"shape", m.graph.input_shape()}}},
            {"output", {{"name", m.output_name}, {"node", m.graph.output_name()}}},
            {"nodes", nodes},
            {"parameters", m.graph.parameter_count()},
            {"multiply_adds", macs},
            {"problems", m.problems}};
}

// 1234567 → "1,234,567": parameter counts a teacher reads aloud.
std::string grouped(int64_t n) {
    std::string digits = std::to_string(n);
    for (int pos = static_cast<int>(digits.size()) - 3; pos > 0; pos -= 3) {
        digits.insert(static_cast<size_t>(pos), ",");
    }
    return digits;
}

void print_table(const OnnxModel& m, const std::string& path) {
    const Graph& g = m.graph;
    std::cout << "model: " << path << " (" << m.producer << ", opset " << m.opset << ", "
              << m.onnx_nodes << " ONNX nodes)\n"
              << "input: \"" << m.input_name << "\" " << shape_string(g.input_shape())
              << "    output: node " << g.output_name() << "\n\n";
    size_t name_width = 4;
    for (const GraphNode& n : g.nodes()) {
        name_width = std::max(name_width, std::min<size_t>(n.name.size(), 40));
    }
    std::cout << std::left << std::setw(5) << "#" << std::setw(static_cast<int>(name_width) + 2)
              << "node" << std::setw(22) << "op" << std::setw(20) << "output shape" << std::right
              << std::setw(14) << "parameters" << std::setw(18) << "multiply-adds"
              << "\n";
    int64_t macs = 0;
    for (size_t i = 0; i < g.nodes().size(); ++i) {
        const GraphNode& n = g.nodes()[i];
        const NodeInfo& info = g.infos()[i];
        macs += info.multiply_adds;
        std::cout << std::left << std::setw(5) << i + 1
                  << std::setw(static_cast<int>(name_width) + 2) << n.name.substr(0, 40)
                  << std::setw(22) << n.op << std::setw(20) << shape_string(info.output_shape)
                  << std::right << std::setw(14) << grouped(info.parameter_count) << std::setw(18)
                  << grouped(info.multiply_adds) << "\n";
    }
    std::cout << "\ntotal: " << g.nodes().size() << " nodes, " << grouped(g.parameter_count())
              << " parameters, " << grouped(macs) << " multiply-adds per example\n";
    if (!m.problems.empty()) {
        std::cout << "\nnot imported (" << m.problems.size() << "):\n";
        for (const std::string& p : m.problems) {
            std::cout << "  - " << p << "\n";
        }
    }
}

Preprocess preprocess_options(const ModelOptions& opt, const Preprocess& base) {
    Preprocess p = opt.imagenet ? with_imagenet_normalisation(base) : base;
    if (opt.resize >= 0) {
        p.resize = opt.resize;
    }
    if (opt.crop.size() == 1 || opt.crop.size() == 2) {
        p.crop_height = opt.crop.front();
        p.crop_width = opt.crop.back();
    }
    require(opt.crop.size() <= 2, "--crop takes one size (a square) or two (height width)");
    if (opt.scale != 1.0) {
        p.scale = opt.scale;
    }
    require(opt.mean.empty() || opt.mean.size() == 3, "--mean takes three values");
    require(opt.std.empty() || opt.std.size() == 3, "--std takes three values");
    if (opt.mean.size() == 3) {
        p.mean = {opt.mean[0], opt.mean[1], opt.mean[2]};
    }
    if (opt.std.size() == 3) {
        p.std = {opt.std[0], opt.std[1], opt.std[2]};
    }
    p.bgr = p.bgr || opt.bgr;
    if (opt.gray) {
        p.channels = 1;
    }
    return p;
}

// The model and the batch to run it on: an .npy array ((C, H, W) or (N, C, H, W)) or an image
// preprocessed for it.
std::pair<OnnxModel, Tensor> model_and_input(const ModelOptions& opt) {
    require(opt.input.empty() != opt.image.empty(), "give either --input X.npy or --image IMG");
    if (!opt.input.empty()) {
        Tensor batch = pipeline::read_npy(opt.input);
        if (batch.dim() == 3) {
            batch = batch.reshaped({1, batch.size(0), batch.size(1), batch.size(2)});
        }
        require(batch.dim() == 4 && batch.size(0) >= 1,
                "the input " + shape_string(batch.shape()) +
                    " must be (C, H, W) or (N, C, H, W) with at least one example");
        const Shape example(batch.shape().begin() + 1, batch.shape().end());
        return {read_onnx_file(opt.model, example), std::move(batch)};
    }
    const Tensor image = load_image(opt.image);
    const bool sized = opt.resize >= 0 || !opt.crop.empty();
    if (!sized) {  // the file's own input size decides
        OnnxModel model = read_onnx_file(opt.model);
        Tensor batch = preprocess_image(
            image, preprocess_options(opt, default_preprocess(model.graph.input_shape())));
        require(Shape(batch.shape().begin() + 1, batch.shape().end()) == model.graph.input_shape(),
                "the preprocessed image " + shape_string(batch.shape()) +
                    " does not fit the model's input " + shape_string(model.graph.input_shape()));
        return {std::move(model), std::move(batch)};
    }
    Tensor batch = preprocess_image(image, preprocess_options(opt, Preprocess{}));
    const Shape example(batch.shape().begin() + 1, batch.shape().end());
    return {read_onnx_file(opt.model, example), std::move(batch)};
}

// A node name as a file name: letters, digits, '-', '_' and '.', the rest as '_'.
std::string file_stem(const std::string& name) {
    std::string stem = name;
    for (char& c : stem) {
        const bool safe =
            std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
        c = safe ? c : '_';
    }
    stem.erase(0, stem.find_first_not_of("._"));
    return stem.empty() ? "node" : stem;
}

// Runs after the first take the buffers the previous run freed, as OpenCV's net keeps its blobs.
void report_timing(const Graph& graph, const Tensor& batch, int repeat) {
    const TensorBufferReuse reuse;
    std::vector<double> ms;
    for (int i = 0; i < repeat; ++i) {
        const auto start = std::chrono::steady_clock::now();
        graph.run(batch);
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(ms.begin(), ms.end());
    std::cerr << nlohmann::json{{"median_ms", ms[ms.size() / 2]},
                                {"min_ms", ms.front()},
                                {"repeat", repeat},
                                {"threads", thread_count()}}
                     .dump()
              << "\n";
}

int run_model(const ModelOptions& opt) {
    set_thread_count(opt.threads);
    auto [model, batch] = model_and_input(opt);
    if (!model.problems.empty()) {
        std::cerr << (opt.partial ? "warning" : "error") << ": " << model.problems.size()
                  << " node(s) could not be imported:\n";
        for (const std::string& p : model.problems) {
            std::cerr << "  - " << p << "\n";
        }
        if (!opt.partial) {
            std::cerr << "(--partial runs the graph as far as it was imported)\n";
            return 2;
        }
    }
    const GraphRun run = model.graph.run(batch);
    if (opt.repeat > 0) {
        report_timing(model.graph, batch, opt.repeat);
    }
    const std::filesystem::path dir(opt.out);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    require(!ec && std::filesystem::is_directory(dir),
            "cannot create the output folder \"" + opt.out + "\"");
    pipeline::write_npy(run.output(), (dir / "output.npy").string());
    if (opt.all) {
        pipeline::write_npy(batch, (dir / "input.npy").string());  // as preprocessed
        nlohmann::json index = nlohmann::json::array();
        std::set<std::string> used = {"input", "output", "nodes"};
        for (size_t i = 0; i < model.graph.nodes().size(); ++i) {
            std::string stem = file_stem(model.graph.nodes()[i].name);
            for (int k = 2; used.count(stem) > 0; ++k) {
                stem = file_stem(model.graph.nodes()[i].name) + "_" + std::to_string(k);
            }
            used.insert(stem);
            const Tensor& value = run.results[i].output;
            pipeline::write_npy(value, (dir / (stem + ".npy")).string());
            index.push_back({{"node", model.graph.nodes()[i].name},
                             {"op", model.graph.nodes()[i].op},
                             {"file", stem + ".npy"},
                             {"shape", value.shape()}});
        }
        write_file_atomically((dir / "nodes.json").string(), index.dump(2) + "\n", "the node list");
    }
    return 0;
}

void add_preprocess_options(CLI::App* cmd, ModelOptions* opt) {
    cmd->add_option("--resize", opt->resize, "With --image: the shorter side becomes N pixels")
        ->check(CLI::Range(int64_t{0}, int64_t{8192}));
    cmd->add_option("--crop", opt->crop, "With --image: centre crop, N (square) or H W")
        ->expected(1, 2);
    cmd->add_option("--scale", opt->scale, "With --image: multiply values in [0, 1] by X");
    cmd->add_option("--mean", opt->mean, "With --image: mean per channel (3 values)")->expected(3);
    cmd->add_option("--std", opt->std, "With --image: standard deviation per channel (3 values)")
        ->expected(3);
    cmd->add_flag("--imagenet", opt->imagenet, "With --image: torchvision's ImageNet mean and std");
    cmd->add_flag("--bgr", opt->bgr, "With --image: channels in BGR order");
    cmd->add_flag("--gray", opt->gray, "With --image: one gray channel");
}

}  // namespace

Runner add_model_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("model", "Open an ONNX model: its graph, or run it");
    cmd->require_subcommand(1);
    auto opt = std::make_shared<ModelOptions>();
    auto* info = cmd->add_subcommand("info", "Nodes, shapes, parameters and multiply-adds");
    info->add_option("MODEL", opt->model, "ONNX model file")->required();
    info->add_flag("--json", opt->json, "Print the graph as JSON");
    auto* run = cmd->add_subcommand("run", "Run the model and write its output as .npy");
    run->add_option("MODEL", opt->model, "ONNX model file")->required();
    run->add_option("--input", opt->input, "Input array, float32 or float64 .npy");
    run->add_option("--image", opt->image, "Input image, preprocessed (see --resize …)");
    run->add_option("--out", opt->out, "Output folder (output.npy)")->required();
    run->add_flag("--all", opt->all, "Also write the input, every node's output and nodes.json");
    run->add_flag("--partial", opt->partial, "Run as far as the model could be imported");
    run->add_option("--repeat", opt->repeat, "Time N more runs after the first (stderr)")
        ->check(CLI::Range(0, 100000));
    run->add_option("--threads", opt->threads, "Worker threads (0 = all cores)")
        ->check(CLI::Range(0, 1024));
    add_preprocess_options(run, opt.get());
    auto* save = cmd->add_subcommand(
        "export", "Write a trained network (.csw), a network graph or a pipeline as ONNX");
    save->add_option("SOURCE", opt->model, ".csw weights, network graph or pipeline file")
        ->required();
    save->add_option("--out", opt->out, "The ONNX file to write")->required();
    save->add_option("--size", opt->size, "A pipeline's input height and width")
        ->expected(2)
        ->check(CLI::Range(1, 16384));
    save->add_option("--channels", opt->channels, "A pipeline's input channels (1 or 3)")
        ->check(CLI::IsMember({1, 3}));
    return [opt, info, run, save] {
        if (run->parsed()) {
            return run_model(*opt);
        }
        if (save->parsed()) {
            return export_model(*opt);
        }
        const OnnxModel model = read_onnx_file(opt->model);
        if (opt->json) {
            std::cout << model_json(model, opt->model).dump(2) << "\n";
        } else {
            print_table(model, opt->model);
        }
        (void)info;
        return 0;
    };
}

}  // namespace cs::cli
