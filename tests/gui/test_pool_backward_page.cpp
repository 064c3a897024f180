#include <catch2/catch.hpp>

#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

#include "app/core/pool_backward.hpp"
#include "app/gui/mainwindow.hpp"
#include "app/gui/pool_backward_page.hpp"
#include "engine/op_call.hpp"
#include "gui_helpers.hpp"

using cs::gui::MainWindow;

namespace {

MainWindow* open_backward_lesson(MainWindow& window) {
    REQUIRE(
        window.open_lesson(cs::test::resource_path("resources/lessons/pool_backward_2x2.json")));
    return &window;
}

}  // namespace

TEST_CASE("pool backward page: the lesson opens its page and max pooling routes to the argmax") {
    MainWindow window;
    window.show();
    open_backward_lesson(window);
    auto* page = window.findChild<cs::gui::PoolBackwardPage*>();
    REQUIRE(page != nullptr);
    CHECK(page->isVisible());
    REQUIRE(page->result().has_value());
    const auto& r = *page->result();
    // Output (0, 0) is max(1, 3, 5, 6) = 6 at input (1, 1): only that cell gets its gradient 1.
    const std::vector<char> fed = cs::core::cells_fed_by(r, 0);
    CHECK(std::count(fed.begin(), fed.end(), 1) == 1);
    CHECK(fed[1 * 6 + 1] == 1);
    CHECK(r.grad_input.at({0, 0, 1, 1}) == 1.0f);
    CHECK(r.grad_input.at({0, 0, 0, 0}) == 0.0f);
    CHECK(page->explanation().contains("(1, 1)"));
}

TEST_CASE("pool backward page: average pooling spreads the gradient over the window") {
    MainWindow window;
    open_backward_lesson(window);
    window.controller()->set_op("avg_pool2d");
    auto* page = window.findChild<cs::gui::PoolBackwardPage*>();
    REQUIRE(page->result().has_value());
    const auto& r = *page->result();
    page->select_output(4);  // the centre output, gradient 5
    const std::vector<char> fed = cs::core::cells_fed_by(r, 4);
    CHECK(std::count(fed.begin(), fed.end(), 1) == 4);
    CHECK(r.grad_input.at({0, 0, 2, 2}) == Approx(5.0 / 4.0));
    // The page's numbers are the engine's: the backward of avg_pool2d via the op registry.
    const cs::Tensor out = cs::evaluate(window.controller()->animation_call()).output;
    CHECK(out.values() == r.output.values());
}

TEST_CASE("pool backward page: the translation demo marks the outputs a shift leaves unchanged") {
    MainWindow window;
    open_backward_lesson(window);
    const auto& r = *window.findChild<cs::gui::PoolBackwardPage*>()->result();
    REQUIRE(r.unchanged.size() == 9);
    for (size_t i = 0; i < r.unchanged.size(); ++i) {
        CHECK((r.unchanged[i] == 1) == (r.output.data()[i] == r.shifted_output.data()[i]));
    }
}

TEST_CASE("pool backward page: saving and reopening keeps the page") {
    QTemporaryDir dir;
    const QString path = dir.filePath("back.json");
    {
        MainWindow window;
        open_backward_lesson(window);
        REQUIRE(window.save_lesson(path));
    }
    MainWindow reopened;
    REQUIRE(reopened.open_lesson(path));
    CHECK(reopened.controller()->lesson().view.page == "pool_backward");
}
