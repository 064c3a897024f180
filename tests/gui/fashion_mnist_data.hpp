#pragma once
// Fashion-MNIST (Debian's dataset-fashion-mnist), loaded once per test run and shared by the
// tests that train.
#include <catch2/catch.hpp>

#include "app/core/training_data.hpp"
#include "engine/data/fashion_mnist.hpp"
#include "gui_helpers.hpp"

namespace cs::test {

inline core::TrainingData& fashion_mnist_data() {
    static core::TrainingData data;
    if (!data.ready() && !data.loading()) {
        data.load(QString::fromStdString(default_fashion_mnist_dir));
    }
    REQUIRE(wait_until([] { return data.ready() || !data.error().isEmpty(); }, 15000));
    REQUIRE(data.ready());
    return data;
}

}  // namespace cs::test
