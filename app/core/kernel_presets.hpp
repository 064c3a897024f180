#pragma once
// The kernels a student can pick from (resources/kernels/presets.json, compiled into the app).
#include <QString>
#include <vector>

#include "engine/tensor.hpp"

namespace cs::core {

struct KernelPreset {
    QString id;
    QString name_en;
    QString name_zh;
    int rows = 0;
    int cols = 0;
    std::vector<float> values;  // row-major, already scaled

    QString name(bool chinese) const { return chinese ? name_zh : name_en; }
};

// All presets, in the order of the file, plus "random" at the end (values drawn anew on
// each use).
const std::vector<KernelPreset>& kernel_presets();
const KernelPreset* find_kernel_preset(const QString& id);

// A kernel of the given size with values uniform in [−1, 1] from `seed`, rounded to 0.25 so
// that students can follow the arithmetic.
KernelPreset random_kernel(int rows, int cols, unsigned seed);

}  // namespace cs::core
