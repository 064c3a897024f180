#include <catch2/catch.hpp>

#include <ctime>

#include <QApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QRadioButton>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>

#include <opencv2/imgproc.hpp>

#include "app/core/frame_painter.hpp"
#include "app/core/lesson_controller.hpp"
#include "app/gui/laplacian_page.hpp"
#include "app/gui/page_map_view.hpp"
#include "app/gui/page_matrix_view.hpp"
#include "page_test_helpers.hpp"

using cs::gui::LaplacianPage;
using cs::gui::MainWindow;

namespace {

const QString lesson = "laplacian_profile_and_edges";
const QString lesson_name = lesson;

void wait_idle(LaplacianPage* page) {
    REQUIRE(cs::test::wait_until([&] { return !page->busy() && page->maps() != nullptr; }, 20000));
}

}  // namespace

TEST_CASE("laplacian page: the edge map equals cv::Laplacian on the same gray image") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<LaplacianPage>(window, lesson);
    wait_idle(page);
    const auto maps = page->maps();
    REQUIRE(maps->gray.shape() == cs::Shape{1, 1, 512, 512});
    cv::Mat expected;
    // ksize 1: the 4-neighbour kernel; default border BORDER_REFLECT_101 = torch "reflect".
    cv::Laplacian(cs::test::to_mat(maps->gray), expected, CV_32F, 1);
    CHECK(cs::test::max_difference(maps->laplacian, expected) < 1e-5);
    CHECK(page->edge_view()->image().width() == 512);
    // The range shown is the engine's.
    double low = 0;
    double high = 0;
    cv::minMaxLoc(expected, &low, &high);
    CHECK(page->range_label()->text().contains(cs::core::format_value(static_cast<float>(low))));
    CHECK(page->range_label()->text().contains(cs::core::format_value(static_cast<float>(high))));
}

TEST_CASE("laplacian page: the 8-neighbour choice sets the kernel and matches cv::filter2D") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<LaplacianPage>(window, lesson);
    wait_idle(page);
    page->eight_neighbour()->click();
    CHECK(window.controller()->lesson().weight.values() ==
          std::vector<float>{1, 1, 1, 1, -8, 1, 1, 1, 1});
    CHECK(page->kernel_sum_view()->cell_texts().join(" ") == "1 1 1 1 −8 1 1 1 1");
    wait_idle(page);
    const auto maps = page->maps();
    const cv::Mat kernel = (cv::Mat_<float>(3, 3) << 1, 1, 1, 1, -8, 1, 1, 1, 1);
    cv::Mat expected;
    cv::filter2D(cs::test::to_mat(maps->gray), expected, CV_32F, kernel);
    CHECK(cs::test::max_difference(maps->laplacian, expected) < 1e-5);
    window.controller()->undo_stack()->undo();
    CHECK(page->four_neighbour()->isChecked());
}

TEST_CASE("laplacian page: the Sobel magnitude equals OpenCV's") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<LaplacianPage>(window, lesson);
    wait_idle(page);
    const cv::Mat gray = cs::test::to_mat(page->maps()->gray);
    cv::Mat gx;
    cv::Mat gy;
    cv::Mat magnitude;
    cv::Sobel(gray, gx, CV_32F, 1, 0, 3);
    cv::Sobel(gray, gy, CV_32F, 0, 1, 3);
    cv::magnitude(gx, gy, magnitude);
    CHECK(cs::test::max_difference(page->maps()->sobel, magnitude) < 1e-5);
}

TEST_CASE("laplacian page: the sharpening slider changes c, its labels and the sharpened map") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<LaplacianPage>(window, lesson);
    wait_idle(page);
    page->amount_slider()->setValue(250);
    CHECK(page->amount_label()->text() == "c = 2.5");
    CHECK(page->sharpened_view()->caption().contains("2.5"));
    REQUIRE(cs::test::wait_until([&] { return !page->busy(); }));
    REQUIRE(cs::test::wait_until(
        [&] { return page->sharpened_map().numel() == page->maps()->gray.numel(); }));
    QCoreApplication::processEvents();
    const cv::Mat gray = cs::test::to_mat(page->maps()->gray);
    cv::Mat lap;
    cv::Laplacian(gray, lap, CV_32F, 1);
    const cv::Mat expected = gray - 2.5f * lap;
    REQUIRE(cs::test::wait_until(
        [&] { return cs::test::max_difference(page->sharpened_map(), expected) < 1e-5; }));
}

TEST_CASE("laplacian page: the edge width changes the 1-D profile and its conv1d differences") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<LaplacianPage>(window, lesson);
    page->edge_width()->setValue(1);
    const auto& p = page->profile();
    REQUIRE(p.intensity.size() == 24);
    REQUIRE(p.first.size() == 23);
    REQUIRE(p.second.size() == 22);
    for (size_t i = 0; i < p.second.size(); ++i) {
        CHECK(p.first[i] == Approx(p.intensity[i + 1] - p.intensity[i]));
        CHECK(p.second[i] ==
              Approx(p.intensity[i] - 2 * p.intensity[i + 1] + p.intensity[i + 2]).margin(1e-6));
    }
    // A sharp step: one first difference of 0.6, the second difference +0.6 then −0.6.
    CHECK(*std::max_element(p.first.begin(), p.first.end()) == Approx(0.6f));
    CHECK(*std::max_element(p.second.begin(), p.second.end()) == Approx(0.6f));
    CHECK(*std::min_element(p.second.begin(), p.second.end()) == Approx(-0.6f));
    page->edge_width()->setValue(6);
    CHECK(*std::max_element(p.first.begin(), p.first.end()) == Approx(0.1f));
}

TEST_CASE("laplacian page: save and reopen keeps the page and the 8-neighbour kernel") {
    QTemporaryDir dir;
    const QString path = dir.filePath("laplacian.json");
    {
        MainWindow window;
        auto* page = cs::test::open_page<LaplacianPage>(window, lesson);
        page->eight_neighbour()->click();
        REQUIRE(window.save_lesson(path));
    }
    MainWindow reopened;
    reopened.show();
    REQUIRE(reopened.open_lesson(path));
    auto* page = reopened.findChild<LaplacianPage*>();
    CHECK(reopened.controller()->lesson().view.page == "laplacian");
    CHECK(page->isVisible());
    CHECK(page->eight_neighbour()->isChecked());
    wait_idle(page);
}

TEST_CASE("laplacian page: an image too small for the kernel shows a message, no crash") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<LaplacianPage>(window, lesson);
    window.controller()->set_image(cs::Tensor({1, 1, 1, 5}, 0.5f), "tiny.png");
    REQUIRE(cs::test::wait_until([&] { return !page->busy(); }));
    REQUIRE(cs::test::wait_until([&] { return page->status_label()->text().contains("small"); }));
    CHECK(page->maps() == nullptr);
    CHECK(page->edge_view()->message().contains("small"));
}

TEST_CASE("laplacian page: a large photo is computed off the UI thread") {
    // The page alone on its own controller, so that the time measured is the page's.
    cs::core::LessonController controller;
    LaplacianPage page(&controller, nullptr);
    page.resize(1000, 700);
    page.show();
    cs::core::Lesson lesson = cs::core::read_lesson(
        cs::test::resource_path("resources/lessons/" + lesson_name + ".json"));
#if defined(CONVSCOPE_SANITIZED)
    const int64_t h = 1500, w = 2000;  // 3 MP: sanitizers make 12 MP take half a minute
#else
    const int64_t h = 3000, w = 4000;  // a 12-megapixel RGB photo
#endif
    lesson.input = cs::Tensor({1, 3, h, w}, 0.25f);
    lesson.weight = cs::Tensor({1, 3, 3, 3}, 1.0f);
    controller.set_lesson(std::move(lesson));
    wait_idle(&page);
    CHECK(page.maps()->laplacian.shape() == cs::Shape{1, 1, h, w});
    CHECK(page.edge_view()->image().width() <= 1024);
    // A kernel edit: the photo is not copied again, all maps are recomputed by the worker.
    // CPU time of the UI thread, not wall time: ctest runs another test on the other core.
    const auto thread_ms = [] {
        timespec now{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return static_cast<qint64>(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
    };
    const qint64 start_ms = thread_ms();
    page.eight_neighbour()->click();
    const qint64 ui_ms = thread_ms() - start_ms;
    INFO("the edit and the page's reaction took " << ui_ms << " ms on the UI thread");
    CHECK(page.busy());
    CHECK(ui_ms < 100);
    wait_idle(&page);
}

TEST_CASE("laplacian page: Chinese tabs after a language switch, larger text when large") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<LaplacianPage>(window, lesson);
    window.set_language("zh_CN");
    QCoreApplication::processEvents();
    CHECK(page->tabs()->tabText(2) == "作用于图像");
    window.set_language("en");
    QCoreApplication::processEvents();
    CHECK(page->tabs()->tabText(2) == "On the image");
    const double normal = page->font().pointSizeF();
    page->resize(2600, 1700);  // as in presenter mode on a large screen
    CHECK(page->font().pointSizeF() > normal * 1.5);
}
