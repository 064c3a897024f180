// convscope-cli run PIPELINE.json --image IMG --out DIR: every layer's feature maps as PNG
// files (one per channel, full resolution), a contact sheet per layer, optionally the raw
// float32 values as .npy, and summary.json with shapes, parameter counts, formulas and
// receptive fields — the same maps the playground shows.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/cli/commands.hpp"
#include "engine/image_io.hpp"
#include "engine/parallel.hpp"
#include "engine/pipeline/map_export.hpp"
#include "engine/pipeline/receptive_field.hpp"

namespace cs::cli {
namespace {

struct RunOptions {
    std::string pipeline;
    std::string image;
    std::string out;
    std::string colormap = "gray";
    bool shared = false;
    bool symmetric = false;
    bool npy = false;
    bool no_png = false;
    int sheet_side = 256;
    int threads = 0;
};

std::string two_digits(size_t i) {
    return (i < 10 ? "0" : "") + std::to_string(i);
}

nlohmann::json summary(const pipeline::Plan& plan, const std::string& image) {
    const std::vector<pipeline::LayerField> fields = pipeline::receptive_fields(plan);
    nlohmann::json layers = nlohmann::json::array();
    for (size_t i = 0; i < plan.layers.size(); ++i) {
        const pipeline::PlannedLayer& l = plan.layers[i];
        layers.push_back({{"op", l.call.op},
                          {"params", l.call.params},
                          {"output_shape", l.output.shape},
                          {"formulas", l.output.formulas},
                          {"parameters", l.parameters},
                          {"parameter_formula", l.parameter_formula},
                          {"receptive_field",
                           {{"size", {fields[i].h.size, fields[i].w.size}},
                            {"jump", {fields[i].h.jump, fields[i].w.jump}},
                            {"whole_input", fields[i].whole}}}});
    }
    return {{"image", image},
            {"input_shape", plan.input_shape},
            {"parameters", plan.parameters()},
            {"layers", layers}};
}

int run(const RunOptions& opt) {
    set_thread_count(opt.threads);
    const pipeline::PipelineSpec spec = pipeline::read_pipeline_file(opt.pipeline);
    std::string image_path = opt.image;
    if (image_path.empty()) {
        require(!spec.image.empty(), "the pipeline names no image: give one with --image IMG");
        image_path = (std::filesystem::path(opt.pipeline).parent_path() / spec.image).string();
    }
    const Tensor input = pipeline::prepare_input(load_image(image_path), spec.input);
    const pipeline::Plan plan = pipeline::plan_pipeline(spec, input.shape());
    require(plan.ok(), plan.error);

    const auto start = std::chrono::steady_clock::now();
    pipeline::MapCollector collector(plan, opt.sheet_side,
                                     std::vector<int64_t>(plan.layers.size(), pipeline::Keep::all));
    pipeline::forward_streamed(plan, pipeline::InputImage(input), collector.sink());
    const std::vector<pipeline::LayerMaps> maps = collector.take();
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

    const std::filesystem::path out(opt.out);
    std::filesystem::create_directories(out);
    pipeline::MapStyle style;
    style.colormap = colormap_from_name(opt.colormap);
    style.kind = opt.symmetric ? Normalization::Kind::symmetric : Normalization::Kind::min_max;
    style.shared = opt.shared;
    if (opt.npy) {
        pipeline::write_npy(input, (out / "input.npy").string());
    }
    for (size_t i = 0; i < plan.layers.size(); ++i) {
        const pipeline::PlannedLayer& layer = plan.layers[i];
        const pipeline::LayerMaps& m = maps[i];
        const std::string stem = "layer" + two_digits(i + 1);
        if (!opt.no_png) {
            const std::filesystem::path dir = out / (stem + "_" + layer.call.op);
            std::filesystem::create_directories(dir);
            for (int64_t c = 0; c < m.channels; ++c) {
                pipeline::save_channel_png(
                    m, c, (dir / ("c" + two_digits(static_cast<size_t>(c)) + ".png")).string(),
                    style);
            }
            save_image(pipeline::contact_sheet(m, style),
                       (out / (stem + "_" + layer.call.op + "_sheet.png")).string());
        }
        if (opt.npy) {
            pipeline::write_npy(Tensor(layer.output.shape, m.full),
                                (out / (stem + ".npy")).string());
            if (!layer.call.weight.empty()) {
                pipeline::write_npy(layer.call.weight, (out / (stem + "_weight.npy")).string());
            }
            if (!layer.call.bias.empty()) {
                pipeline::write_npy(layer.call.bias, (out / (stem + "_bias.npy")).string());
            }
        }
        std::cout << "layer " << i + 1 << "  " << layer.call.op << "  "
                  << shape_string(layer.output.shape) << "  parameters " << layer.parameters
                  << "\n";
    }
    std::ofstream(out / "summary.json") << summary(plan, image_path).dump(2) << "\n";
    std::cout << "input " << shape_string(input.shape()) << ", " << plan.parameters()
              << " parameters, forward " << static_cast<int>(ms + 0.5) << " ms; wrote "
              << out.string() << "\n";
    return 0;
}

}  // namespace

Runner add_run_command(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "run", "Run a pipeline on an image and write every layer's feature maps (playground)");
    auto opt = std::make_shared<RunOptions>();
    cmd->add_option("PIPELINE", opt->pipeline, "Pipeline file (docs/pipeline-format.md)")
        ->required();
    cmd->add_option("--image", opt->image, "Input image (default: the pipeline's own)");
    cmd->add_option("--out", opt->out, "Output folder")->required();
    cmd->add_option("--colormap", opt->colormap, "gray, diverging or viridis")
        ->check(CLI::IsMember({"gray", "diverging", "viridis"}));
    cmd->add_flag("--shared-scale", opt->shared,
                  "One colour range for all channels of a layer (default: one per map)");
    cmd->add_flag("--symmetric", opt->symmetric, "Colour range symmetric around zero");
    cmd->add_flag("--npy", opt->npy,
                  "Also write the input, every layer's output and the weights as float32 .npy");
    cmd->add_flag("--no-png", opt->no_png, "Write no PNG files");
    cmd->add_option("--sheet-side", opt->sheet_side, "Longer side of a contact-sheet cell")
        ->check(CLI::Range(8, 4096));
    cmd->add_option("--threads", opt->threads, "Worker threads (0 = all cores)")
        ->check(CLI::Range(0, 1024));
    return [opt] { return run(*opt); };
}

}  // namespace cs::cli
