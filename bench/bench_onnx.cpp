// A whole imported model, side by side with OpenCV DNN: torchvision's resnet18 (random weights,
// exported at opset 11 by bench/torchvision_onnx.py) on one 3×224×224 image, through the engine
// (the file read once, then cs::Graph::run, which keeps every node's value as the Model tab
// shows them) and through cv::dnn (readNetFromONNX once, then setInput and forward), at 1 and
// 2 threads (cs::set_thread_count, cv::setNumThreads). The model file comes from the
// environment:
//   /usr/bin/python3 bench/torchvision_onnx.py /tmp/tv --models resnet18
//   CONVSCOPE_RESNET18_ONNX=/tmp/tv/resnet18.onnx build/bench/bench_onnx
// Results, with PyTorch's time from the same script: bench/README.md.
#include <benchmark/benchmark.h>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include <cstdlib>
#include <random>
#include <string>

#include "bench/bench_helpers.hpp"
#include "engine/model/onnx_import.hpp"
#include "engine/parallel.hpp"

namespace {

using cs::bench::use_threads;

constexpr const char* kModelVariable = "CONVSCOPE_RESNET18_ONNX";

// The model file, or nullptr after telling the benchmark why it is skipped.
const char* model_file(benchmark::State& state) {
    const char* path = std::getenv(kModelVariable);
    if (path == nullptr || *path == '\0') {
        state.SkipWithError(
            "CONVSCOPE_RESNET18_ONNX is not set: make the model with "
            "bench/torchvision_onnx.py and point the variable at resnet18.onnx");
        return nullptr;
    }
    return path;
}

// One image, values drawn from N(0, 1) like an ImageNet-normalised photo.
cs::Tensor random_image() {
    std::mt19937 rng(19);
    std::normal_distribution<float> pick(0.0f, 1.0f);
    cs::Tensor t({1, 3, 224, 224});
    for (float& v : t.values()) {
        v = pick(rng);
    }
    return t;
}

void engine_resnet18(benchmark::State& state) {
    const char* path = model_file(state);
    if (path == nullptr) {
        return;
    }
    use_threads(state);
    const cs::OnnxModel model = cs::read_onnx_file(path);
    if (!model.problems.empty()) {
        state.SkipWithError(("not imported: " + model.problems.front()).c_str());
        return;
    }
    const cs::Tensor x = random_image();
    // Each run takes the buffers the last one freed, as OpenCV's net keeps its blobs and as
    // `convscope-cli model run --repeat` times it.
    const cs::TensorBufferReuse reuse;
    benchmark::DoNotOptimize(model.graph.run(x).output().data());  // warm-up, as OpenCV's
    for (auto _ : state) {
        const cs::GraphRun run = model.graph.run(x);
        benchmark::DoNotOptimize(run.output().data());
    }
    cs::set_thread_count(0);
}

void cvdnn_resnet18(benchmark::State& state) {
    const char* path = model_file(state);
    if (path == nullptr) {
        return;
    }
    use_threads(state);
    cv::dnn::Net net = cv::dnn::readNetFromONNX(path);
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    const cs::Tensor x = random_image();
    const std::vector<int> shape(x.shape().begin(), x.shape().end());
    const cv::Mat blob(shape, CV_32F, const_cast<float*>(x.data()));
    net.setInput(blob);
    net.forward();  // the first run sets the layers up and fuses them
    for (auto _ : state) {
        net.setInput(blob);
        cv::Mat out = net.forward();
        benchmark::DoNotOptimize(out.data);
    }
}

}  // namespace

#define ONNX_BENCH(fn) \
    BENCHMARK(fn)->Arg(1)->Arg(2)->ArgName("threads")->Unit(benchmark::kMillisecond)->UseRealTime()

ONNX_BENCH(engine_resnet18);
ONNX_BENCH(cvdnn_resnet18);

BENCHMARK_MAIN();
