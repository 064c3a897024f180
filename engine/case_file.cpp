#include "engine/case_file.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>

#include "engine/error.hpp"
#include "engine/file_read.hpp"
#include "engine/image_io.hpp"

namespace cs {

Tensor tensor_from_json(const nlohmann::json& j, const std::string& what) {
    require(j.is_object() && j.contains("shape") && j.contains("data"),
            what + " must be an object with \"shape\" and \"data\"");
    const nlohmann::json& shape = j.at("shape");
    const nlohmann::json& data = j.at("data");
    require(shape.is_array() && shape.size() <= 8, what + ".shape must be a list of sizes");
    Shape dims;
    for (const auto& d : shape) {
        require(d.is_number_integer() && d.get<int64_t>() >= 0,
                what + ".shape must hold non-negative whole numbers, got " + shape.dump());
        dims.push_back(d.get<int64_t>());
    }
    require(data.is_array(), what + ".data must be a list of numbers");
    require(shape_numel(dims) == static_cast<int64_t>(data.size()),
            what + " has shape " + shape_string(dims) + " (" + std::to_string(shape_numel(dims)) +
                " values) but " + std::to_string(data.size()) + " values in data");
    std::vector<float> values;
    values.reserve(data.size());
    for (const auto& v : data) {
        require(v.is_number(), what + ".data must hold numbers only, found " + v.dump());
        // JSON has no NaN, but 1e999 parses as infinity and 1e39 overflows a float.
        const double d = v.get<double>();
        if (!std::isfinite(d) || std::abs(d) > std::numeric_limits<float>::max()) {
            throw Error(what + ".data[" + std::to_string(values.size()) + "] is " + v.dump() +
                        ", which is not a finite 32-bit number (NaN, infinity or beyond "
                        "±3.4e38); every value must be a real number");
        }
        values.push_back(static_cast<float>(d));
    }
    return Tensor(std::move(dims), std::move(values));
}

nlohmann::json tensor_to_json(const Tensor& t) {
    nlohmann::json data = nlohmann::json::array();
    for (float v : t.values()) {
        data.push_back(static_cast<double>(v));
    }
    return {{"shape", t.shape()}, {"data", std::move(data)}};
}

namespace {

template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json tap_to_json(const Tap& tap) {
    nlohmann::json j = {{"kernel", tap.kernel},
                        {"input", or_null(tap.input)},
                        {"kind", tap_kind_name(tap.kind)},
                        {"value", static_cast<double>(tap.value)},
                        {"weight", or_null(tap.weight)},
                        {"product", or_null(tap.product)}};
    if (tap.expanded) {
        j["expanded"] = *tap.expanded;
    }
    if (tap.operand) {
        j["operand"] = *tap.operand;
    }
    return j;
}

}  // namespace

nlohmann::json step_to_json(const Step& step) {
    nlohmann::json taps = nlohmann::json::array();
    for (const Tap& tap : step.taps) {
        taps.push_back(tap_to_json(tap));
    }
    nlohmann::json j = {{"op", step.op},
                        {"view", step.view},
                        {"step", step.step},
                        {"at", step.at},
                        {"taps", std::move(taps)},
                        {"bias", or_null(step.bias)},
                        {"sum", step.sum},
                        {"selected", or_null(step.selected)},
                        {"divisor", or_null(step.divisor)},
                        {"output", static_cast<double>(step.output)}};
    if (!step.channel_sums.empty()) {
        j["channel_sums"] = step.channel_sums;
    }
    if (!step.quantities.empty()) {
        nlohmann::json quantities = nlohmann::json::object();
        for (const Quantity& q : step.quantities) {
            quantities[q.name] = q.value;
        }
        j["quantities"] = std::move(quantities);
    }
    return j;
}

namespace {

Tensor input_from_json(const nlohmann::json& j, const std::string& base_dir,
                       const std::string& what) {
    if (j.is_object() && j.contains("image")) {
        require(j["image"].is_string(), "input.image must be a file path");
        std::filesystem::path path = j["image"].get<std::string>();
        if (path.is_relative()) {
            path = std::filesystem::path(base_dir) / path;
        }
        LoadOptions options;
        options.grayscale = j.value("grayscale", false);
        if (j.contains("max_side")) {
            // Checked before converting: 1e23 as an int would be undefined behaviour.
            const nlohmann::json& side = j["max_side"];
            require(side.is_number_integer() && side.get<int64_t>() >= 0 &&
                        side.get<int64_t>() <= (1 << 20),
                    "input.max_side must be a whole number of pixels, got " + side.dump());
            options.max_side = static_cast<int>(side.get<int64_t>());
        }
        return load_image(path.string(), options);
    }
    return tensor_from_json(j, what);
}

}  // namespace

OpCall op_call_from_json(const nlohmann::json& doc, const std::string& base_dir) {
    require(doc.is_object(), "a case must be a JSON object");
    require(doc.contains("op") && doc["op"].is_string(), "a case needs \"op\", the op's name");
    OpCall call;
    call.op = doc["op"].get<std::string>();
    const OpHandler& handler = op_handler(call.op);  // rejects an unknown op before any work
    if (handler.takes_input_list) {
        require(doc.contains("inputs") && doc["inputs"].is_array(),
                call.op + " needs \"inputs\", a list of tensors");
        for (const auto& item : doc["inputs"]) {
            call.inputs.push_back(input_from_json(
                item, base_dir, "inputs[" + std::to_string(call.inputs.size()) + "]"));
        }
    } else {
        require(doc.contains("input"), "a case needs \"input\"");
        call.input = input_from_json(doc["input"], base_dir, "input");
    }
    for (const std::string& name : handler.tensor_args) {
        require(doc.contains(name) && !doc[name].is_null(),
                call.op + " needs \"" + name + "\", a tensor");
        call.tensors[name] = tensor_from_json(doc[name], name);
    }
    if (doc.contains("weight") && !doc["weight"].is_null()) {
        call.weight = tensor_from_json(doc["weight"], "weight");
    }
    if (doc.contains("bias") && !doc["bias"].is_null()) {
        call.bias = tensor_from_json(doc["bias"], "bias");
    }
    if (doc.contains("params") && !doc["params"].is_null()) {
        require(doc["params"].is_object(), "params must be an object of named parameters");
        call.params = doc["params"];
    }
    return call;
}

OpCall read_case_file(const std::string& path) {
    const std::string text = read_regular_text(path, max_json_file_bytes, "the case file");
    nlohmann::json doc;
    try {
        doc = parse_json_limited(text, "\"" + path + "\"");
    } catch (const nlohmann::json::exception& e) {
        throw Error("\"" + path + "\" is not valid JSON: " + e.what());
    }
    const std::string base = std::filesystem::path(path).parent_path().string();
    try {
        return op_call_from_json(doc, base.empty() ? "." : base);
    } catch (const nlohmann::json::exception& e) {
        throw Error("\"" + path + "\": " + e.what());
    }
}

}  // namespace cs
