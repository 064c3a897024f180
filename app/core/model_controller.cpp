#include "app/core/model_controller.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "app/core/background.hpp"
#include "engine/error.hpp"
#include "engine/ops/softmax.hpp"

namespace cs::core {
namespace {

QString shape_text(const Shape& shape) {
    QStringList parts;
    for (int64_t size : shape) {
        parts << QString::number(size);
    }
    return parts.join(" × ");
}

}  // namespace

std::vector<ClassScore> top_classes(const Tensor& output, size_t k) {
    const Shape& shape = output.shape();
    const bool flat = shape.size() == 1 || (shape.size() == 2 && shape[0] == 1);
    if (!flat || output.numel() < 2) {
        return {};
    }
    const int64_t classes = output.numel();
    const float* values = output.data();
    double sum = 0.0;
    bool in_range = true;
    for (int64_t i = 0; i < classes; ++i) {
        in_range = in_range && values[i] >= 0.0f && values[i] <= 1.0f;
        sum += values[i];
    }
    Tensor probabilities;
    if (in_range && std::abs(sum - 1.0) < 1e-3) {
        probabilities = output;
    } else {
        probabilities =
            softmax_forward(Tensor({1, classes}, std::vector<float>(values, values + classes)),
                            SoftmaxParams{.dim = 1});
    }
    std::vector<int64_t> order(static_cast<size_t>(classes));
    std::iota(order.begin(), order.end(), int64_t{0});
    const float* p = probabilities.data();
    const size_t keep = std::min(k, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                      [p](int64_t a, int64_t b) { return p[a] > p[b]; });
    std::vector<ClassScore> top;
    for (size_t i = 0; i < keep; ++i) {
        top.push_back({order[i], p[order[i]]});
    }
    return top;
}

QStringList read_labels(const QString& model_path) {
    const QFileInfo model(model_path);
    const QDir folder = model.absoluteDir();
    for (const QString& name : {model.completeBaseName() + ".txt", QString("labels.txt")}) {
        QFile file(folder.filePath(name));
        // A labels file is a few kilobytes (ImageNet's 1000 names: 21 kB).
        if (!QFileInfo(file).isFile() || file.size() > (4 << 20) ||
            !file.open(QIODevice::ReadOnly | QIODevice::Text)) {
            continue;
        }
        QStringList labels = QString::fromUtf8(file.readAll()).split('\n');
        for (QString& label : labels) {
            label = label.trimmed();
        }
        while (!labels.isEmpty() && labels.last().isEmpty()) {
            labels.removeLast();
        }
        if (!labels.isEmpty()) {
            return labels;
        }
    }
    return {};
}

int64_t total_multiply_adds(const Graph& graph) {
    int64_t total = 0;
    for (const NodeInfo& info : graph.infos()) {
        total += info.multiply_adds;
    }
    return total;
}

ModelController::ModelController(QObject* parent) : QObject(parent) {}

ModelController::~ModelController() = default;

QString ModelController::class_name(int64_t index) const {
    if (index >= 0 && index < labels_.size() && !labels_[index].isEmpty()) {
        return labels_[index];
    }
    return QString::number(index);
}

void ModelController::set_busy(bool opening, bool running) {
    const bool was = busy();
    opening_ = opening;
    running_ = running;
    if (was != busy()) {
        emit busy_changed(busy());
    }
}

void ModelController::open(const QString& path, std::optional<Preprocess> preprocess) {
    const uint64_t generation = ++open_generation_;
    set_busy(true, running_);
    struct Opened {
        std::shared_ptr<const OnnxModel> model;
        QStringList labels;
    };
    run_in_background(
        this,
        [path] {
            auto model = std::make_shared<OnnxModel>(read_onnx_file(path.toStdString()));
            return Opened{std::move(model), read_labels(path)};
        },
        [this, path, preprocess, generation](std::optional<Opened> loaded, const QString& error) {
            if (generation != open_generation_) {
                return;  // cancelled, or a newer model was asked for
            }
            set_busy(false, running_);
            if (!loaded) {
                emit failed(tr("Cannot open the model"),
                            tr("%1 cannot be opened as an ONNX model.\n\n%2")
                                .arg(QFileInfo(path).fileName(), error));
                return;
            }
            emit about_to_open();
            model_ = std::move(loaded->model);
            labels_ = std::move(loaded->labels);
            path_ = QFileInfo(path).absoluteFilePath();
            preprocess_ = preprocess.value_or(default_preprocess(model_->graph.input_shape()));
            result_.reset();
            run_error_.clear();
            emit opened();
            start_run();
        });
}

void ModelController::cancel() {
    ++open_generation_;
    ++run_generation_;
    set_busy(false, false);
}

void ModelController::set_preprocess(const Preprocess& preprocess) {
    if (preprocess == preprocess_) {
        return;
    }
    preprocess_ = preprocess;
    start_run();
}

void ModelController::set_image(Tensor image, const QString& path) {
    image.share();
    image_ = std::make_shared<const Tensor>(std::move(image));
    image_path_ = path;
    emit image_changed();
    start_run();
}

void ModelController::start_run() {
    if (!model_ || !image_) {
        return;
    }
    const uint64_t generation = ++run_generation_;
    set_busy(opening_, true);
    run_in_background(
        this,
        [model = model_, image = image_, preprocess = preprocess_] {
            auto run = std::make_shared<ModelRun>();
            run->input = preprocess_image(*image, preprocess);
            const Shape& expected = model->graph.input_shape();
            const Shape given(run->input.shape().begin() + 1, run->input.shape().end());
            if (given != expected) {
                throw Error(tr("the photo after preprocessing is %1, but the model reads %2")
                                .arg(shape_text(given), shape_text(expected))
                                .toStdString());
            }
            GraphRun values = model->graph.run(run->input);
            run->outputs.reserve(values.results.size());
            for (OpResult& result : values.results) {
                run->outputs.push_back(std::move(result.output));
            }
            run->top = top_classes(run->outputs.at(model->graph.output_index()));
            return std::shared_ptr<const ModelRun>(std::move(run));
        },
        [this, generation](std::optional<std::shared_ptr<const ModelRun>> run,
                           const QString& error) {
            if (generation != run_generation_) {
                return;
            }
            set_busy(opening_, false);
            result_ = run ? *run : nullptr;
            run_error_ = run ? QString() : error;
            emit result_changed();
        });
}

}  // namespace cs::core
