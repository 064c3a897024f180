#include "engine/train/optimizer.hpp"

#include <sstream>

#include "engine/error.hpp"
#include "engine/train/adam.hpp"
#include "engine/train/sgd.hpp"

namespace cs {
namespace {

double number(const nlohmann::json& j, const std::string& key, double fallback) {
    if (!j.contains(key) || j.at(key).is_null()) {
        return fallback;
    }
    require(j.at(key).is_number(),
            "optimizer: " + key + " must be a number, got " + j.at(key).dump());
    return j.at(key).get<double>();
}

void require_non_negative(double v, const std::string& what) {
    require(v >= 0.0, "optimizer: " + what + " must be ≥ 0, got " + std::to_string(v));
}

void require_unit(double v, const std::string& what) {
    require(v >= 0.0 && v < 1.0,
            "optimizer: " + what + " must be in [0, 1), got " + std::to_string(v));
}

}  // namespace

OptimizerConfig optimizer_config_from_json(const nlohmann::json& j) {
    require(j.is_object(),
            "optimizer must be a JSON object such as {\"type\": \"sgd\", "
            "\"lr\": 0.1}, got " +
                j.dump());
    require(j.contains("type") && j.at("type").is_string(),
            "optimizer needs a \"type\": \"sgd\" or \"adam\"");
    const std::string type = j.at("type").get<std::string>();
    if (type == "sgd") {
        require(j.contains("lr"), "optimizer: SGD needs a learning rate \"lr\"");
        SgdConfig c;
        c.lr = number(j, "lr", c.lr);
        c.momentum = number(j, "momentum", c.momentum);
        c.dampening = number(j, "dampening", c.dampening);
        c.weight_decay = number(j, "weight_decay", c.weight_decay);
        if (j.contains("nesterov")) {
            require(j.at("nesterov").is_boolean(), "optimizer: nesterov must be true or false");
            c.nesterov = j.at("nesterov").get<bool>();
        }
        require_non_negative(c.lr, "lr");
        require_non_negative(c.momentum, "momentum");
        require_non_negative(c.weight_decay, "weight_decay");
        require(!c.nesterov || (c.momentum > 0 && c.dampening == 0),
                "optimizer: Nesterov momentum needs momentum > 0 and dampening 0");
        return c;
    }
    if (type == "adam") {
        AdamConfig c;
        c.lr = number(j, "lr", c.lr);
        if (j.contains("betas")) {
            const auto& b = j.at("betas");
            require(b.is_array() && b.size() == 2 && b[0].is_number() && b[1].is_number(),
                    "optimizer: betas must be two numbers such as [0.9, 0.999], got " + b.dump());
            c.beta1 = b[0].get<double>();
            c.beta2 = b[1].get<double>();
        }
        c.eps = number(j, "eps", c.eps);
        c.weight_decay = number(j, "weight_decay", c.weight_decay);
        require_non_negative(c.lr, "lr");
        require_unit(c.beta1, "betas[0]");
        require_unit(c.beta2, "betas[1]");
        require_non_negative(c.eps, "eps");
        require_non_negative(c.weight_decay, "weight_decay");
        return c;
    }
    throw Error("optimizer: unknown type \"" + type + "\"; use \"sgd\" or \"adam\"");
}

nlohmann::json optimizer_config_to_json(const OptimizerConfig& config) {
    if (const auto* s = std::get_if<SgdConfig>(&config)) {
        return {{"type", "sgd"},
                {"lr", s->lr},
                {"momentum", s->momentum},
                {"dampening", s->dampening},
                {"weight_decay", s->weight_decay},
                {"nesterov", s->nesterov}};
    }
    const auto& a = std::get<AdamConfig>(config);
    return {{"type", "adam"},
            {"lr", a.lr},
            {"betas", {a.beta1, a.beta2}},
            {"eps", a.eps},
            {"weight_decay", a.weight_decay}};
}

std::string optimizer_summary(const OptimizerConfig& config) {
    std::ostringstream text;
    if (const auto* s = std::get_if<SgdConfig>(&config)) {
        text << "SGD (lr " << s->lr;
        if (s->momentum > 0) {
            text << ", momentum " << s->momentum << (s->nesterov ? ", Nesterov" : "");
        }
        if (s->weight_decay > 0) {
            text << ", weight decay " << s->weight_decay;
        }
    } else {
        const auto& a = std::get<AdamConfig>(config);
        text << "Adam (lr " << a.lr << ", betas " << a.beta1 << "/" << a.beta2;
        if (a.weight_decay > 0) {
            text << ", weight decay " << a.weight_decay;
        }
    }
    text << ")";
    return text.str();
}

void Optimizer::load_state(int64_t steps, std::vector<std::vector<Tensor>> buffers,
                           const std::vector<Parameter>& params) {
    require(steps >= 0, "optimizer state: negative step count");
    if (steps > 0 && !buffer_names().empty()) {
        require(buffers.size() == params.size(),
                "optimizer state holds buffers for " + std::to_string(buffers.size()) +
                    " parameters, but the network has " + std::to_string(params.size()));
        for (size_t p = 0; p < params.size(); ++p) {
            require(buffers[p].size() == buffer_names().size(),
                    "optimizer state of " + params[p].name + " has " +
                        std::to_string(buffers[p].size()) + " buffers, expected " +
                        std::to_string(buffer_names().size()));
            for (const Tensor& b : buffers[p]) {
                require(b.shape() == params[p].value.shape(),
                        "optimizer state of " + params[p].name + " has shape " +
                            shape_string(b.shape()) + ", but the parameter has shape " +
                            shape_string(params[p].value.shape()));
            }
        }
    } else {
        buffers.clear();
    }
    steps_ = steps;
    buffers_ = std::move(buffers);
}

void Optimizer::prepare(const std::vector<Parameter>& params) {
    for (const Parameter& p : params) {
        require(p.grad.shape() == p.value.shape(),
                "optimizer: the gradient of " + p.name + " has shape " +
                    shape_string(p.grad.shape()) + " but the parameter has shape " +
                    shape_string(p.value.shape()));
    }
    if (buffers_.empty()) {
        for (const Parameter& p : params) {
            buffers_.emplace_back(buffer_names().size(), Tensor(p.value.shape()));
        }
        return;
    }
    require(buffers_.size() == params.size(),
            "optimizer: step() was given " + std::to_string(params.size()) +
                " parameters, but earlier steps had " + std::to_string(buffers_.size()));
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config) {
    if (const auto* s = std::get_if<SgdConfig>(&config)) {
        return std::make_unique<Sgd>(*s);
    }
    return std::make_unique<Adam>(std::get<AdamConfig>(config));
}

}  // namespace cs
