// The feature-map playground tab, driven through its widgets on the offscreen platform.
#include <catch2/catch.hpp>

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <fstream>

#include "app/core/frame_painter.hpp"
#include "app/core/lesson.hpp"
#include "app/core/pipeline_controller.hpp"
#include "app/core/pipeline_files.hpp"
#include "app/core/pipeline_lanes.hpp"
#include "app/core/pipeline_model.hpp"
#include "app/gui/feature_map_grid.hpp"
#include "app/gui/feature_map_viewer.hpp"
#include "app/gui/mainwindow.hpp"
#include "app/gui/pipeline_graph_delegate.hpp"
#include "app/gui/playground_layer_editor.hpp"
#include "app/gui/playground_view.hpp"
#include "engine/image_io.hpp"
#include "engine/model/onnx_import.hpp"
#include "engine/pipeline/input_image.hpp"
#include "engine/pipeline/pipeline_forward.hpp"
#include "engine/pipeline/pipeline_graph.hpp"
#include "gui_helpers.hpp"

using cs::gui::MainWindow;
using cs::gui::PlaygroundView;

namespace {

// The window on the playground tab with chelsea.png open and the first maps computed.
struct Playground {
    MainWindow window;
    PlaygroundView* view = nullptr;
    cs::core::PipelineController* controller = nullptr;

    Playground() {
        window.resize(1400, 900);
        window.show();
        view = window.playground();
        controller = view->controller();
        window.workspaces()->setCurrentIndex(1);  // the playground tab
        REQUIRE(window.open_image(cs::test::resource_path("sample_images/chelsea.png")));
        REQUIRE(settle());
    }

    // Waits until the newest request's full-resolution maps are in.
    bool settle(int timeout_ms = 10000) {
        return cs::test::wait_until(
            [this] {
                return controller->has_image() && !controller->busy() && controller->result() &&
                       !controller->result()->preview && view->grid()->thumbnails_current();
            },
            timeout_ms);
    }
};

}  // namespace

TEST_CASE("playground: the tab opens with the edge-detector bank on the main window's photo") {
    Playground p;
    CHECK(p.window.workspaces()->tabText(p.window.workspaces()->indexOf(
              p.view->parentWidget()->parentWidget())) == "Playground");
    const auto& result = p.controller->result();
    REQUIRE(result->maps.size() == 3);
    CHECK(result->input_shape == cs::Shape{1, 1, 300, 451});
    CHECK(result->maps[0].channels == 4);
    CHECK(result->maps[2].height == 150);
    auto* list = p.view->layer_list();
    CHECK(list->model()->rowCount() == 3);
    CHECK(
        list->model()->index(0, 0).data(cs::core::PipelineModel::ParameterFormulaRole).toString() ==
        "4 × 1 × 3 × 3 = 36");
    // The input thumbnail and the four maps of layer 1.
    CHECK(p.view->grid()->cells().size() == 5);
}

TEST_CASE("playground: the shown maps equal the engine's forward pass") {
    Playground p;
    const cs::Tensor image =
        cs::load_image(cs::test::resource_path("sample_images/chelsea.png").toStdString());
    const cs::Tensor input = cs::pipeline::prepare_input(image, p.controller->spec().input);
    const std::vector<cs::Tensor> want =
        cs::pipeline::forward_reference(p.controller->plan(), input);
    for (size_t layer = 0; layer < want.size(); ++layer) {
        p.controller->set_focus(layer, 0);
        REQUIRE(p.settle());
        const cs::pipeline::LayerMaps& m = p.controller->result()->maps[layer];
        REQUIRE(m.full_channel == -1);
        CHECK(m.full == want[layer].values());
    }
}

TEST_CASE("playground: a layer that cannot work says so where its maps would be") {
    Playground p;
    REQUIRE(p.view->open_pipeline(":/resources/pipelines/vgg_block.json"));
    REQUIRE(p.settle());
    cs::pipeline::LayerSpec layer = p.controller->spec().layers.at(0);
    layer.params["groups"] = 5;  // 5 divides neither 3 input nor 64 output channels
    p.controller->set_layer(0, layer, "groups 5");
    p.view->select_layer(0);
    QTest::qWait(200);
    REQUIRE_FALSE(p.controller->plan().ok());
    CHECK_FALSE(p.controller->busy());
    CHECK(p.view->viewer()->placeholder_text().contains("layer 1 cannot work"));
    p.window.set_language("zh_CN");
    CHECK(
        p.view->viewer()->placeholder_text().contains(QString::fromUtf8("第 1 层的设置无法工作")));
    p.window.set_language("en");
}

TEST_CASE("playground: adding, moving and removing layers are undoable edits") {
    Playground p;
    auto* undo = p.controller->undo_stack();
    const size_t before = p.controller->spec().layers.size();
    p.controller->add_layer(3, "conv2d");
    CHECK(p.controller->spec().layers.size() == before + 1);
    CHECK(undo->undoText() == "Add conv2d");
    p.controller->move_layer(3, 2);
    CHECK(p.controller->spec().layers[2].op == "conv2d");
    p.controller->remove_layer(0);
    CHECK(p.controller->spec().layers.size() == before);
    REQUIRE(p.settle());
    CHECK(p.controller->result()->maps.size() == before);
    undo->undo();
    undo->undo();
    undo->undo();
    CHECK(p.controller->spec().layers.size() == before);
    CHECK(p.controller->spec().layers[0].op == "conv2d");
    CHECK(p.controller->spec().layers[0].presets.size() == 4);
}

TEST_CASE("playground: editing out_channels in the editor recomputes with the new count") {
    Playground p;
    p.view->select_layer(0);
    auto* editor = p.view->editor();
    QSpinBox* channels = nullptr;
    for (QSpinBox* s : editor->findChildren<QSpinBox*>()) {
        if (s->isVisible() && s->value() == 4) {
            channels = s;
            break;
        }
    }
    REQUIRE(channels != nullptr);
    channels->setValue(5);
    channels->setValue(6);
    CHECK(p.controller->spec().layers[0].out_channels == 6);
    CHECK(p.controller->spec().layers[0].presets.size() == 6);
    REQUIRE(p.settle());
    CHECK(p.controller->result()->maps[0].channels == 6);
    p.controller->undo_stack()->undo();  // both steps of the spin box merge into one edit
    CHECK(p.controller->spec().layers[0].out_channels == 4);
}

TEST_CASE("playground: editing one weight stores the layer's weights and changes that map") {
    Playground p;
    p.view->select_layer(0);
    REQUIRE(p.view->editor()->weight_table() != nullptr);
    auto* table = p.view->editor()->weight_table();
    REQUIRE(table->rowCount() == 3);
    table->item(1, 1)->setText("-3");  // the Laplacian's centre, −4 → −3
    const auto& layer = p.controller->spec().layers[0];
    CHECK(layer.init == cs::pipeline::WeightInit::values);
    CHECK(layer.weight.at({0, 0, 1, 1}) == -3.0f);
    CHECK(layer.weight.at({1, 0, 0, 0}) == -1.0f);  // Sobel x unchanged
    REQUIRE(p.settle());

    // NaN, infinity and text are refused with a message; the old value comes back.
    QLabel* message = p.view->editor()->weight_message();
    REQUIRE(message != nullptr);
    CHECK(message->isHidden());
    for (const char* bad : {"nan", "inf", "-1e39", "abc"}) {
        INFO(bad);
        p.view->editor()->weight_table()->item(0, 0)->setText(bad);
        CHECK(message->isVisible());
        CHECK(message->text().contains(bad));
        CHECK(p.controller->spec().layers[0].weight.at({0, 0, 0, 0}) == 0.0f);
        CHECK(p.view->editor()->weight_table()->item(0, 0)->text() == "0");
    }
    CHECK(message->text().contains("not a number"));
    p.view->editor()->weight_table()->item(0, 0)->setText("−0.5");  // a typographic minus
    CHECK(message->isHidden());
    CHECK(p.controller->spec().layers[0].weight.at({0, 0, 0, 0}) == -0.5f);
    REQUIRE(p.settle());
}

TEST_CASE("playground: clicking a map outlines the receptive field and states its size") {
    Playground p;
    p.view->select_layer(2);  // max_pool2d 2×2 after conv 3×3: r = 4
    REQUIRE(p.settle());
    auto* grid = p.view->grid();
    const auto cells = grid->cells();
    REQUIRE(cells.size() >= 2);
    const auto& cell = cells[1];
    CHECK(cell.map == 3);
    QTest::mouseClick(grid, Qt::LeftButton, {}, cell.rect.center());
    REQUIRE(p.controller->selection());
    CHECK(p.controller->selection()->layer == 2);
    CHECK_THAT(p.view->field_label()->text().toStdString(), Catch::Contains("4 × 4 input pixels"));
    const auto field = p.controller->selection_field();
    REQUIRE(field);
    CHECK(field->windows[0].height() == 4);
    CHECK(field->windows.size() == 4);
}

TEST_CASE(
    "playground: after switching pipelines the readout and the highlight follow the new one") {
    Playground p;
    REQUIRE(p.view->open_pipeline(":/resources/pipelines/two_blocks.json"));
    REQUIRE(p.settle());
    p.view->select_layer(4);
    REQUIRE(p.settle());
    p.controller->select_pixel(4, 40, 60);
    auto* viewer = p.view->viewer();
    QTest::mouseMove(viewer, QPoint(10, 10));
    QTest::mouseMove(viewer, QPoint(viewer->width() / 2, viewer->height() / 2));
    REQUIRE_FALSE(p.view->hover_label()->text().isEmpty());
    REQUIRE(p.view->open_pipeline(":/resources/pipelines/vgg_block.json"));
    REQUIRE(p.settle());
    // Layer 5 of the VGG block exists, but pixel (40, 60) of it is not what was clicked.
    CHECK_FALSE(p.controller->selection());
    CHECK_THAT(p.view->field_label()->text().toStdString(), Catch::Contains("Click a pixel"));
    CHECK(p.view->hover_label()->text().isEmpty());
    // The list's row, the focused (highlighted) thumbnail and the enlarged map: one layer.
    const int row = p.view->layer_list()->currentIndex().row();
    CHECK(row == static_cast<int>(p.controller->focus_layer()));
    bool highlighted = false;
    for (const auto& cell : p.view->grid()->cells()) {
        highlighted = highlighted || (cell.map == static_cast<size_t>(row) + 1 &&
                                      cell.channel == p.controller->focus_channel());
    }
    CHECK(highlighted);
    CHECK(viewer->map() == static_cast<size_t>(row) + 1);
    // A pixel outside the map once the input shrinks is dropped too.
    p.view->select_layer(0);
    p.controller->select_pixel(0, 250, 400);
    cs::pipeline::InputSpec input = p.controller->spec().input;
    input.size = cs::Pair{28, 28};
    p.controller->set_input(input);
    REQUIRE(p.settle());
    CHECK_FALSE(p.controller->selection());
    CHECK_THAT(p.view->field_label()->text().toStdString(), Catch::Contains("Click a pixel"));
}

TEST_CASE("playground: the enlarged map zooms, pans and reports values under the mouse") {
    Playground p;
    p.view->select_layer(0);
    REQUIRE(p.settle());  // the focused map at full resolution, before hovering over it
    auto* viewer = p.view->viewer();
    const double fitted = viewer->zoom();
    viewer->zoom_by(4.0, QPointF(viewer->width() / 2.0, viewer->height() / 2.0));
    CHECK(viewer->zoom() == Approx(fitted * 4));
    REQUIRE(p.settle());
    // The hover text must name the value under the mouse in the maps shown at that moment:
    // the expected value is read when the text is sent, from the controller's result then
    // (a later run may replace the result before the test looks again).
    const QPointF centre(viewer->width() / 2.0, viewer->height() / 2.0);
    QString hover, expected;
    QObject::connect(viewer, &cs::gui::FeatureMapViewer::hover_text, [&](const QString& t) {
        hover = t;
        const auto pixel = viewer->pixel_at(centre);
        const auto& result = p.controller->result();
        if (pixel && result && !result->preview) {
            expected = cs::core::format_value(result->maps[0].value(0, pixel->x(), pixel->y()));
        }
    });
    QTest::mouseMove(viewer, QPoint(10, 10));
    QTest::mouseMove(viewer, centre.toPoint());
    REQUIRE(viewer->pixel_at(centre));
    REQUIRE_FALSE(expected.isEmpty());
    CHECK_THAT(hover.toStdString(), Catch::Contains(expected.toStdString()));
}

TEST_CASE("playground: a kernel larger than the input, bad files and 1000 layers give messages") {
    Playground p;
    cs::pipeline::LayerSpec big = p.controller->spec().layers[0];
    big.init = cs::pipeline::WeightInit::random;
    big.kernel_size = {15, 15};
    big.params = nlohmann::json::object();
    cs::pipeline::InputSpec input = p.controller->spec().input;
    input.size = cs::Pair{8, 8};
    p.controller->set_input(input);
    p.controller->set_layer(0, big, "kernel");
    CHECK_FALSE(p.controller->plan().ok());
    CHECK_THAT(p.controller->plan().error, Catch::Contains("larger than the padded input"));
    REQUIRE(p.settle());  // the layers before the error still compute (none here): no crash

    QTemporaryDir dir;
    const QString broken = dir.filePath("broken.json");
    std::ofstream(broken.toStdString()) << "{\"format\": \"convscope-pipeline\", \"layers\": [";
    CHECK_FALSE(p.view->open_pipeline(broken));
    CHECK(
        cs::test::wait_until([&] { return p.view->findChild<QMessageBox*>("playground_error"); }));
    std::string many = R"({"format": "convscope-pipeline", "layers": [)";
    for (int i = 0; i < 1000; ++i) {
        many += std::string(i ? "," : "") + R"({"op": "relu"})";
    }
    std::ofstream(dir.filePath("many.json").toStdString()) << many << "]}";
    CHECK_FALSE(p.view->open_pipeline(dir.filePath("many.json")));
}

TEST_CASE("playground: many quick edits end with the newest pipeline's maps") {
    Playground p;
    for (int seed = 1; seed <= 8; ++seed) {
        p.controller->add_layer(p.controller->spec().layers.size(), "conv2d");
    }
    REQUIRE(p.settle());
    const auto& result = p.controller->result();
    CHECK(result->maps.size() == p.controller->spec().layers.size());
    CHECK(result->plan->layers.size() == 11);
}

TEST_CASE("playground: shipped pipelines open, and a saved pipeline opens again the same") {
    Playground p;
    REQUIRE(p.view->open_pipeline(":/resources/pipelines/lenet.json"));
    REQUIRE(p.settle());
    CHECK(p.controller->result()->input_shape == cs::Shape{1, 1, 28, 28});
    CHECK(p.controller->result()->maps.back().width == 10);
    CHECK(p.controller->plan().parameters() == 61706);
    QTemporaryDir dir;
    const QString path = dir.filePath("mine.json");
    REQUIRE(p.view->save_pipeline(path));
    const cs::pipeline::PipelineSpec saved = p.controller->spec();
    REQUIRE(p.view->open_pipeline(":/resources/pipelines/vgg_block.json"));
    REQUIRE(p.view->open_pipeline(path));
    CHECK(p.controller->spec().layers == saved.layers);
}

TEST_CASE("playground: a pipeline exported as ONNX opens as a model with the same output") {
    Playground p;
    REQUIRE(p.view->open_pipeline(":/resources/pipelines/residual_block.json"));
    REQUIRE(p.settle());
    QTemporaryDir dir;
    const QString path = dir.filePath("block.onnx");
    REQUIRE(p.view->export_onnx(path));
    const cs::OnnxModel model = cs::read_onnx_file(path.toStdString());
    CHECK(model.problems.empty());
    cs::Shape input = model.graph.input_shape();
    input.insert(input.begin(), 1);
    CHECK(input == p.controller->plan().input_shape);
    const cs::Graph graph = cs::pipeline::plan_graph(p.controller->plan(), true);
    const cs::Tensor x(input, 0.25f);
    CHECK(model.graph.run(x).output().values() == graph.run(x).output().values());
}

TEST_CASE("playground: a pipeline saved as a lesson opens from File > Open Lesson") {
    Playground p;
    REQUIRE(p.view->open_pipeline(":/resources/pipelines/two_blocks.json"));
    REQUIRE(p.settle());
    QTemporaryDir dir;
    const QString path = dir.filePath("two_blocks_lesson.json");
    REQUIRE(p.view->save_pipeline(path, true));
    const cs::pipeline::PipelineSpec saved = p.controller->spec();
    CHECK(cs::core::is_pipeline_lesson_file(path));
    CHECK_FALSE(cs::core::is_pipeline_lesson_file(":/resources/pipelines/two_blocks.json"));
    // The lesson reader explains that this lesson belongs to the playground.
    CHECK_THROWS_WITH(cs::core::read_lesson(path), Catch::Contains("playground"));

    REQUIRE(p.view->open_pipeline(":/resources/pipelines/vgg_block.json"));
    p.window.workspaces()->setCurrentIndex(0);
    REQUIRE(p.window.open_lesson(path));
    CHECK(p.window.workspaces()->currentIndex() == 1);  // the playground tab
    CHECK(p.controller->spec().layers == saved.layers);
    CHECK(p.controller->spec().name == saved.name);
    REQUIRE(p.settle());
    CHECK(p.controller->image_path().endsWith("chelsea.png"));

    // The shipped playground lesson, as the lesson list opens it, brings its own photo.
    REQUIRE(p.window.open_lesson(":/resources/lessons/playground_edge_maps.json"));
    REQUIRE(cs::test::wait_until(
        [&] { return p.controller->image_path().endsWith("chelsea.png") && p.settle(100); }));
    CHECK(p.controller->spec().layers.size() == 3);
}

TEST_CASE("playground: the tab and its controls in Chinese") {
    Playground p;
    p.window.set_language("zh_CN");
    QCoreApplication::processEvents();  // LanguageChange reaches every widget
    const int tab = p.window.workspaces()->indexOf(p.view->parentWidget()->parentWidget());
    CHECK(p.window.workspaces()->tabText(tab) == "特征图实验室");
    bool found = false;
    for (QLabel* label : p.view->editor()->findChildren<QLabel*>()) {
        found = found || label->text().contains("第 1 层");
    }
    CHECK(found);
    CHECK_THAT(p.view->field_label()->text().toStdString(), Catch::Contains("感受野"));
    p.window.set_language("en");
    QCoreApplication::processEvents();
    CHECK(p.window.workspaces()->tabText(tab) == "Playground");
}

TEST_CASE("playground: the tool rows and every thumbnail fit 1280 x 800 and 1600 x 1000 windows") {
    Playground p;
    REQUIRE(p.view->open_pipeline(":/resources/pipelines/vgg_block.json"));
    REQUIRE(p.settle());
    p.view->findChildren<QComboBox*>()[1]->setCurrentIndex(1);  // maps of all layers
    auto* tab = qobject_cast<QScrollArea*>(p.view->parentWidget()->parentWidget());
    REQUIRE(tab != nullptr);
    auto* grid_area = qobject_cast<QScrollArea*>(p.view->grid()->parentWidget()->parentWidget());
    REQUIRE(grid_area != nullptr);
    for (const bool presenter : {false, true}) {
        for (const QSize size : {QSize(1280, 800), QSize(1600, 1000)}) {
            for (const char* language : {"en", "zh_CN"}) {
                INFO((presenter ? "presenter " : "")
                     << size.width() << "x" << size.height() << " " << language);
                p.window.set_presenter_mode(presenter);
                // The offscreen screen is 800 × 600: presenter mode (no menu, status bar or
                // docks) gets the projector's size by hand instead of the screen's.
                p.window.setWindowState(p.window.windowState() & ~Qt::WindowFullScreen);
                p.window.resize(size);
                p.window.set_language(language);
                QTest::qWait(50);
                INFO("window " << p.window.width() << "x" << p.window.height());
                REQUIRE(p.window.size() == size);
                CHECK(tab->horizontalScrollBar()->maximum() == 0);
                const QRect shown = tab->viewport()->rect();
                for (QWidget* w : p.view->findChildren<QWidget*>(Qt::FindDirectChildrenOnly)) {
                    if (w->isVisible() && (qobject_cast<QAbstractButton*>(w) != nullptr ||
                                           qobject_cast<QComboBox*>(w) != nullptr)) {
                        INFO(w->metaObject()->className() << " " << w->objectName().toStdString());
                        CHECK(shown.contains(
                            QRect(w->mapTo(tab->viewport(), QPoint(0, 0)), w->size())));
                    }
                }
                // The thumbnails scroll vertically inside an area that is itself on screen.
                CHECK(grid_area->mapTo(&p.window, QPoint(grid_area->width(), 0)).x() <=
                      p.window.width());
                int bottom = 0;
                for (const auto& cell : p.view->grid()->cells()) {
                    CHECK(cell.rect.right() < grid_area->viewport()->width());
                    bottom = std::max(bottom, cell.label.bottom());
                }
                CHECK(bottom <
                      grid_area->viewport()->height() + grid_area->verticalScrollBar()->maximum());
            }
        }
    }
    p.window.set_presenter_mode(false);
    p.window.set_language("en");
}

namespace {

// Resident and peak memory of this process, in MB (Linux).
std::pair<long, long> memory_mb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    long rss = 0, peak = 0;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            rss = std::stol(line.substr(6)) / 1024;
        }
        if (line.rfind("VmHWM:", 0) == 0) {
            peak = std::stol(line.substr(6)) / 1024;
        }
    }
    return {rss, peak};
}

}  // namespace

// By hand (not in ctest): CONVSCOPE_BIG_PHOTO=/path/to/12mp.jpg convscope_gui_tests "[12mp]"
// Opens the photo in the main window (Lessons tab) and lets it settle; then shows the
// playground with the two-block pipeline, edits a layer, and reports the longest stall of the
// UI thread meanwhile and the process's memory.
TEST_CASE("playground: a 12-megapixel photo keeps the window responsive", "[.][12mp]") {
    const QString photo = qEnvironmentVariable("CONVSCOPE_BIG_PHOTO");
    REQUIRE(!photo.isEmpty());
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    PlaygroundView* view = window.playground();
    auto* controller = view->controller();
    REQUIRE(view->open_pipeline(":/resources/pipelines/two_blocks.json"));
    // The window's first frame (fonts, the sample lesson) is another target's (≤ 1 s at launch):
    // let it paint before timing the photo.
    cs::test::wait_until([] { return false; }, 1500);
    const auto [rss_before, peak_before] = memory_mb();
    // A heartbeat every 10 ms: the longest gap between beats is the longest UI stall.
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0, longest = 0;
    QTimer beat;
    QObject::connect(&beat, &QTimer::timeout, [&] {
        longest = std::max(longest, clock.elapsed() - last);
        last = clock.elapsed();
    });
    beat.start(10);
    REQUIRE(window.open_image(photo));
    cs::test::wait_until([] { return false; }, 8000);
    const qint64 main_window_stall = longest;
    const auto [rss0, peak0] = memory_mb();

    longest = 0;
    last = clock.elapsed();
    const auto settle = [&] {
        return cs::test::wait_until(
            [&] {
                return controller->has_image() && !controller->busy() && controller->result() &&
                       !controller->result()->preview &&
                       controller->result()->input_shape[2] >= 3000;
            },
            120000);
    };
    QElapsedTimer total;
    total.start();
    window.workspaces()->setCurrentIndex(1);  // the playground tab
    REQUIRE(settle());
    const qint64 first_ms = total.elapsed();
    const auto [rss1, peak1] = memory_mb();
    cs::pipeline::LayerSpec conv = controller->spec().layers[3];
    conv.seed = 99;
    total.restart();
    controller->set_layer(3, conv, "seed");
    REQUIRE(settle());
    const qint64 edit_ms = total.elapsed();
    view->select_layer(1);
    controller->set_focus(1, 2);
    REQUIRE(settle());
    const auto [rss2, peak2] = memory_mb();
    WARN("12 MP: before the photo: resident "
         << rss_before << " MB (peak " << peak_before
         << " MB); main window alone: longest UI stall " << main_window_stall << " ms, resident "
         << rss0 << " MB (peak " << peak0 << " MB). Playground: first maps after " << first_ms
         << " ms, after an edit " << edit_ms << " ms; longest UI stall " << longest
         << " ms; resident " << rss1 << " / " << rss2 << " MB, peak " << peak2 << " MB");
    CHECK(longest < 100);
    CHECK(rss2 < 500);
}

TEST_CASE("playground: a residual block draws its shortcut, and a layer's reads can be changed") {
    Playground p;
    REQUIRE(p.view->open_pipeline(":/resources/pipelines/residual_block.json"));
    REQUIRE(p.settle());
    auto* list = p.view->layer_list();
    REQUIRE(list->model()->rowCount() == 7);
    CHECK(list->model()->index(5, 0).data().toString().contains("F(x) + x · add  ← F(x), x"));
    // The shortcut leaves "x" (row 1) in a lane of its own and ends in the add (row 5).
    auto* delegate = qobject_cast<cs::gui::PipelineGraphDelegate*>(list->itemDelegate());
    REQUIRE(delegate != nullptr);
    const cs::core::PipelineLanes& lanes = delegate->lanes();
    REQUIRE(lanes.lanes == 1);
    CHECK(lanes.rows[1].marks[0] == cs::core::LaneMark::start);
    CHECK(lanes.rows[3].marks[0] == cs::core::LaneMark::pass);
    CHECK(lanes.rows[5].marks[0] == cs::core::LaneMark::end);
    CHECK(lanes.rows[5].join);
    // The sum's maps are computed: F(x) + x with 8 channels, the size kept.
    CHECK(p.controller->result()->maps[5].channels == 8);
    CHECK(p.controller->result()->maps[5].height == 300);
    // A pixel of the sum sees the input along both paths; the text states each.
    p.controller->select_pixel(5, 100, 100);
    QCoreApplication::processEvents();
    CHECK(p.view->field_label()->text().contains("7 × 7 input pixels"));
    CHECK(p.view->field_label()->text().contains("input → stem → x → F(x) + x: 3 × 3"));
    CHECK(list->model()
              ->index(5, 0)
              .data(cs::core::PipelineModel::ReceptiveFieldRole)
              .toString()
              .contains("the largest of its 2 paths"));

    // Make the add read the stem instead of x, through its second menu.
    p.view->select_layer(5);
    auto* second = p.view->editor()->findChild<QComboBox*>("layer_reads_1");
    REQUIRE(second != nullptr);
    const int stem = second->findData("stem");
    REQUIRE(stem >= 0);
    second->setCurrentIndex(stem);
    CHECK(p.controller->spec().layers[5].inputs == std::vector<std::string>{"F(x)", "stem"});
    REQUIRE(p.settle());
    // Renaming the stem keeps the add reading it; a name another layer has is refused.
    p.view->select_layer(0);
    auto* name = p.view->editor()->findChild<QLineEdit*>("layer_name");
    REQUIRE(name != nullptr);
    name->setText("conv0");
    emit name->editingFinished();
    CHECK(p.controller->spec().layers[5].inputs == std::vector<std::string>{"F(x)", "conv0"});
    name = p.view->editor()->findChild<QLineEdit*>("layer_name");
    name->setText("conv1");
    emit name->editingFinished();
    CHECK(p.controller->spec().layers[0].name == "conv0");
    auto* message = p.view->editor()->findChild<QLabel*>("name_message");
    REQUIRE(message != nullptr);
    CHECK(message->text().contains("two layers are called \"conv1\""));
    // Undo goes back step by step.
    p.controller->undo_stack()->undo();
    p.controller->undo_stack()->undo();
    CHECK(p.controller->spec().layers[5].inputs == std::vector<std::string>{"F(x)", "x"});
    // Removing x closes the shortcut onto what x read.
    p.controller->remove_layer(1);
    CHECK(p.controller->spec().layers[4].inputs == std::vector<std::string>{"F(x)", "stem"});
    REQUIRE(p.settle());
    CHECK(p.controller->plan().ok());
}

TEST_CASE("playground: adding add or cat joins the layer above with what it reads") {
    Playground p;
    REQUIRE(p.view->open_pipeline(":/resources/pipelines/vgg_block.json"));
    REQUIRE(p.settle());
    p.controller->add_layer(3, "add");  // after conv, relu, conv: around the second conv
    CHECK(p.controller->spec().layers[3].inputs == std::vector<std::string>{"3", "2"});
    REQUIRE(p.settle());
    CHECK(p.controller->plan().ok());
    p.controller->add_layer(1, "cat");
    CHECK(p.controller->spec().layers[1].inputs == std::vector<std::string>{"1", "input"});
    // The add's references moved down with their layers.
    CHECK(p.controller->spec().layers[4].inputs == std::vector<std::string>{"4", "3"});
    REQUIRE(p.settle());
    CHECK(p.controller->plan().layers[1].output.shape[1] == 16 + 3);
    // The relu the add reads now has the cat's 19 channels, the second conv 16: the join is
    // refused naming the layer, and the layers before it still show.
    CHECK(p.controller->plan().error_layer == size_t{4});
    CHECK_THAT(p.controller->plan().error.c_str(),
               Catch::Contains("layer 5 (add)") && Catch::Contains("must match"));
}

// By hand: CONVSCOPE_SHOTS=/tmp/dir convscope_gui_tests "[shots]" saves screenshots of the
// playground (all layers with a receptive field; Chinese; LeNet).
TEST_CASE("playground: screenshots", "[.][shots]") {
    const QString dir = qEnvironmentVariable("CONVSCOPE_SHOTS");
    REQUIRE(!dir.isEmpty());
    Playground p;
    REQUIRE(p.view->open_pipeline(":/resources/pipelines/two_blocks.json"));
    REQUIRE(p.settle());
    p.view->findChildren<QComboBox*>()[1]->setCurrentIndex(1);  // all layers
    p.view->select_layer(5);
    p.controller->select_pixel(5, 40, 60);
    p.view->viewer()->show_map(6);
    QTest::qWait(300);
    p.window.grab().save(dir + "/playground_all_layers.png");
    p.view->findChildren<QComboBox*>()[1]->setCurrentIndex(0);
    p.view->select_layer(0);
    p.view->viewer()->zoom_by(
        6.0, QPointF(p.view->viewer()->width() / 2.0, p.view->viewer()->height() / 2.0));
    QTest::qWait(300);
    p.window.grab().save(dir + "/playground_zoomed.png");
    REQUIRE(p.view->open_pipeline(":/resources/pipelines/edge_detectors.json"));
    REQUIRE(p.settle());
    p.window.set_language("zh_CN");
    QCoreApplication::processEvents();
    p.view->select_layer(2);
    p.controller->select_pixel(2, 70, 110);
    QTest::qWait(300);
    p.window.grab().save(dir + "/playground_zh.png");
    p.window.set_language("en");
    REQUIRE(p.view->open_pipeline(":/resources/pipelines/lenet.json"));
    REQUIRE(p.settle());
    p.view->findChildren<QComboBox*>()[1]->setCurrentIndex(1);
    p.view->select_layer(11);
    p.controller->select_pixel(11, 0, 3);
    QTest::qWait(300);
    p.window.grab().save(dir + "/playground_lenet.png");
    for (const char* name : {"residual_block", "inception_block"}) {
        REQUIRE(p.view->open_pipeline(QString(":/resources/pipelines/%1.json").arg(name)));
        REQUIRE(p.settle());
        p.view->select_layer(name == std::string("residual_block") ? 5 : 8);
        QTest::qWait(300);
        p.window.grab().save(dir + QString("/playground_%1.png").arg(name));
    }
    p.window.resize(1280, 800);
    p.window.set_language("zh_CN");
    QCoreApplication::processEvents();
    QTest::qWait(300);
    p.window.grab().save(dir + "/playground_inception_zh_1280.png");
    // A pad layer: its four sides in one row of the editor.
    p.controller->add_layer(1, "pad");
    REQUIRE(p.settle());
    p.view->select_layer(1);
    QTest::qWait(300);
    p.window.grab().save(dir + "/playground_pad_zh_1280.png");
    p.window.set_language("en");
    p.window.resize(1600, 1000);
    QTest::qWait(300);
    p.window.grab().save(dir + "/playground_pad_1600.png");
    // The two tool rows and the VGG block's thumbnails at both sizes, in both languages, with
    // and without presenter mode.
    REQUIRE(p.view->open_pipeline(":/resources/pipelines/vgg_block.json"));
    REQUIRE(p.settle());
    p.view->findChildren<QComboBox*>()[1]->setCurrentIndex(1);
    for (const bool presenter : {false, true}) {
        for (const QSize size : {QSize(1280, 800), QSize(1600, 1000)}) {
            for (const char* language : {"en", "zh_CN"}) {
                p.window.set_presenter_mode(presenter);
                p.window.setWindowState(p.window.windowState() & ~Qt::WindowFullScreen);
                p.window.resize(size);
                p.window.set_language(language);
                QTest::qWait(300);
                p.window.grab().save(dir + QString("/playground_vgg_%1%2_%3.png")
                                               .arg(presenter ? "presenter_" : "")
                                               .arg(size.width())
                                               .arg(language));
            }
        }
    }
    p.window.set_presenter_mode(false);
    p.window.set_language("en");
}
