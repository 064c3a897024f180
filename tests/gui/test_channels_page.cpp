#include <catch2/catch.hpp>

#include <QLabel>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTemporaryDir>

#include "app/core/frame_painter.hpp"
#include "app/gui/channels_page.hpp"
#include "app/gui/page_matrix_view.hpp"
#include "app/gui/page_wiring_view.hpp"
#include "engine/op_call.hpp"
#include "page_test_helpers.hpp"

using cs::gui::ChannelsPage;
using cs::gui::MainWindow;

namespace {

void wait_idle(ChannelsPage* page) {
    REQUIRE(cs::test::wait_until([&] { return !page->busy() && page->partial_sums(); }, 20000));
}

cs::OpCall lesson_call(MainWindow& window) {
    const auto& l = window.controller()->lesson();
    return cs::OpCall{l.op, l.input, l.weight, l.bias, l.params};
}

// conv2d of one input channel with one kernel slice, without bias, straight from the engine.
cs::Tensor single(const cs::OpCall& call, int64_t oc, int64_t c) {
    const int64_t k = call.weight.size(2) * call.weight.size(3);
    const float* slice = call.weight.data() + (oc * call.weight.size(1) + c) * k;
    const cs::Tensor weight({1, 1, call.weight.size(2), call.weight.size(3)},
                            std::vector<float>(slice, slice + k));
    const int64_t plane = call.input.size(2) * call.input.size(3);
    const cs::Tensor input(
        {1, 1, call.input.size(2), call.input.size(3)},
        std::vector<float>(call.input.data() + c * plane, call.input.data() + (c + 1) * plane));
    return cs::evaluate(cs::OpCall{"conv2d", input, weight, cs::Tensor(), call.params}).output;
}

}  // namespace

TEST_CASE("channels page: three partial maps plus the bias give conv2d's output map") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<ChannelsPage>(window, "channels_rgb_partial_sums");
    CHECK(page->current_section() == "partial_sums");
    wait_idle(page);
    const cs::OpCall call = lesson_call(window);
    const auto& sums = *page->partial_sums();
    REQUIRE(sums.partials.size() == 3);
    CHECK(page->partial_views().size() == 3);
    const cs::Tensor output = cs::evaluate(call).output;
    const int64_t plane = output.size(2) * output.size(3);
    for (int64_t c = 0; c < 3; ++c) {
        CHECK(sums.partials[static_cast<size_t>(c)].values() == single(call, 0, c).values());
    }
    for (int64_t i = 0; i < plane; ++i) {
        const float total = sums.partials[0].data()[i] + sums.partials[1].data()[i] +
                            sums.partials[2].data()[i] + call.bias.data()[0];
        REQUIRE(total == Approx(output.data()[i]).margin(1e-5));
    }
    CHECK(sums.bias == -0.25f);
    CHECK(page->sum_label()->text().contains(cs::core::format_value(-0.25f)));
    CHECK(page->slice_views()[1]->cell_texts().join(" ") == "−1 −2 −1 0 0 0 1 2 1");
}

TEST_CASE("channels page: the output channel picks the kernel, its slices and its bias") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<ChannelsPage>(window, "channels_rgb_partial_sums");
    wait_idle(page);
    page->out_channel()->setValue(1);
    CHECK(page->slice_views()[0]->cell_texts().join(" ") == "0 0 0 0 1 0 0 0 0");
    CHECK(page->slice_views()[1]->cell_texts().join(" ") == "0 0 0 0 −1 0 0 0 0");
    REQUIRE(cs::test::wait_until([&] { return !page->busy(); }));
    const cs::OpCall call = lesson_call(window);
    CHECK(page->partial_sums()->partials[1].values() == single(call, 1, 1).values());
    CHECK(page->partial_sums()->bias == 0.0f);
}

TEST_CASE("channels page: a 1×1 convolution is a weighted sum across channels per pixel") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<ChannelsPage>(window, "channels_1x1");
    CHECK(page->current_section() == "one_by_one");
    wait_idle(page);
    page->pixel_row()->setValue(10);
    page->pixel_col()->setValue(20);
    REQUIRE(cs::test::wait_until([&] {
        return !page->busy() && !page->pixel_steps().empty() &&
               page->pixel_steps()[0].at == cs::Index4{0, 0, 10, 20};
    }));
    const cs::OpCall call = lesson_call(window);
    const cs::Tensor output = cs::evaluate(call).output;
    const cs::Step& step = page->pixel_steps()[0];
    CHECK(step.output == Approx(output(0, 0, 10, 20)).margin(1e-6));
    const float expected = 0.299f * call.input(0, 0, 10, 20) + 0.587f * call.input(0, 1, 10, 20) +
                           0.114f * call.input(0, 2, 10, 20);
    CHECK(step.output == Approx(expected).margin(1e-6));
    const QString text = page->pixel_label()->text();
    CHECK(text.contains("output 0 at (10, 20)"));
    CHECK(text.contains(cs::core::format_value(output(0, 0, 10, 20))));
    CHECK(text.contains(cs::core::format_value(output(0, 1, 10, 20))));
    CHECK(text.contains("0.299 × R"));
}

TEST_CASE("channels page: groups = 4 wires 8 inputs to 4 outputs two by two") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<ChannelsPage>(window, "channels_groups_depthwise");
    CHECK(page->current_section() == "groups");
    CHECK(page->group_in()->value() == 8);
    CHECK(page->group_out()->value() == 4);
    CHECK(page->groups()->value() == 4);
    CHECK(page->wiring_view()->connection_count() == 8);
    CHECK(page->group_label()->text().contains("[4, 2, 3, 3]"));
    CHECK(page->group_label()->text().contains("76 parameters"));  // 4·(2·9 + 1)
    CHECK(page->group_label()->text().contains("292"));            // groups = 1: 4·(8·9 + 1)
    page->groups()->setValue(1);
    CHECK(page->wiring_view()->connection_count() == 32);
    page->groups()->setValue(3);  // 8 channels do not split into 3 groups
    CHECK(page->wiring_view()->connection_count() == 0);
    CHECK(page->group_label()->text().contains("groups"));
    page->group_out()->setValue(8);
    page->groups()->setValue(8);
    CHECK(page->group_label()->text().contains("depthwise"));
    CHECK(page->wiring_view()->connection_count() == 8);
}

TEST_CASE("channels page: one 5×5 kernel has 26 parameters, one dense neuron on 28×28 has 785") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<ChannelsPage>(window, "channels_parameter_counts");
    CHECK(page->current_section() == "parameters");
    auto* model = page->count_model();
    REQUIRE(model->rowCount() == 3);
    CHECK(model->item(0, 1)->text() == "[1, 1, 5, 5]");
    CHECK(model->item(0, 4)->text() == "26");
    CHECK(model->item(1, 1)->text() == "[1, 784]");
    CHECK(model->item(1, 4)->text() == "785");
    page->count_out()->setValue(6);
    CHECK(model->item(0, 4)->text() == "156");
    CHECK(model->item(1, 4)->text() == QLocale().toString(6 * 785));
}

TEST_CASE("channels page: save and reopen keeps the page and its groups") {
    QTemporaryDir dir;
    const QString path = dir.filePath("groups.json");
    {
        MainWindow window;
        cs::test::open_page<ChannelsPage>(window, "channels_groups_depthwise");
        REQUIRE(window.save_lesson(path));
    }
    MainWindow reopened;
    reopened.show();
    REQUIRE(reopened.open_lesson(path));
    auto* page = reopened.findChild<ChannelsPage*>();
    CHECK(page->isVisible());
    CHECK(page->current_section() == "groups");
    CHECK(reopened.controller()->lesson().params["groups"] == 4);
}

TEST_CASE("channels page: an invalid groups value shows the engine's message, no crash") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<ChannelsPage>(window, "channels_rgb_partial_sums");
    window.controller()->set_param("groups", 2);  // 3 channels do not split into 2 groups
    REQUIRE(cs::test::wait_until([&] { return !page->busy(); }));
    CHECK_FALSE(page->partial_sums().has_value());
    CHECK(page->status_label()->text().contains("groups"));
    window.controller()->undo_stack()->undo();
    wait_idle(page);
}

TEST_CASE("channels page: Chinese tab names after a language switch") {
    MainWindow window;
    window.show();
    auto* page = cs::test::open_page<ChannelsPage>(window, "channels_1x1");
    window.set_language("zh_CN");
    QCoreApplication::processEvents();
    CHECK(page->tabs()->tabText(1) == "1×1 卷积");
    window.set_language("en");
}
