#pragma once
// Helpers shared by the lesson-page tests: opening a page's lesson in a real window, waiting
// for its off-thread maps, and handing engine tensors to OpenCV for the reference results.
#include <catch2/catch.hpp>

#include <QStackedWidget>

#include <opencv2/core.hpp>

#include "app/gui/mainwindow.hpp"
#include "engine/tensor.hpp"
#include "gui_helpers.hpp"

namespace cs::test {

// Opens resources/lessons/<name>.json, checks that `Page` is the widget on screen and waits
// until it has finished computing.
template <typename Page>
Page* open_page(gui::MainWindow& window, const QString& name) {
    REQUIRE(window.open_lesson(resource_path("resources/lessons/" + name + ".json")));
    auto* page = window.findChild<Page*>();
    REQUIRE(page != nullptr);
    auto* stack = qobject_cast<QStackedWidget*>(page->parentWidget());
    REQUIRE(stack != nullptr);
    CHECK(stack->currentWidget() == page);
    REQUIRE(wait_until([&] { return !page->busy(); }, 20000));
    return page;
}

// Plane (0, c) of an (N, C, H, W) tensor as a CV_32F matrix (a copy).
inline cv::Mat to_mat(const Tensor& t, int64_t c = 0) {
    const int h = static_cast<int>(t.size(2));
    const int w = static_cast<int>(t.size(3));
    cv::Mat m(h, w, CV_32F);
    std::copy(t.data() + c * h * w, t.data() + (c + 1) * h * w, m.ptr<float>());
    return m;
}

inline double max_difference(const Tensor& t, const cv::Mat& expected, int64_t c = 0) {
    return cv::norm(to_mat(t, c), expected, cv::NORM_INF);
}

}  // namespace cs::test
