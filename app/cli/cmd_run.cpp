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
#include "app/core/map_range.hpp"
#include "engine/image_io.hpp"
#include "engine/memory_budget.hpp"
#include "engine/parallel.hpp"
#include "engine/pipeline/map_export.hpp"
#include "engine/pipeline/pipeline_graph.hpp"
#include "engine/pipeline/receptive_field.hpp"
#include "engine/safe_file.hpp"

namespace cs::cli {
namespace {

struct RunOptions {
    std::string pipeline;
    std::string image;
    std::string out;
    std::string colormap = "gray";
    bool shared = false;
    bool symmetric = false;
    std::string range = "robust";  // as the window: clip at the 99th percentile, or "full"
    bool npy = false;
    bool no_png = false;
    int sheet_side = 256;
    int threads = 0;
};

std::string two_digits(size_t i) {
    return (i < 10 ? "0" : "") + std::to_string(i);
}

nlohmann::json summary(const pipeline::Plan& plan, const std::string& image) {
    const std::vector<NodeField> paths = pipeline::path_fields(plan);
    nlohmann::json layers = nlohmann::json::array();
    for (size_t i = 0; i < plan.layers.size(); ++i) {
        const pipeline::PlannedLayer& l = plan.layers[i];
        const pipeline::LayerField& field = paths[i].largest();
        nlohmann::json each = nlohmann::json::array();
        for (const PathField& path : paths[i].paths) {
            each.push_back({{"route", path.route},
                            {"size", {path.field.h.size, path.field.w.size}},
                            {"whole_input", path.field.whole}});
        }
        layers.push_back({{"name", l.key},
                          {"reads", l.sources},
                          {"op", l.call.op},
                          {"params", l.call.params},
                          {"output_shape", l.output.shape},
                          {"formulas", l.output.formulas},
                          {"parameters", l.parameters},
                          {"parameter_formula", l.parameter_formula},
                          {"receptive_field",
                           {{"size", {field.h.size, field.w.size}},
                            {"jump", {field.h.jump, field.w.jump}},
                            {"whole_input", field.whole},
                            {"paths", each}}}});
    }
    return {{"image", image},
            {"input_shape", plan.input_shape},
            {"parameters", plan.parameters()},
            {"layers", layers}};
}

// One forward pass: what it keeps at full resolution (per layer Keep::none, Keep::all or one
// channel) and the bytes that costs.
struct Pass {
    std::vector<int64_t> keep;
    int64_t kept = 0;
    int64_t writing = 0;  // the largest PNG written from it: plane, RGB, BGR and encoded bytes
};

// The forward passes that together give every map the outputs need at full resolution (each
// channel's PNG, each layer's .npy), each within the memory budget. A small photo takes one
// pass; a 100-megapixel one holds a few of its channels at a time and runs the pipeline again
// for the others, instead of holding 3.6 GB of maps at once.
std::vector<Pass> plan_passes(const pipeline::Plan& plan, int64_t forward_peak,
                              const RunOptions& opt, const std::string& what) {
    const std::string advice = "use a smaller image (or an input size) or fewer channels";
    require_memory(forward_peak, what, advice);
    std::vector<Pass> passes;
    const auto place = [&](size_t layer, int64_t keep, int64_t bytes, int64_t writing) {
        for (Pass& p : passes) {
            if (p.keep[layer] == pipeline::Keep::none &&
                forward_peak + p.kept + bytes + std::max(p.writing, writing) <=
                    memory_budget_bytes) {
                p.keep[layer] = keep;
                p.kept += bytes;
                p.writing = std::max(p.writing, writing);
                return;
            }
        }
        Pass p;
        p.keep.assign(plan.layers.size(), pipeline::Keep::none);
        p.keep[layer] = keep;
        p.kept = bytes;
        p.writing = writing;
        passes.push_back(std::move(p));
    };
    for (size_t i = 0; i < plan.layers.size() && (opt.npy || !opt.no_png); ++i) {
        const Shape& shape = plan.layers[i].output.shape;
        const int64_t whole = pipeline::full_bytes(shape);
        const int64_t channels = shape.size() == 4 ? shape[1] : 1;
        const int64_t plane = whole / channels;
        const int64_t writing = opt.no_png ? 0 : plane / 4 * 10;
        const std::string layer = "layer " + std::to_string(i + 1) + " (" + plan.layers[i].call.op +
                                  ", " + shape_string(shape) + ")";
        if (opt.npy || forward_peak + whole + writing <= memory_budget_bytes) {
            if (opt.npy) {
                require_memory(forward_peak + whole + writing,
                               what + " with --npy (" + layer + " whole in memory)",
                               "leave out --npy, or " + advice);
            }
            place(i, pipeline::Keep::all, whole, writing);
            continue;
        }
        require_memory(forward_peak + plane + writing, what + " (one channel of " + layer + ")",
                       advice);
        for (int64_t c = 0; c < channels; ++c) {
            place(i, c, plane, writing);
        }
    }
    if (passes.empty()) {  // still one pass, for the ranges and contact sheets
        passes.push_back({std::vector<int64_t>(plan.layers.size(), pipeline::Keep::none), 0, 0});
    }
    return passes;
}

int run(const RunOptions& opt) {
    set_thread_count(opt.threads);
    const pipeline::PipelineSpec spec = pipeline::read_pipeline_file(opt.pipeline);
    std::string image_path = opt.image;
    if (image_path.empty()) {
        require(!spec.image.empty(), "the pipeline names no image: give one with --image IMG");
        image_path = (std::filesystem::path(opt.pipeline).parent_path() / spec.image).string();
    }
    // Kept compactly (a byte per value for an 8-bit photo), never as a second float copy.
    const pipeline::InputImage input =
        pipeline::prepare_input(pipeline::InputImage(load_image(image_path)), spec.input);
    const pipeline::Plan plan = pipeline::plan_pipeline(spec, input.shape());
    require(plan.ok(), plan.error);
    const std::string what = "this pipeline on a " + std::to_string(input.shape()[2]) + "×" +
                             std::to_string(input.shape()[3]) + " image";
    const std::vector<Pass> passes = plan_passes(
        plan,
        pipeline::estimated_peak_bytes(
            plan, input.bytes(), std::vector<int64_t>(plan.layers.size(), pipeline::Keep::none),
            opt.sheet_side),
        opt, what);

    const std::filesystem::path out(opt.out);
    std::filesystem::create_directories(out);
    pipeline::MapStyle style;
    style.colormap = colormap_from_name(opt.colormap);
    style.kind = opt.symmetric ? Normalization::Kind::symmetric : Normalization::Kind::min_max;
    style.shared = opt.shared;
    // The window's colours (core::full_scale and core::thumbnail_scale).
    const core::RangeClip clip =
        opt.range == "full" ? core::RangeClip::full : core::RangeClip::robust;
    if (opt.npy) {
        pipeline::write_npy(input.to_tensor(), (out / "input.npy").string());
    }
    const auto stem = [&](size_t i) { return "layer" + two_digits(i + 1); };
    const auto folder = [&](size_t i) { return out / (stem(i) + "_" + plan.layers[i].call.op); };
    if (!opt.no_png) {
        for (size_t i = 0; i < plan.layers.size(); ++i) {
            std::filesystem::create_directories(folder(i));
        }
    }

    double ms = 0;
    std::vector<pipeline::LayerMaps> ranges;  // of the first pass: ranges and thumbnails
    for (const Pass& pass : passes) {
        const auto start = std::chrono::steady_clock::now();
        pipeline::MapCollector collector(plan, opt.sheet_side, pass.keep);
        pipeline::forward_streamed(plan, input, collector.sink());
        std::vector<pipeline::LayerMaps> maps = collector.take();
        ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count();
        // Written and freed layer by layer; each map's colour range from the map itself (every
        // pass computes the same values, extremes and thumbnails).
        for (size_t i = 0; i < plan.layers.size(); ++i) {
            pipeline::LayerMaps& m = maps[i];
            if (m.full.empty()) {
                continue;
            }
            for (int64_t c = 0; c < m.channels && !opt.no_png; ++c) {
                if (!m.has_full(c)) {
                    continue;
                }
                const std::string png =
                    (folder(i) / ("c" + two_digits(static_cast<size_t>(c)) + ".png")).string();
                const Normalization range = core::full_scale(m, c, style, clip).normalization();
                if (m.full_channel >= 0) {  // the only plane: handed over, not copied
                    save_feature_map(Tensor({m.height, m.width}, std::move(m.full)), png,
                                     style.colormap, range);
                } else {
                    const float* plane = m.full_plane(c);
                    save_feature_map(
                        Tensor({m.height, m.width}, FloatBuffer(plane, plane + m.height * m.width)),
                        png, style.colormap, range);
                }
            }
            if (opt.npy && m.full_channel < 0) {
                pipeline::write_npy(Tensor(plan.layers[i].output.shape, std::move(m.full)),
                                    (out / (stem(i) + ".npy")).string());
            }
            m.full = FloatBuffer();
        }
        if (ranges.empty()) {
            ranges = std::move(maps);
        }
    }

    for (size_t i = 0; i < plan.layers.size(); ++i) {
        const pipeline::PlannedLayer& layer = plan.layers[i];
        if (!opt.no_png) {
            save_image(core::contact_sheet(ranges[i], style, clip),
                       (out / (stem(i) + "_" + layer.call.op + "_sheet.png")).string());
        }
        if (opt.npy) {
            if (!layer.call.weight.empty()) {
                pipeline::write_npy(layer.call.weight, (out / (stem(i) + "_weight.npy")).string());
            }
            if (!layer.call.bias.empty()) {
                pipeline::write_npy(layer.call.bias, (out / (stem(i) + "_bias.npy")).string());
            }
        }
        std::cout << "layer " << i + 1 << "  " << layer.call.op << "  "
                  << shape_string(layer.output.shape) << "  parameters " << layer.parameters
                  << "\n";
    }
    write_file_atomically((out / "summary.json").string(), summary(plan, image_path).dump(2) + "\n",
                          "the summary");
    std::cout << "input " << shape_string(input.shape()) << ", " << plan.parameters()
              << " parameters, forward " << static_cast<int>(ms + 0.5) << " ms";
    if (passes.size() > 1) {
        std::cout << " in " << passes.size() << " passes (within "
                  << memory_text(memory_budget_bytes) << ")";
    }
    std::cout << "; wrote " << out.string() << "\n";
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
    cmd->add_option("--range", opt->range,
                    "Colour range: robust (clip at the 99th percentile of the values, as the "
                    "window; default) or full (every value)")
        ->check(CLI::IsMember({"robust", "full"}));
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
