#include "engine/pipeline/kernel_bank.hpp"

#include <nlohmann/json.hpp>

#include "engine/error.hpp"
#include "engine/file_read.hpp"

namespace cs::pipeline {

// The text of resources/kernels/presets.json, generated at configure time.
extern const char* const preset_kernels_json;

namespace {

std::vector<Kernel> parse_presets() {
    const nlohmann::json doc = parse_json_limited(preset_kernels_json, "the kernel presets");
    std::vector<Kernel> kernels;
    for (const auto& p : doc.at("presets")) {
        Kernel k;
        k.id = p.at("id").get<std::string>();
        k.name_en = p.at("en").get<std::string>();
        k.name_zh = p.at("zh").get<std::string>();
        const auto rows = p.at("rows").get<std::vector<std::vector<double>>>();
        const double scale = p.value("scale", 1.0);
        k.rows = static_cast<int64_t>(rows.size());
        k.cols = static_cast<int64_t>(rows.front().size());
        for (const auto& row : rows) {
            for (double v : row) {
                k.values.push_back(static_cast<float>(v * scale));
            }
        }
        kernels.push_back(std::move(k));
    }
    return kernels;
}

}  // namespace

const std::vector<Kernel>& preset_kernels() {
    static const std::vector<Kernel> kernels = parse_presets();
    return kernels;
}

const Kernel& preset_kernel(const std::string& id) {
    std::string known;
    for (const Kernel& k : preset_kernels()) {
        if (k.id == id) {
            return k;
        }
        known += (known.empty() ? "" : ", ") + k.id;
    }
    throw Error("unknown kernel preset \"" + id + "\"; known presets: " + known);
}

uint64_t Random::next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

float Random::uniform(float low, float high) {
    const float unit = static_cast<float>(next() >> 40) * (1.0f / 16777216.0f);
    return low + (high - low) * unit;
}

void fill_uniform(Tensor& t, float bound, Random& random) {
    for (float& v : t.values()) {
        v = random.uniform(-bound, bound);
    }
}

}  // namespace cs::pipeline
