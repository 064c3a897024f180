#include <catch2/catch.hpp>

#include "app/gui/mainwindow.hpp"
#include "app/gui/transpose_compare_page.hpp"
#include "gui_helpers.hpp"

TEST_CASE("transpose compare page: output_padding picks 5×5 or 6×6, upsampling gives 6×6") {
    cs::gui::MainWindow window;
    window.show();
    REQUIRE(
        window.open_lesson(cs::test::resource_path("resources/lessons/transpose_compare.json")));
    auto* page = window.findChild<cs::gui::TransposeComparePage*>();
    REQUIRE(page != nullptr);
    CHECK(page->isVisible());
    const auto& r = page->results();
    REQUIRE(r.size() == 6);
    CHECK(r[0].output.shape() == cs::Shape{1, 1, 3, 3});  // 5×5 → 3×3
    CHECK(r[1].output.shape() == cs::Shape{1, 1, 3, 3});  // 6×6 → 3×3
    CHECK(r[2].output.shape() == cs::Shape{1, 1, 5, 5});
    CHECK(r[3].output.shape() == cs::Shape{1, 1, 6, 6});
    CHECK(r[4].output.shape() == cs::Shape{1, 1, 6, 6});
    CHECK(r[5].output.shape() == cs::Shape{1, 1, 6, 6});
    CHECK(r[3].formula.contains("+ 1 + 1 = 6"));
    // Nearest upsampling repeats each value in a 2×2 block.
    CHECK(r[4].output.at({0, 0, 1, 1}) == 1.0f);
    CHECK(r[4].output.at({0, 0, 5, 5}) == 9.0f);
}
