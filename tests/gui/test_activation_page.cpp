#include <catch2/catch.hpp>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineSeries>
#include <QTemporaryDir>

#include <opencv2/imgproc.hpp>

#include "app/gui/activation_page.hpp"
#include "app/gui/page_map_view.hpp"
#include "page_test_helpers.hpp"

using cs::gui::ActivationPage;
using cs::gui::MainWindow;

namespace {

const QString lesson = "activation_relu";

void wait_idle(ActivationPage* page) {
    REQUIRE(cs::test::wait_until([&] { return !page->busy() && page->maps(); }, 20000));
}

void choose(ActivationPage* page, int index) {
    page->function_box()->setCurrentIndex(index);
    emit page->function_box()->activated(index);
}

}  // namespace

TEST_CASE("activation page: ReLU clips the Sobel response, counts and maps are the engine's") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<ActivationPage>(window, lesson);
    wait_idle(page);
    const auto& maps = *page->maps();
    // The signed map is the Sobel x response of the gray photo (OpenCV as the reference).
    cv::Mat expected;
    cv::Sobel(cs::test::to_mat(window.controller()->lesson().input), expected, CV_32F, 1, 0, 3);
    CHECK(cs::test::max_difference(maps.before, expected) < 1e-5);
    int64_t negative = 0;
    for (int64_t i = 0; i < maps.before.numel(); ++i) {
        negative += maps.before.data()[i] < 0 ? 1 : 0;
        REQUIRE(maps.after.data()[i] == std::max(0.0f, maps.before.data()[i]));
    }
    REQUIRE(negative > 0);
    CHECK(maps.before_signs.negative == negative);
    CHECK(
        page->count_label()->text().contains(QLocale().toString(static_cast<qlonglong>(negative))));
    CHECK(page->after_view()->caption().contains("ReLU"));
    CHECK_FALSE(page->slope_box()->isEnabled());
    // The plotted function is relu: 0 left of 0, the identity right of it.
    const QList<QPointF> curve = page->curve_series()->points();
    CHECK(curve.first().y() == 0.0);
    CHECK(curve.last().y() == Approx(curve.last().x()));
}

TEST_CASE("activation page: leaky ReLU with its slope is an undoable edit of the lesson") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<ActivationPage>(window, lesson);
    wait_idle(page);
    choose(page, 1);
    CHECK(window.controller()->lesson().op == "leaky_relu");
    CHECK(page->slope_box()->isEnabled());
    page->slope_box()->setValue(0.2);
    CHECK(window.controller()->lesson().params["negative_slope"] == Approx(0.2));
    REQUIRE(cs::test::wait_until([&] { return !page->busy(); }));
    const auto& maps = *page->maps();
    for (int64_t i = 0; i < maps.before.numel(); ++i) {
        const float x = maps.before.data()[i];
        REQUIRE(maps.after.data()[i] == Approx(x < 0 ? 0.2f * x : x).margin(1e-7));
    }
    CHECK(page->count_label()->text().contains("0.2"));
    window.controller()->undo_stack()->undo();
    window.controller()->undo_stack()->undo();
    CHECK(window.controller()->lesson().op == "relu");
    CHECK(page->function_box()->currentIndex() == 0);
}

TEST_CASE("activation page: sigmoid and tanh change the curve and the explanation") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<ActivationPage>(window, lesson);
    choose(page, 2);
    wait_idle(page);
    REQUIRE(cs::test::wait_until([&] { return page->count_label()->text().contains("(0, 1)"); }));
    CHECK(page->curve_series()->points().first().y() > 0.0);
    CHECK(page->maps()->after_signs.negative == 0);
    choose(page, 3);
    REQUIRE(cs::test::wait_until([&] { return page->count_label()->text().contains("(−1, 1)"); }));
    CHECK(page->curve_series()->points().first().y() < 0.0);
}

TEST_CASE("activation page: save and reopen keeps the page and the function") {
    QTemporaryDir dir;
    const QString path = dir.filePath("activation.json");
    {
        MainWindow window;
        auto* page = cs::test::open_page<ActivationPage>(window, lesson);
        choose(page, 1);
        page->slope_box()->setValue(0.3);
        REQUIRE(window.save_lesson(path));
    }
    MainWindow reopened;
    reopened.show();
    REQUIRE(reopened.open_lesson(path));
    auto* page = reopened.findChild<ActivationPage*>();
    CHECK(page->isVisible());
    CHECK(page->function_box()->currentIndex() == 1);
    CHECK(page->slope_box()->value() == Approx(0.3));
    wait_idle(page);
}

TEST_CASE("activation page: an image too small for the Sobel kernel shows a message") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<ActivationPage>(window, lesson);
    window.controller()->set_image(cs::Tensor({1, 1, 1, 1}, 0.5f), "dot.png");
    REQUIRE(cs::test::wait_until([&] { return !page->busy(); }));
    REQUIRE(cs::test::wait_until([&] { return page->status_label()->text().contains("small"); }));
    CHECK_FALSE(page->maps().has_value());
}

TEST_CASE("activation page: Chinese labels after a language switch") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<ActivationPage>(window, lesson);
    window.set_language("zh_CN");
    QCoreApplication::processEvents();
    CHECK(page->function_box()->itemText(3) == "tanh");
    CHECK(page->before_view()->caption() == "之前：Sobel x 响应（有正有负）");
    window.set_language("en");
}
