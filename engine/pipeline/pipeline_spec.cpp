#include "engine/pipeline/pipeline_spec.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "engine/case_file.hpp"
#include "engine/error.hpp"
#include "engine/file_read.hpp"
#include "engine/graph/graph.hpp"
#include "engine/op_call.hpp"

namespace cs::pipeline {
namespace {

std::string layer_name(size_t index, const std::string& op) {
    return "layer " + std::to_string(index + 1) + (op.empty() ? "" : " (" + op + ")");
}

Pair pair_from_json(const nlohmann::json& j, const std::string& what) {
    if (j.is_number_integer()) {
        return Pair::both(j.get<int64_t>());
    }
    require(j.is_array() && j.size() == 2 && j[0].is_number_integer() && j[1].is_number_integer(),
            what + " must be a whole number or a pair [height, width], got " + j.dump());
    return {j[0].get<int64_t>(), j[1].get<int64_t>()};
}

// A text or whole-number field, or `fallback` when absent; another type is refused naming the
// field ("\"name\" must be text, got 5") rather than with nlohmann's "type must be string".
std::string text_of(const nlohmann::json& j, const char* key, const std::string& where) {
    if (!j.contains(key) || j.at(key).is_null()) {
        return {};
    }
    require(j.at(key).is_string(), where + "\"" + key + "\" must be text, got " + j.at(key).dump());
    return j.at(key).get<std::string>();
}

int64_t whole_of(const nlohmann::json& j, const char* key, int64_t fallback,
                 const std::string& where) {
    if (!j.contains(key)) {
        return fallback;
    }
    require(j.at(key).is_number_integer(),
            where + "\"" + key + "\" must be a whole number, got " + j.at(key).dump());
    return j.at(key).get<int64_t>();
}

void require_finite(const Tensor& t, const std::string& what) {
    for (int64_t i = 0; i < t.numel(); ++i) {
        require(std::isfinite(t.data()[i]),
                what +
                    " holds a value that is not a finite number (NaN or infinity) at "
                    "position " +
                    std::to_string(i) + "; every weight must be a real number");
    }
}

}  // namespace

bool LayerSpec::operator==(const LayerSpec& o) const {
    return name == o.name && inputs == o.inputs && op == o.op && params == o.params &&
           out_channels == o.out_channels && kernel_size == o.kernel_size && bias == o.bias &&
           init == o.init && seed == o.seed && presets == o.presets &&
           weight.shape() == o.weight.shape() && weight.values() == o.weight.values() &&
           bias_values.shape() == o.bias_values.shape() &&
           bias_values.values() == o.bias_values.values();
}

bool has_weights(const std::string& op) {
    return !op_handler(op).width_param.empty();
}

bool is_join(const std::string& op) {
    const OpHandler& handler = op_handler(op);
    return handler.takes_input_list || !handler.operand_args.empty();
}

std::string layer_key(const PipelineSpec& spec, size_t index) {
    const std::string& name = spec.layers.at(index).name;
    return name.empty() ? std::to_string(index + 1) : name;
}

namespace {

bool is_number_text(const std::string& text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The layer called `key` (a name, or the number of an unnamed layer), or −2.
int64_t find_layer(const PipelineSpec& spec, const std::string& key) {
    if (key == graph_input_name) {
        return -1;
    }
    for (size_t i = 0; i < spec.layers.size(); ++i) {
        if (layer_key(spec, i) == key) {
            return static_cast<int64_t>(i);
        }
    }
    return -2;
}

std::string quoted_name(const std::string& name) {
    return "\"" + name + "\"";
}

}  // namespace

std::vector<int64_t> layer_sources(const PipelineSpec& spec, size_t index) {
    const LayerSpec& layer = spec.layers.at(index);
    const std::string where = layer_name(index, layer.op);
    if (layer.inputs.empty()) {
        require(op_handler(layer.op).operand_args.empty(),
                where + " joins two values: name the layers it adds in \"inputs\"");
        return {static_cast<int64_t>(index) - 1};
    }
    std::vector<int64_t> sources;
    for (const std::string& key : layer.inputs) {
        const int64_t source = find_layer(spec, key);
        require(source != -2, where + " reads " + quoted_name(key) +
                                  ", which is neither \"input\" nor the name or number of a layer");
        require(source < static_cast<int64_t>(index),
                where + " reads " + quoted_name(key) + " (layer " + std::to_string(source + 1) +
                    "), which comes after it; a layer can only read layers above it");
        sources.push_back(source);
    }
    const OpHandler& handler = op_handler(layer.op);
    const size_t want = 1 + handler.operand_args.size();
    require(handler.takes_input_list || sources.size() == want,
            where + " reads " + std::to_string(want) + (want == 1 ? " value" : " values") +
                ", but " + std::to_string(sources.size()) + " are named in \"inputs\"");
    return sources;
}

bool is_chain(const PipelineSpec& spec) {
    return std::all_of(spec.layers.begin(), spec.layers.end(), [](const LayerSpec& layer) {
        return layer.inputs.empty() && layer.name.empty() && !is_join(layer.op);
    });
}

void check_layer_names(const PipelineSpec& spec) {
    std::set<std::string> names;
    for (size_t i = 0; i < spec.layers.size(); ++i) {
        const std::string& name = spec.layers[i].name;
        if (name.empty()) {
            continue;
        }
        const std::string where = layer_name(i, spec.layers[i].op);
        require(name.size() <= 64, where + ": a name may have at most 64 characters");
        require(name != graph_input_name,
                where + ": no layer may be called \"input\"; that name is the pipeline's input");
        require(!is_number_text(name), where + ": the name " + quoted_name(name) +
                                           " is a number, which already names layer " + name +
                                           "; use a name with a letter, like \"conv1\"");
        require(names.insert(name).second, where + ": two layers are called " + quoted_name(name) +
                                               "; every name must be unique");
    }
}

void check_layer_references(const PipelineSpec& spec) {
    check_layer_names(spec);
    for (size_t i = 0; i < spec.layers.size(); ++i) {
        layer_sources(spec, i);
    }
}

namespace {

// Rewrites the bare-number references of every layer through `renumber` (old index → new
// index, or −1 when the layer is gone and `bypass` takes its place).
void renumber_references(PipelineSpec& spec, const std::function<int64_t(int64_t)>& renumber,
                         const std::vector<std::string>& bypass) {
    for (LayerSpec& layer : spec.layers) {
        std::vector<std::string> inputs;
        for (const std::string& key : layer.inputs) {
            if (!is_number_text(key) || key.size() > 6) {
                inputs.push_back(key);
                continue;
            }
            const int64_t now = renumber(std::stoll(key) - 1);
            if (now >= 0) {
                inputs.push_back(std::to_string(now + 1));
            } else {
                inputs.insert(inputs.end(), bypass.begin(), bypass.end());
            }
        }
        layer.inputs = std::move(inputs);
    }
}

}  // namespace

PipelineSpec with_layer_inserted(PipelineSpec spec, size_t index, LayerSpec layer) {
    index = std::min(index, spec.layers.size());
    const auto at = static_cast<int64_t>(index);
    renumber_references(spec, [at](int64_t old) { return old >= at ? old + 1 : old; }, {});
    spec.layers.insert(spec.layers.begin() + at, std::move(layer));
    return spec;
}

PipelineSpec with_layer_removed(PipelineSpec spec, size_t index) {
    if (index >= spec.layers.size()) {
        return spec;
    }
    const auto at = static_cast<int64_t>(index);
    // Who read the removed layer reads its first value instead (a branch closes up).
    std::vector<std::string> bypass;
    if (!spec.layers[index].inputs.empty()) {
        bypass.push_back(spec.layers[index].inputs.front());
    } else {
        bypass.push_back(index == 0 ? std::string(graph_input_name) : layer_key(spec, index - 1));
    }
    const std::string& removed_name = spec.layers[index].name;
    if (!removed_name.empty()) {
        for (LayerSpec& layer : spec.layers) {
            std::replace(layer.inputs.begin(), layer.inputs.end(), removed_name, bypass.front());
        }
    }
    // The bypass is above the removed layer, so its number (if it is one) stays as it is.
    renumber_references(
        spec, [at](int64_t old) { return old == at  ? -1
                                         : old > at ? old - 1
                                                    : old; }, bypass);
    spec.layers.erase(spec.layers.begin() + at);
    return spec;
}

PipelineSpec with_layer_renamed(PipelineSpec spec, size_t index, const std::string& name) {
    const std::string old_key = layer_key(spec, index);
    spec.layers.at(index).name = name;
    check_layer_names(spec);
    const std::string new_key = layer_key(spec, index);
    for (LayerSpec& layer : spec.layers) {
        std::replace(layer.inputs.begin(), layer.inputs.end(), old_key, new_key);
    }
    return spec;
}

std::vector<std::string> default_join_inputs(const PipelineSpec& spec, size_t index) {
    if (index == 0 || index > spec.layers.size()) {
        return {graph_input_name, graph_input_name};
    }
    std::string before = graph_input_name;
    try {
        const int64_t source = layer_sources(spec, index - 1).front();
        before = source < 0 ? std::string(graph_input_name)
                            : layer_key(spec, static_cast<size_t>(source));
    } catch (const Error&) {
        // The layer above reads something broken: start from the input instead.
    }
    return {layer_key(spec, index - 1), before};
}

PipelineSpec with_layer_moved(PipelineSpec spec, size_t from, size_t to) {
    if (from >= spec.layers.size() || to >= spec.layers.size() || from == to) {
        return spec;
    }
    const auto f = static_cast<int64_t>(from), t = static_cast<int64_t>(to);
    renumber_references(spec,
                        [f, t](int64_t old) {
                            if (old == f) {
                                return t;
                            }
                            if (f < t && old > f && old <= t) {
                                return old - 1;
                            }
                            if (t < f && old >= t && old < f) {
                                return old + 1;
                            }
                            return old;
                        },
                        {});
    LayerSpec layer = std::move(spec.layers[from]);
    spec.layers.erase(spec.layers.begin() + f);
    spec.layers.insert(spec.layers.begin() + t, std::move(layer));
    return spec;
}

const std::vector<std::string>& layer_ops() {
    // Every 2-D op without running state or a training mode, and the joins.
    static const std::vector<std::string> ops = [] {
        std::vector<std::string> names;
        for (const std::string& name : op_names()) {
            const OpHandler& h = op_handler(name);
            const bool joins_or_state =
                h.takes_input_list || !h.tensor_args.empty() || h.has_training_mode;
            const bool weights_fit =
                h.weight_layout == WeightLayout::none || !h.width_param.empty();
            const bool join = h.family == OpFamily::join && !h.has_training_mode;
            if ((h.spatial_dims == 2 && !joins_or_state && weights_fit) || join) {
                names.push_back(name);
            }
        }
        std::stable_sort(names.begin(), names.end(), [](const auto& a, const auto& b) {
            return op_handler(a).family < op_handler(b).family;
        });
        return names;
    }();
    return ops;
}

LayerSpec default_layer(const std::string& op, uint64_t seed) {
    LayerSpec layer;
    layer.op = op;
    layer.seed = seed;
    layer.params = start_params(op);
    const OpHandler& handler = op_handler(op);
    for (const ParamSpec& spec : handler.params) {
        if (spec.weight_shape && spec.name == handler.width_param) {
            layer.out_channels = spec.initial().get<int64_t>();
        } else if (spec.weight_shape) {
            const int64_t k = spec.initial().get<int64_t>();
            layer.kernel_size = {k, k};
        }
    }
    return layer;
}

std::string layer_summary(const LayerSpec& layer) {
    const auto size = [](const Pair& p) { return std::to_string(p.h) + "×" + std::to_string(p.w); };
    const OpHandler& handler = op_handler(layer.op);
    if (handler.weight_layout == WeightLayout::linear) {
        return layer.op + " → " + std::to_string(layer.out_channels);
    }
    if (has_weights(layer.op)) {
        return layer.op + " " + size(layer.kernel_size) + " → " +
               std::to_string(layer.out_channels);
    }
    if (layer.params.contains("kernel_size")) {
        try {
            return layer.op + " " + size(pair_from_json(layer.params.at("kernel_size"), ""));
        } catch (const Error&) {
        }
    }
    return layer.op;
}

WeightInit weight_init_from_name(const std::string& name) {
    if (name == "random") {
        return WeightInit::random;
    }
    if (name == "preset") {
        return WeightInit::preset;
    }
    require(name == "values",
            "init must be \"random\", \"preset\" or \"values\", got \"" + name + "\"");
    return WeightInit::values;
}

const char* weight_init_name(WeightInit init) {
    switch (init) {
        case WeightInit::random:
            return "random";
        case WeightInit::preset:
            return "preset";
        case WeightInit::values:
            return "values";
    }
    return "random";
}

LayerSpec layer_from_json(const nlohmann::json& j, size_t index) {
    require(j.is_object(), layer_name(index, "") + " must be an object, got " + j.dump());
    require(j.contains("op") && j.at("op").is_string(),
            layer_name(index, "") + " needs \"op\", the name of a torch.nn.functional op");
    LayerSpec layer;
    layer.op = j.at("op").get<std::string>();
    const std::string where = layer_name(index, layer.op);
    bool known = false;
    std::string list;
    for (const std::string& op : layer_ops()) {
        known = known || op == layer.op;
        list += (list.empty() ? "" : ", ") + op;
    }
    require(known, where + ": unknown op; a layer can be one of " + list);
    if (j.contains("params")) {
        require(j.at("params").is_object(), where + ": \"params\" must be an object");
        layer.params = j.at("params");
    }
    layer.name = text_of(j, "name", where + ": ");
    if (j.contains("inputs")) {
        const auto& inputs = j.at("inputs");
        require(inputs.is_array() && inputs.size() <= max_layers,
                where + ": \"inputs\" must be a list of layer names, like [\"conv1\", \"input\"]");
        for (const auto& key : inputs) {
            require(key.is_string() || key.is_number_unsigned(),
                    where + ": \"inputs\" must name layers (text, or a layer's number), got " +
                        key.dump());
            layer.inputs.push_back(key.is_string() ? key.get<std::string>()
                                                   : std::to_string(key.get<uint64_t>()));
        }
    }
    if (!has_weights(layer.op)) {
        return layer;
    }
    const OpHandler& handler = op_handler(layer.op);
    const std::string& count_key = handler.width_param;
    require(j.contains(count_key) && j.at(count_key).is_number_integer(),
            where + ": \"" + count_key + "\" (a whole number) is required");
    layer.out_channels = j.at(count_key).get<int64_t>();
    require(layer.out_channels >= 1 && layer.out_channels <= 4096,
            where + ": " + count_key + " must be between 1 and 4096, got " +
                std::to_string(layer.out_channels));
    if (handler.weight_layout != WeightLayout::linear) {
        require(j.contains("kernel_size"), where + ": \"kernel_size\" is required");
        layer.kernel_size = pair_from_json(j.at("kernel_size"), where + ": kernel_size");
        require(layer.kernel_size.h >= 1 && layer.kernel_size.w >= 1 && layer.kernel_size.h <= 64 &&
                    layer.kernel_size.w <= 64,
                where + ": kernel_size must be between 1 and 64, got " +
                    pair_string(layer.kernel_size));
    }
    if (j.contains("bias")) {
        require(j.at("bias").is_boolean(), where + ": \"bias\" must be true or false");
        layer.bias = j.at("bias").get<bool>();
    }
    const std::string init =
        j.contains("init") ? text_of(j, "init", where + ": ") : std::string("random");
    try {
        layer.init = weight_init_from_name(init);
    } catch (const Error& e) {
        throw Error(where + ": " + e.what());
    }
    if (layer.init == WeightInit::random && j.contains("seed")) {
        require(j.at("seed").is_number_unsigned(), where + ": \"seed\" must be a whole number ≥ 0");
        layer.seed = j.at("seed").get<uint64_t>();
    }
    if (layer.init == WeightInit::preset) {
        require(j.contains("presets") && j.at("presets").is_array(),
                where + ": init \"preset\" needs \"presets\", one kernel name per output channel");
        for (const auto& name : j.at("presets")) {
            require(name.is_string(), where + ": presets must be kernel names (strings)");
            layer.presets.push_back(name.get<std::string>());
        }
        require(static_cast<int64_t>(layer.presets.size()) == layer.out_channels,
                where + ": " + std::to_string(layer.presets.size()) + " presets for " +
                    std::to_string(layer.out_channels) +
                    " output channels; give one kernel name per output channel");
    }
    if (layer.init == WeightInit::values) {
        require(j.contains("weight"), where + ": init \"values\" needs \"weight\"");
        layer.weight = tensor_from_json(j.at("weight"), where + ": weight");
        require_finite(layer.weight, where + ": weight");
        if (layer.bias) {
            require(j.contains("bias_values"),
                    where + ": init \"values\" with a bias needs \"bias_values\"");
            layer.bias_values = tensor_from_json(j.at("bias_values"), where + ": bias_values");
            require_finite(layer.bias_values, where + ": bias_values");
        }
    }
    return layer;
}

nlohmann::json layer_to_json(const LayerSpec& layer) {
    nlohmann::json j = nlohmann::json::object();
    if (!layer.name.empty()) {
        j["name"] = layer.name;
    }
    if (!layer.inputs.empty()) {
        j["inputs"] = layer.inputs;
    }
    j["op"] = layer.op;
    if (!layer.params.empty()) {
        j["params"] = layer.params;
    }
    if (!has_weights(layer.op)) {
        return j;
    }
    const OpHandler& handler = op_handler(layer.op);
    j[handler.width_param] = layer.out_channels;
    if (handler.weight_layout != WeightLayout::linear) {
        j["kernel_size"] = layer.kernel_size.h == layer.kernel_size.w
                               ? nlohmann::json(layer.kernel_size.h)
                               : nlohmann::json{layer.kernel_size.h, layer.kernel_size.w};
    }
    j["bias"] = layer.bias;
    j["init"] = weight_init_name(layer.init);
    switch (layer.init) {
        case WeightInit::random:
            j["seed"] = layer.seed;
            break;
        case WeightInit::preset:
            j["presets"] = layer.presets;
            break;
        case WeightInit::values:
            j["weight"] = tensor_to_json(layer.weight);
            if (layer.bias) {
                j["bias_values"] = tensor_to_json(layer.bias_values);
            }
            break;
    }
    return j;
}

bool is_pipeline_lesson(const nlohmann::json& doc) {
    return doc.is_object() && doc.contains("format") && doc.at("format") == "convscope-lesson" &&
           doc.contains("pipeline");
}

namespace {

// {"en": …, "zh": …} or a plain string, as lesson files write titles.
void read_bilingual(const nlohmann::json& doc, const char* key, std::string& en, std::string& zh) {
    if (!doc.contains(key)) {
        return;
    }
    const auto& value = doc.at(key);
    if (value.is_string()) {
        en = value.get<std::string>();
        return;
    }
    require(value.is_object(), std::string("the lesson's \"") + key +
                                   "\" must be text or an object with \"en\" and \"zh\"");
    en = text_of(value, "en", "");
    zh = text_of(value, "zh", "");
}

PipelineSpec pipeline_from_lesson_json(const nlohmann::json& doc) {
    const auto& body = doc.at("pipeline");
    require(body.is_object(), "the lesson's \"pipeline\" must be an object with \"layers\"");
    nlohmann::json pipeline = body;
    pipeline["format"] = "convscope-pipeline";
    PipelineSpec spec = pipeline_from_json(pipeline);
    read_bilingual(doc, "title", spec.name, spec.name_zh);
    read_bilingual(doc, "description", spec.description, spec.description_zh);
    if (doc.contains("input")) {
        const auto& input = doc.at("input");
        require(input.is_object(),
                "the lesson's \"input\" must be an object like "
                "{\"image\": \"photo.jpg\"}");
        spec.image = text_of(input, "image", "");
    }
    return spec;
}

}  // namespace

nlohmann::json pipeline_lesson_to_json(const PipelineSpec& spec) {
    nlohmann::json body = pipeline_to_json(spec);
    for (const char* key :
         {"format", "version", "name", "name_zh", "description", "description_zh", "image"}) {
        body.erase(key);
    }
    nlohmann::json doc = {{"format", "convscope-lesson"}, {"version", 1}};
    doc["title"] = {{"en", spec.name.empty() ? std::string("Feature maps") : spec.name}};
    if (!spec.name_zh.empty()) {
        doc["title"]["zh"] = spec.name_zh;
    }
    if (!spec.description.empty() || !spec.description_zh.empty()) {
        doc["description"] = {{"en", spec.description}};
        if (!spec.description_zh.empty()) {
            doc["description"]["zh"] = spec.description_zh;
        }
    }
    if (!spec.image.empty()) {
        doc["input"] = {{"image", spec.image}};
    }
    doc["view"] = {{"mode", "playground"}};
    doc["pipeline"] = std::move(body);
    return doc;
}

PipelineSpec pipeline_from_json(const nlohmann::json& doc) {
    require(doc.is_object(), "a pipeline file must hold a JSON object");
    if (is_pipeline_lesson(doc)) {
        return pipeline_from_lesson_json(doc);
    }
    require(!(doc.contains("format") && doc.at("format") == "convscope-lesson"),
            "this lesson shows one operation, not a pipeline: open it with File ▸ Open Lesson");
    require(doc.contains("format") && doc.at("format") == "convscope-pipeline",
            "not a ConvScope pipeline: \"format\" must be \"convscope-pipeline\"");
    if (doc.contains("version")) {
        const auto& version = doc.at("version");
        require(version.is_number_integer() && version.get<int64_t>() >= 1,
                "\"version\" must be 1 or 2, got " + version.dump());
        require(version.get<int64_t>() <= 2,
                "this pipeline is version " + version.dump() +
                    ", written by a newer ConvScope; this one reads versions 1 and 2");
    }
    PipelineSpec spec;
    spec.name = text_of(doc, "name", "");
    spec.name_zh = text_of(doc, "name_zh", "");
    spec.description = text_of(doc, "description", "");
    spec.description_zh = text_of(doc, "description_zh", "");
    spec.image = text_of(doc, "image", "");
    if (doc.contains("input")) {
        const auto& in = doc.at("input");
        require(in.is_object(), "\"input\" must be an object");
        spec.input.channels = whole_of(in, "channels", 0, "input ");
        require(spec.input.channels == 0 || spec.input.channels == 1 || spec.input.channels == 3,
                "input channels must be 0 (as the image), 1 (gray) or 3 (RGB), got " +
                    std::to_string(spec.input.channels));
        if (in.contains("size") && !in.at("size").is_null()) {
            const Pair size = pair_from_json(in.at("size"), "input size");
            require(size.h >= 1 && size.w >= 1 && size.h <= 8192 && size.w <= 8192,
                    "input size must be between 1 and 8192, got " + pair_string(size));
            spec.input.size = size;
        }
    }
    require(doc.contains("layers") && doc.at("layers").is_array(),
            "a pipeline needs \"layers\", a list of layers");
    const auto& layers = doc.at("layers");
    require(layers.size() <= max_layers, "the pipeline has " + std::to_string(layers.size()) +
                                             " layers; at most " + std::to_string(max_layers) +
                                             " are allowed");
    for (size_t i = 0; i < layers.size(); ++i) {
        spec.layers.push_back(layer_from_json(layers[i], i));
    }
    check_layer_references(spec);
    return spec;
}

nlohmann::json pipeline_to_json(const PipelineSpec& spec) {
    // A chain stays in the version 1 form that every ConvScope reads.
    nlohmann::json doc = {{"format", "convscope-pipeline"}, {"version", is_chain(spec) ? 1 : 2}};
    if (!spec.name.empty()) {
        doc["name"] = spec.name;
    }
    if (!spec.name_zh.empty()) {
        doc["name_zh"] = spec.name_zh;
    }
    if (!spec.description.empty()) {
        doc["description"] = spec.description;
    }
    if (!spec.description_zh.empty()) {
        doc["description_zh"] = spec.description_zh;
    }
    nlohmann::json input = {{"channels", spec.input.channels}};
    if (spec.input.size) {
        input["size"] = {spec.input.size->h, spec.input.size->w};
    }
    doc["input"] = input;
    if (!spec.image.empty()) {
        doc["image"] = spec.image;
    }
    doc["layers"] = nlohmann::json::array();
    for (const LayerSpec& layer : spec.layers) {
        doc["layers"].push_back(layer_to_json(layer));
    }
    return doc;
}

PipelineSpec parse_pipeline(const std::string& text, const std::string& name) {
    nlohmann::json doc;
    try {
        doc = parse_json_limited(text, name);
    } catch (const nlohmann::json::exception& e) {  // also out_of_range: "1e999"
        throw Error(name + " is not valid JSON: " + e.what());
    }
    try {
        return pipeline_from_json(doc);
    } catch (const nlohmann::json::exception& e) {
        throw Error(name + ": " + e.what());
    } catch (const Error& e) {
        throw Error(name + ": " + e.what());
    }
}

PipelineSpec read_pipeline_file(const std::string& path) {
    return parse_pipeline(read_regular_text(path, max_pipeline_file_bytes, "the pipeline"),
                          "\"" + path + "\"");
}

}  // namespace cs::pipeline
