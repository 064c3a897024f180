// The Model tab: an ONNX model opened through the window, its nodes, feature maps, top
// classes and preprocessing, driven through its widgets on the offscreen platform.
#include <catch2/catch.hpp>

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

#include <fstream>
#include <sstream>

#include <onnx/onnx_pb.h>

#include "app/core/lesson_controller.hpp"
#include "app/core/model_controller.hpp"
#include "app/core/model_lesson.hpp"
#include "app/core/pipeline_lanes.hpp"
#include "app/core/settings.hpp"
#include "app/gui/graph_view.hpp"
#include "app/gui/inspect_maps_view.hpp"
#include "app/gui/inspect_probabilities.hpp"
#include "app/gui/mainwindow.hpp"
#include "app/gui/map_range_controls.hpp"
#include "app/gui/model_page.hpp"
#include "app/gui/page_map_view.hpp"
#include "app/gui/preprocess_dialog.hpp"
#include "gui_helpers.hpp"

using cs::gui::MainWindow;
using cs::gui::ModelPage;

namespace {

QString golden_model(const char* name) {
    return cs::test::resource_path(QString("tests/golden/onnx/%1").arg(name));
}

// Opens a model through the window and waits for it and its first run on the photo.
bool open_and_settle(MainWindow& window, const QString& path) {
    window.open_model(path);
    cs::core::ModelController* c = window.model_page()->controller();
    const bool done = cs::test::wait_until(
        [c, path] {
            return !c->busy() && c->has_model() && c->path() == path && c->result() != nullptr;
        },
        20000);
    UNSCOPED_INFO("run error: " << c->run_error().toStdString());
    return done;
}

void close_message_boxes() {
    for (QWidget* w : QApplication::topLevelWidgets()) {
        if (auto* box = qobject_cast<QMessageBox*>(w)) {
            box->close();
        }
    }
}

}  // namespace

TEST_CASE("model page: opening residual.onnx lists its nodes with their output shapes") {
    MainWindow window;
    window.show();
    REQUIRE(open_and_settle(window, golden_model("residual.onnx")));
    CHECK(window.workspaces()->currentWidget() == window.model_workspace());
    ModelPage* page = window.model_page();
    const cs::Graph& graph = page->controller()->model().graph;
    QAbstractItemModel* nodes = page->node_list()->model();
    REQUIRE(nodes->rowCount() == static_cast<int>(graph.nodes().size()));
    CHECK(graph.input_shape() == cs::Shape{3, 20, 18});
    for (int row = 0; row < nodes->rowCount(); ++row) {
        const QString text = nodes->index(row, 0).data().toString();
        CHECK(text.contains(QString::fromStdString(graph.nodes()[row].name)));
        QStringList dims;
        for (int64_t d : graph.infos()[row].output_shape) {
            dims << QString::number(d);
        }
        CHECK(text.contains("→ " + dims.join(" × ")));
    }
    // The output is 5 class scores, and the residual join is drawn with a lane beside the rows.
    CHECK(graph.infos()[graph.output_index()].output_shape == cs::Shape{5});
    CHECK(cs::core::graph_lanes(graph).lanes >= 1);
    CHECK(page->summary_label()->text().contains("residual.onnx"));
    CHECK(page->top_classes()->probabilities().size() == 5);
}

TEST_CASE("model page: clicking a node shows its feature maps on the photo") {
    MainWindow window;
    window.show();
    REQUIRE(open_and_settle(window, golden_model("residual.onnx")));
    ModelPage* page = window.model_page();
    const cs::Graph& graph = page->controller()->model().graph;
    int conv = -1;
    for (size_t i = 0; i < graph.nodes().size() && conv < 0; ++i) {
        conv = graph.nodes()[i].op == "conv2d" ? static_cast<int>(i) : -1;
    }
    REQUIRE(conv >= 0);
    page->node_views()->setCurrentWidget(page->node_list());
    QListView* list = page->node_list();
    list->scrollTo(list->model()->index(conv, 0));
    const QRect rect = list->visualRect(list->model()->index(conv, 0));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
    CHECK(page->selected_node() == conv);
    const auto& rows = page->maps()->rows();
    REQUIRE(rows.size() == 2);
    const cs::Shape& expected = graph.infos()[static_cast<size_t>(conv)].output_shape;
    CHECK(rows[1].values.shape() == cs::Shape{1, expected[0], expected[1], expected[2]});
    CHECK(rows[1].values.data()[0] == page->controller()->result()->outputs[conv].data()[0]);
    // A click on a tile enlarges that map.
    const QRect tile = page->maps()->tile_rect(1, 2);
    REQUIRE(!tile.isEmpty());
    QTest::mouseClick(page->maps(), Qt::LeftButton, {}, tile.center());
    CHECK(page->enlarged_map()->image().size() ==
          QSize(static_cast<int>(expected[2]), static_cast<int>(expected[1])));
    CHECK(page->enlarged_map()->caption().contains("channel 2"));
    CHECK(page->out_channel_box()->value() == 2);
    // The enlarged map is coloured as its tile, and its bar states that tile's range; with one
    // range for the layer it is the layer's.
    page->range_controls()->set_choice(
        {cs::core::RangeClip::robust, cs::core::RangeScope::per_map});
    REQUIRE(page->enlarged_map()->scale().has_value());
    CHECK(*page->enlarged_map()->scale() == page->maps()->scales(1)[2]);
    page->range_controls()->set_choice(
        {cs::core::RangeClip::full, cs::core::RangeScope::per_layer});
    CHECK(page->maps()->range().scope == cs::core::RangeScope::per_layer);
    CHECK(*page->enlarged_map()->scale() == page->maps()->scales(1)[0]);
    CHECK(page->maps()->scales(1)[0] == page->maps()->scales(1)[2]);
}

TEST_CASE("model page: clicking a node in the graph selects it and shows its feature maps") {
    MainWindow window;
    window.show();
    REQUIRE(open_and_settle(window, golden_model("residual.onnx")));
    ModelPage* page = window.model_page();
    CHECK(page->node_views()->currentIndex() == 0);  // the graph is what the tab shows first
    cs::gui::GraphView* graph = page->graph_view();
    const cs::Graph& model = page->controller()->model().graph;
    const int add = static_cast<int>(model.index_of("/Add"));
    REQUIRE(add > 0);
    // The residual join's shortcut is a skip edge in the drawing.
    bool skip = false;
    for (const auto& edge : graph->graph_layout().edges) {
        skip = skip || (edge.skip && edge.to == graph->graph_layout().item_of_node[add]);
    }
    CHECK(skip);
    const int conv = static_cast<int>(model.index_of("/conv2/Conv"));
    REQUIRE(conv > 0);
    for (int node : {conv, add}) {
        QRect box = graph->node_rect(node);
        graph->verticalScrollBar()->setValue(graph->verticalScrollBar()->value() + box.top() -
                                             20);  // into view
        box = graph->node_rect(node);
        REQUIRE(graph->viewport()->rect().contains(box.center()));
        QTest::mouseClick(graph->viewport(), Qt::LeftButton, {}, box.center());
        CHECK(page->selected_node() == node);
        CHECK(graph->selected() == node);
        CHECK(page->node_list()->currentIndex().row() == node);
        const auto& rows = page->maps()->rows();
        REQUIRE(rows.size() == 2);
        const cs::Shape& expected = model.infos()[static_cast<size_t>(node)].output_shape;
        CHECK(rows[1].values.shape() == cs::Shape{1, expected[0], expected[1], expected[2]});
        CHECK(rows[1].values.data()[0] == page->controller()->result()->outputs[node].data()[0]);
    }
    CHECK_FALSE(page->lesson_button()->isVisibleTo(page));  // the add is no convolution
    // Choosing in the list moves the graph's selection; the arrow keys walk the graph.
    page->select_node(conv);
    CHECK(graph->selected() == conv);
    graph->setFocus();
    QTest::keyClick(graph, Qt::Key_Down);
    CHECK(page->selected_node() == add);
    QTest::keyClick(graph, Qt::Key_Up);
    CHECK(page->selected_node() == conv);
    // Ctrl+wheel zooms about the pointer; Fit shows the whole graph.
    const QPointF at = graph->node_rect(conv).center();
    QWheelEvent wheel(at, graph->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 240),
                      Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(graph->viewport(), &wheel);
    CHECK(graph->zoom() == Approx(1.15 * 1.15));
    CHECK(graph->node_rect(conv).contains(at.toPoint()));
    graph->fit();
    CHECK(graph->zoom() <= 1.0);
    CHECK(graph->viewport()->rect().contains(graph->node_rect(0)));
    CHECK(graph->viewport()->rect().contains(graph->node_rect(model.output_index())));
}

TEST_CASE("model page: a block of the graph collapses into one box and expands again") {
    // Named as torchvision names a stage, "/layer1/conv1/Conv": the residual block's nodes
    // form the block "layer1".
    std::ifstream in(golden_model("residual.onnx").toStdString(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    onnx::ModelProto proto;
    REQUIRE(proto.ParseFromString(bytes.str()));
    for (auto& node : *proto.mutable_graph()->mutable_node()) {
        for (const char* name : {"/conv1/Conv", "/Relu_1", "/conv2/Conv", "/Add"}) {
            if (node.name() == name) {
                node.set_name("/layer1" + node.name());
            }
        }
    }
    QTemporaryDir dir;
    const QString path = dir.filePath("staged.onnx");
    {
        std::ofstream out(path.toStdString(), std::ios::binary);
        out << proto.SerializeAsString();
    }
    MainWindow window;
    window.show();
    REQUIRE(open_and_settle(window, path));
    cs::gui::GraphView* graph = window.model_page()->graph_view();
    REQUIRE(graph->blocks().size() == 1);
    const int block = 0;
    CHECK(graph->blocks()[block].label == "layer1");
    CHECK(graph->blocks()[block].nodes.size() == 4);
    const auto& nodes = graph->blocks()[block].nodes;
    const size_t items = graph->graph_layout().items.size();
    QRect toggle = graph->toggle_rect(block);
    REQUIRE(!toggle.isEmpty());
    graph->verticalScrollBar()->setValue(graph->verticalScrollBar()->value() + toggle.top() - 20);
    toggle = graph->toggle_rect(block);
    QTest::mouseClick(graph->viewport(), Qt::LeftButton, {}, toggle.center());
    REQUIRE(graph->is_collapsed(block));
    CHECK(graph->graph_layout().items.size() == items - nodes.size() + 1);
    // Clicking the box selects the node whose value leaves the block.
    const QRect box = graph->node_rect(nodes.front());
    QTest::mouseClick(graph->viewport(), Qt::LeftButton, {}, box.bottomLeft() + QPoint(8, -4));
    CHECK(window.model_page()->selected_node() == graph->blocks()[block].output_node);
    QTest::mouseClick(graph->viewport(), Qt::LeftButton, {}, graph->toggle_rect(block).center());
    CHECK_FALSE(graph->is_collapsed(block));
    CHECK(graph->graph_layout().items.size() == items);
}

TEST_CASE("model page: a conv2d node opens the convolution lesson with its real kernel") {
    MainWindow window;
    window.show();
    REQUIRE(open_and_settle(window, golden_model("residual.onnx")));
    ModelPage* page = window.model_page();
    const cs::Graph& graph = page->controller()->model().graph;
    int conv = -1;
    for (size_t i = 1; i < graph.nodes().size() && conv < 0; ++i) {
        conv = graph.nodes()[i].op == "conv2d" ? static_cast<int>(i) : -1;
    }
    REQUIRE(conv > 0);
    page->select_node(0);
    CHECK(page->lesson_button()->isVisibleTo(page));  // the stem is a conv2d too
    page->select_node(conv - 1);
    CHECK_FALSE(page->lesson_button()->isVisibleTo(page));
    page->select_node(conv);
    REQUIRE(page->lesson_button()->isVisibleTo(page));
    page->out_channel_box()->setValue(3);
    page->in_channel_box()->setValue(2);
    QCoreApplication::processEvents();  // the row just appeared: let it get its size
    QTest::mouseClick(page->lesson_button(), Qt::LeftButton);
    CHECK(window.workspaces()->currentIndex() == 0);
    const cs::core::Lesson& lesson = window.controller()->lesson();
    CHECK(lesson.op == "conv2d");
    const cs::Tensor& weight = graph.nodes()[static_cast<size_t>(conv)].tensors.at("weight");
    const int64_t kh = weight.size(2), kw = weight.size(3);
    REQUIRE(lesson.weight.shape() == cs::Shape{1, 1, kh, kw});
    const float* slice = weight.data() + (3 * weight.size(1) + 2) * kh * kw;
    for (int64_t i = 0; i < kh * kw; ++i) {
        CHECK(lesson.weight.data()[i] == slice[i]);
    }
    CHECK(lesson.input.size(2) <= cs::core::model_lesson_side);
    CHECK(window.controller()->valid());
    if (const QString dir = qEnvironmentVariable("CONVSCOPE_SHOTS"); !dir.isEmpty()) {
        window.resize(1280, 800);
        QTest::qWait(300);
        window.grab().save(dir + "/model_conv_lesson_1280.png");
    }
}

TEST_CASE("model page: a model with a node the engine lacks opens and lists what was left out") {
    std::ifstream in(golden_model("residual.onnx").toStdString(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    onnx::ModelProto proto;
    REQUIRE(proto.ParseFromString(bytes.str()));
    for (auto& node : *proto.mutable_graph()->mutable_node()) {
        if (node.op_type() == "GlobalAveragePool") {
            node.set_op_type("GlobalLpPool");  // an ONNX op the engine does not have
        }
    }
    QTemporaryDir dir;
    const QString path = dir.filePath("changed.onnx");
    {
        std::ofstream out(path.toStdString(), std::ios::binary);
        out << proto.SerializeAsString();
    }
    // With a labels file beside it, named after the model.
    QFile labels(dir.filePath("changed.txt"));
    REQUIRE(labels.open(QIODevice::WriteOnly));
    labels.write("cat\ndog\nfox\nowl\nbee\n");
    labels.close();
    MainWindow window;
    window.show();
    REQUIRE(window.open_file(path));  // as a dropped file: known by its name
    cs::core::ModelController* c = window.model_page()->controller();
    REQUIRE(cs::test::wait_until([c] { return c->has_model() && !c->busy(); }, 20000));
    ModelPage* page = window.model_page();
    REQUIRE(page->problem_list()->count() >= 2);
    CHECK(page->problem_list()->isVisibleTo(page));
    CHECK(page->problem_list()->item(0)->text().contains("GlobalLpPool"));
    CHECK(page->message_label()->text().contains("could not be imported"));
    CHECK(page->node_list()->model()->rowCount() ==
          static_cast<int>(c->model().graph.nodes().size()));
    CHECK(c->labels() == QStringList{"cat", "dog", "fox", "owl", "bee"});
    CHECK(c->class_name(2) == "fox");
    if (const QString shots = qEnvironmentVariable("CONVSCOPE_SHOTS"); !shots.isEmpty()) {
        window.resize(1280, 800);
        QTest::qWait(300);
        window.grab().save(shots + "/model_problems_1280.png");
    }
}

TEST_CASE("model page: cancelling an open keeps the window as it was") {
    MainWindow window;
    window.show();
    ModelPage* page = window.model_page();
    cs::core::ModelController* c = page->controller();
    bool opened = false;
    QObject::connect(c, &cs::core::ModelController::opened, [&opened] { opened = true; });
    window.open_model(golden_model("residual.onnx"));
    CHECK(c->busy());
    c->cancel();
    CHECK_FALSE(c->busy());
    QTest::qWait(1000 * cs::test::wait_scale);  // the worker finishes: its model is dropped
    CHECK_FALSE(opened);
    CHECK_FALSE(c->has_model());
}

TEST_CASE("model page: a file of random bytes shows a message and keeps the window working") {
    QTemporaryDir dir;
    const QString path = dir.filePath("broken.onnx");
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    QByteArray bytes;
    for (int i = 0; i < 4096; ++i) {
        bytes.append(static_cast<char>((i * 7919 + 13) % 251));
    }
    file.write(bytes);
    file.close();
    MainWindow window;
    window.show();
    window.open_model(path);
    ModelPage* page = window.model_page();
    REQUIRE(cs::test::wait_until(
        [page] { return page->findChild<QMessageBox*>("model_error") != nullptr; }));
    CHECK_FALSE(page->controller()->has_model());
    CHECK(page->message_label()->text().contains("Cannot open the model"));
    CHECK(page->message_label()->text().contains("broken.onnx"));
    close_message_boxes();
    // A good model still opens afterwards.
    REQUIRE(open_and_settle(window, golden_model("residual.onnx")));
}

TEST_CASE("model page: the preprocessing choice survives a reopen through the recent list") {
    const QString path = golden_model("residual.onnx");
    {
        MainWindow window;
        window.show();
        REQUIRE(open_and_settle(window, path));
        ModelPage* page = window.model_page();
        page->edit_preprocessing();
        auto* dialog = page->findChild<cs::gui::PreprocessDialog*>();
        REQUIRE(dialog != nullptr);
        QTest::mouseClick(dialog->imagenet_button(), Qt::LeftButton);
        dialog->resize_box()->setValue(24);
        dialog->accept();
        REQUIRE(cs::test::wait_until([page] { return !page->controller()->busy(); }));
        CHECK(page->controller()->preprocess().resize == 24);
        CHECK(page->controller()->run_error().isEmpty());
        window.close();
    }
    MainWindow window;
    window.show();
    auto* recent = window.findChild<QMenu*>("recent_models");
    REQUIRE(recent != nullptr);
    QAction* entry = nullptr;
    for (QAction* a : recent->actions()) {
        entry = a->data().toString() == path ? a : entry;
    }
    REQUIRE(entry != nullptr);
    entry->trigger();
    cs::core::ModelController* c = window.model_page()->controller();
    REQUIRE(cs::test::wait_until([c] { return c->has_model() && !c->busy(); }, 20000));
    CHECK(c->preprocess().resize == 24);
    CHECK(c->preprocess().mean[0] == Approx(0.485));
    CHECK(c->preprocess().std[2] == Approx(0.225));
}

TEST_CASE("model page: a photo that cannot fit the model's input says why") {
    // inception.onnx reads 2 channels: no photo preprocessing makes that.
    MainWindow window;
    window.show();
    window.open_model(golden_model("inception.onnx"));
    cs::core::ModelController* c = window.model_page()->controller();
    REQUIRE(cs::test::wait_until([c] { return c->has_model() && !c->busy(); }, 20000));
    CHECK(c->result() == nullptr);
    INFO("run_error: " << c->run_error().toStdString() << " message: "
                       << window.model_page()->message_label()->text().toStdString());
    CHECK(c->run_error().contains("2 × 9 × 11"));
    CHECK(window.model_page()->message_label()->text().contains("Preprocessing"));
    CHECK(window.model_page()->node_list()->model()->rowCount() > 5);
}

TEST_CASE("model page: top classes come from softmax of logits and name the labels file") {
    cs::Tensor logits({1, 3}, {0.0f, 2.0f, 1.0f});
    const auto top = cs::core::top_classes(logits, 2);
    REQUIRE(top.size() == 2);
    CHECK(top[0].index == 1);
    CHECK(top[1].index == 2);
    CHECK(top[0].probability == Approx(0.665241));
    cs::Tensor probabilities({1, 2}, {0.25f, 0.75f});
    CHECK(cs::core::top_classes(probabilities, 5)[0].probability == Approx(0.75));
    QTemporaryDir dir;
    QFile labels(dir.filePath("labels.txt"));
    REQUIRE(labels.open(QIODevice::WriteOnly));
    labels.write("cat\ndog\n");
    labels.close();
    CHECK(cs::core::read_labels(dir.filePath("net.onnx")) == QStringList{"cat", "dog"});
}

// By hand: CONVSCOPE_SHOTS=/tmp/dir convscope_gui_tests "[shots]" saves the Model tab at
// 1280×800 and 1600×1000 in English and Chinese. With CONVSCOPE_GOOGLENET_ONNX and
// CONVSCOPE_RESNET18_ONNX naming torchvision exports (bench/torchvision_onnx.py), their
// graphs too, with presenter mode on and off.
TEST_CASE("model page: screenshots", "[.][shots]") {
    const QString dir = qEnvironmentVariable("CONVSCOPE_SHOTS");
    REQUIRE(!dir.isEmpty());
    MainWindow window;
    window.show();
    REQUIRE(open_and_settle(window, golden_model("residual.onnx")));
    window.model_page()->select_node(0);  // a conv2d: its lesson row shows
    for (const char* language : {"en", "zh_CN"}) {
        window.set_language(language);
        for (const QSize size : {QSize(1280, 800), QSize(1600, 1000)}) {
            window.resize(size);
            QCoreApplication::processEvents();
            QTest::qWait(300);
            window.grab().save(QString("%1/model_%2_%3.png").arg(dir, language).arg(size.width()));
        }
    }
    window.set_language("en");
    window.open_model(golden_model("inception.onnx"));
    cs::core::ModelController* c = window.model_page()->controller();
    REQUIRE(cs::test::wait_until([c] { return c->has_model() && !c->busy(); }, 20000));
    window.resize(1280, 800);
    QTest::qWait(300);
    window.grab().save(dir + "/model_inception_1280.png");
    // The decoder: transposed convolutions, pad nodes, resizing, a gate (mul).
    window.open_model(golden_model("decoder.onnx"));
    REQUIRE(cs::test::wait_until([c] { return c->has_model() && !c->busy(); }, 20000));
    for (size_t i = 0; i < c->model().graph.nodes().size(); ++i) {
        if (c->model().graph.nodes()[i].op == "mul") {
            window.model_page()->select_node(static_cast<int>(i));
            break;
        }
    }
    QTest::qWait(300);
    window.grab().save(dir + "/model_decoder_1280.png");
    close_message_boxes();
    window.model_page()->edit_preprocessing();
    auto* dialog = window.model_page()->findChild<cs::gui::PreprocessDialog*>();
    REQUIRE(dialog != nullptr);
    QTest::qWait(300);
    dialog->grab().save(dir + "/model_preprocessing.png");
    dialog->reject();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);  // closed: deleted
    window.set_language("zh_CN");
    window.model_page()->edit_preprocessing();
    dialog = window.model_page()->findChild<cs::gui::PreprocessDialog*>();
    REQUIRE(dialog != nullptr);
    QTest::qWait(300);
    dialog->grab().save(dir + "/model_preprocessing_zh.png");
    dialog->reject();
    window.set_language("en");
    for (const char* variable : {"CONVSCOPE_GOOGLENET_ONNX", "CONVSCOPE_RESNET18_ONNX"}) {
        const QString path = qEnvironmentVariable(variable);
        if (path.isEmpty()) {
            continue;
        }
        REQUIRE(open_and_settle(window, path));
        const QString name = QFileInfo(path).baseName();
        ModelPage* page = window.model_page();
        const cs::Graph& graph = c->model().graph;
        // A node inside a block: googlenet's second Inception block, resnet18's first
        // downsampling add.
        for (const char* node : {"/inception3b/Concat", "/layer2/layer2.0/Add"}) {
            if (graph.index_of(node) >= 0) {
                page->select_node(static_cast<int>(graph.index_of(node)));
            }
        }
        for (const bool presenter : {false, true}) {
            window.set_presenter_mode(presenter);
            for (const char* language : {"en", "zh_CN"}) {
                window.set_language(language);
                for (const QSize size : {QSize(1280, 800), QSize(1600, 1000)}) {
                    window.resize(size);
                    QCoreApplication::processEvents();
                    QTest::qWait(300);
                    window.grab().save(QString("%1/graph_%2_%3_%4%5.png")
                                           .arg(dir, name, language)
                                           .arg(size.width())
                                           .arg(presenter ? "_presenter" : ""));
                }
            }
        }
        window.set_presenter_mode(false);
        window.set_language("en");
        page->graph_view()->set_all_collapsed(false);
        window.resize(1600, 1000);
        QTest::qWait(300);
        window.grab().save(QString("%1/graph_%2_expanded.png").arg(dir, name));
        page->graph_view()->fit();
        QTest::qWait(100);
        window.grab().save(QString("%1/graph_%2_fit.png").arg(dir, name));
        page->graph_view()->set_zoom(1.0);
        for (QAction* a : window.findChildren<QAction*>()) {
            if (a->text() == "&High Contrast") {
                a->setChecked(true);
                QTest::qWait(300);
                window.grab().save(QString("%1/graph_%2_high_contrast.png").arg(dir, name));
                a->setChecked(false);
            }
        }
    }
}
