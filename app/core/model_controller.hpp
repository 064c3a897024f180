#pragma once
// Between the Model tab and the engine's ONNX import: opens a model file on a worker thread,
// holds the model, its class names and the preprocessing chosen for it, and runs the graph on
// the current photo off the UI thread (every node's output, and the top classes). The newest
// request wins: a new model, photo or preprocessing drops the results of work still running.
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

#include "engine/model/onnx_import.hpp"
#include "engine/model/preprocess.hpp"

namespace cs::core {

struct ClassScore {
    int64_t index = 0;
    float probability = 0.0f;
};

// The `k` most likely classes of a classifier's output (1, K) or (K), most likely first. The
// output is taken as probabilities when it already is a distribution (values in [0, 1] that
// sum to 1), and goes through softmax otherwise (logits). Empty for an output that is not flat.
std::vector<ClassScore> top_classes(const Tensor& output, size_t k = 5);

// The class names beside a model, one per line: "<model>.txt" (resnet18.onnx → resnet18.txt),
// else "labels.txt" in the same folder. Empty when there is neither.
QStringList read_labels(const QString& model_path);

// Multiply-adds of the whole graph for one example.
int64_t total_multiply_adds(const Graph& graph);

// One pass of the model over the preprocessed photo.
struct ModelRun {
    Tensor input;                 // (1, C, H, W), after preprocessing
    std::vector<Tensor> outputs;  // outputs[i]: node i's value (batch 1)
    std::vector<ClassScore> top;  // of the model's output, when it is a classifier's
};

class ModelController : public QObject {
    Q_OBJECT
  public:
    explicit ModelController(QObject* parent = nullptr);
    ~ModelController() override;

    // Reads the model on a worker thread; opened() or failed() follows. `preprocess`: the
    // choice saved for this model, or the default for its input shape.
    void open(const QString& path, std::optional<Preprocess> preprocess = std::nullopt);
    // Stops waiting for the model or the run in flight: its result is dropped.
    void cancel();

    bool has_model() const { return model_ != nullptr; }
    const OnnxModel& model() const { return *model_; }
    QString path() const { return path_; }
    QStringList labels() const { return labels_; }
    // The name of class `index`: its label, or its number when there is no labels file.
    QString class_name(int64_t index) const;

    const Preprocess& preprocess() const { return preprocess_; }
    void set_preprocess(const Preprocess& preprocess);

    // The photo, (1, C, H, W) in [0, 1] as load_image gives it (shared, not copied).
    void set_image(Tensor image, const QString& path);
    bool has_image() const { return image_ != nullptr; }
    QString image_path() const { return image_path_; }

    // The newest finished run for the current model, photo and preprocessing (or null).
    const std::shared_ptr<const ModelRun>& result() const { return result_; }
    // Why the last run failed (the photo cannot be prepared as chosen, …); empty otherwise.
    QString run_error() const { return run_error_; }
    bool busy() const { return opening_ || running_; }
    bool opening() const { return opening_; }

  signals:
    void about_to_open();  // the new model replaces the old one right after this
    void opened();
    void failed(const QString& title, const QString& message);
    void busy_changed(bool busy);
    void result_changed();
    void image_changed();

  private:
    void start_run();
    void set_busy(bool opening, bool running);

    std::shared_ptr<const OnnxModel> model_;
    QString path_;
    QStringList labels_;
    Preprocess preprocess_;
    std::shared_ptr<const Tensor> image_;
    QString image_path_;
    std::shared_ptr<const ModelRun> result_;
    QString run_error_;
    uint64_t open_generation_ = 0;
    uint64_t run_generation_ = 0;
    bool opening_ = false;
    bool running_ = false;
};

}  // namespace cs::core
