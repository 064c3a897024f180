#include "app/core/kernel_presets.hpp"

#include <QFile>

#include <nlohmann/json.hpp>
#include <random>

#include "engine/error.hpp"
#include "engine/file_read.hpp"

namespace cs::core {
namespace {

std::vector<KernelPreset> load_presets() {
    QFile file(":/kernels/presets.json");
    require(file.open(QIODevice::ReadOnly), "the kernel presets are missing from the build");
    const QByteArray bytes = file.readAll();
    const nlohmann::json doc =
        parse_json_limited(std::string_view(bytes.constData(), bytes.size()), "the kernel presets");
    std::vector<KernelPreset> presets;
    for (const auto& p : doc.at("presets")) {
        KernelPreset preset;
        preset.id = QString::fromStdString(p.at("id").get<std::string>());
        preset.name_en = QString::fromStdString(p.at("en").get<std::string>());
        preset.name_zh = QString::fromStdString(p.at("zh").get<std::string>());
        const auto rows = p.at("rows").get<std::vector<std::vector<double>>>();
        const double scale = p.value("scale", 1.0);
        preset.rows = static_cast<int>(rows.size());
        preset.cols = static_cast<int>(rows.front().size());
        for (const auto& row : rows) {
            for (double v : row) {
                preset.values.push_back(static_cast<float>(v * scale));
            }
        }
        presets.push_back(std::move(preset));
    }
    return presets;
}

}  // namespace

const std::vector<KernelPreset>& kernel_presets() {
    static const std::vector<KernelPreset> presets = load_presets();
    return presets;
}

const KernelPreset* find_kernel_preset(const QString& id) {
    for (const auto& p : kernel_presets()) {
        if (p.id == id) {
            return &p;
        }
    }
    return nullptr;
}

KernelPreset random_kernel(int rows, int cols, unsigned seed) {
    std::mt19937 generator(seed);
    KernelPreset preset;
    preset.id = "random";
    preset.name_en = "Random";
    preset.name_zh = "随机";
    preset.rows = rows;
    preset.cols = cols;
    for (int i = 0; i < rows * cols; ++i) {
        // Quarter steps in [−1, 1]: 9 possible values, easy to multiply in one's head.
        preset.values.push_back(static_cast<float>(static_cast<int>(generator() % 9) - 4) / 4.0f);
    }
    return preset;
}

}  // namespace cs::core
