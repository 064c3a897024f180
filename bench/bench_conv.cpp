// Conv kernels against cv::filter2D, OpenCV DNN's Convolution layer and a plain loop, on a
// 1920x1080 image, at 1 and 2 threads (the benchmark argument). bench/torch_conv.py times
// the same shapes with PyTorch. Results: bench/README.md.
#include <benchmark/benchmark.h>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include <random>

#include "bench/bench_helpers.hpp"
#include "engine/ops/conv2d.hpp"
#include "engine/ops/conv_kernel.hpp"
#include "engine/ops/conv_transpose2d.hpp"
#include "engine/parallel.hpp"
#include "engine/train/conv2d_gemm.hpp"
#include "engine/train/conv2d_winograd.hpp"

namespace {

using cs::bench::random_tensor;
using cs::bench::use_threads;

constexpr int64_t kH = 1080;
constexpr int64_t kW = 1920;

// ---- 3x3, one channel: the image-filter case --------------------------------------------

void conv2d_1ch(benchmark::State& state) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, 1, kH, kW}, 1);
    const cs::Tensor k = random_tensor({1, 1, 3, 3}, 2);
    for (auto _ : state) {
        benchmark::DoNotOptimize(cs::conv2d_forward(x, k, cs::Tensor(), {.padding = {1, 1}}));
    }
    state.SetLabel(cs::conv_kernel::instruction_set());
}

// The kernel alone: the output tensor is reused, as a live preview would.
void conv2d_1ch_into(benchmark::State& state) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, 1, kH, kW}, 1);
    const cs::Tensor k = random_tensor({1, 1, 3, 3}, 2);
    cs::Tensor out;
    for (auto _ : state) {
        cs::conv2d_forward_into(x, k, cs::Tensor(), {.padding = {1, 1}}, out);
        benchmark::DoNotOptimize(out.data());
    }
}

void filter2d_1ch(benchmark::State& state) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, 1, kH, kW}, 1);
    const cs::Tensor k = random_tensor({1, 1, 3, 3}, 2);
    const cv::Mat src(static_cast<int>(kH), static_cast<int>(kW), CV_32F,
                      const_cast<float*>(x.data()));
    const cv::Mat kernel(3, 3, CV_32F, const_cast<float*>(k.data()));
    for (auto _ : state) {
        cv::Mat dst;  // a fresh output each time, as conv2d_forward allocates one
        cv::filter2D(src, dst, CV_32F, kernel, cv::Point(-1, -1), 0, cv::BORDER_CONSTANT);
        benchmark::DoNotOptimize(dst.data);
    }
}

// What a first attempt looks like: four nested loops with a bounds check per tap.
void plain_loop_1ch(benchmark::State& state) {
    const cs::Tensor x = random_tensor({1, 1, kH, kW}, 1);
    const cs::Tensor k = random_tensor({1, 1, 3, 3}, 2);
    for (auto _ : state) {
        cs::Tensor out({1, 1, kH, kW});
        for (int64_t y = 0; y < kH; ++y) {
            for (int64_t c = 0; c < kW; ++c) {
                float sum = 0.0f;
                for (int64_t ky = 0; ky < 3; ++ky) {
                    for (int64_t kx = 0; kx < 3; ++kx) {
                        const int64_t r = y + ky - 1, q = c + kx - 1;
                        if (r >= 0 && r < kH && q >= 0 && q < kW) {
                            sum += x.data()[r * kW + q] * k.data()[ky * 3 + kx];
                        }
                    }
                }
                out.data()[y * kW + c] = sum;
            }
        }
        benchmark::DoNotOptimize(out.data());
    }
}

// ---- 3 -> 16 channels, 3x3: a first CNN layer ----------------------------------------

void conv2d_3to16(benchmark::State& state) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, 3, kH, kW}, 3);
    const cs::Tensor k = random_tensor({16, 3, 3, 3}, 4);
    const cs::Tensor b = random_tensor({16}, 5);
    for (auto _ : state) {
        benchmark::DoNotOptimize(cs::conv2d_forward(x, k, b, {.padding = {1, 1}}));
    }
}

void conv2d_3to16_into(benchmark::State& state) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, 3, kH, kW}, 3);
    const cs::Tensor k = random_tensor({16, 3, 3, 3}, 4);
    const cs::Tensor b = random_tensor({16}, 5);
    cs::Tensor out;
    for (auto _ : state) {
        cs::conv2d_forward_into(x, k, b, {.padding = {1, 1}}, out);
        benchmark::DoNotOptimize(out.data());
    }
}

// OpenCV DNN's Convolution layer (its own im2col/GEMM kernels), built from LayerParams.
cv::dnn::Net dnn_conv(const cs::Tensor& weight, const cs::Tensor& bias, const char* type,
                      int stride, int pad, int adj) {
    cv::dnn::LayerParams lp;
    lp.name = "conv";
    lp.type = type;
    const bool transposed = std::string(type) == "Deconvolution";
    const int out = static_cast<int>(transposed ? weight.size(1) : weight.size(0));
    lp.set("kernel_size", static_cast<int>(weight.size(2)));
    lp.set("stride", stride);
    lp.set("pad", pad);
    if (transposed) {
        lp.set("adj", adj);
    }
    lp.set("num_output", out);
    lp.set("bias_term", !bias.empty());
    const std::vector<int> wshape(weight.shape().begin(), weight.shape().end());
    lp.blobs.push_back(cv::Mat(wshape, CV_32F, const_cast<float*>(weight.data())).clone());
    if (!bias.empty()) {
        lp.blobs.push_back(cv::Mat(1, out, CV_32F, const_cast<float*>(bias.data())).clone());
    }
    cv::dnn::Net net;
    net.addLayerToPrev(lp.name, lp.type, lp);
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    return net;
}

void run_dnn(benchmark::State& state, cv::dnn::Net& net, const cs::Tensor& x) {
    const std::vector<int> shape(x.shape().begin(), x.shape().end());
    const cv::Mat blob(shape, CV_32F, const_cast<float*>(x.data()));
    net.setInput(blob);
    net.forward();  // the first run sets the layer up
    for (auto _ : state) {
        net.setInput(blob);
        cv::Mat out = net.forward();
        benchmark::DoNotOptimize(out.data);
    }
}

void cvdnn_1ch(benchmark::State& state) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, 1, kH, kW}, 1);
    const cs::Tensor k = random_tensor({1, 1, 3, 3}, 2);
    cv::dnn::Net net = dnn_conv(k, cs::Tensor(), "Convolution", 1, 1, 0);
    run_dnn(state, net, x);
}

void cvdnn_3to16(benchmark::State& state) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, 3, kH, kW}, 3);
    const cs::Tensor k = random_tensor({16, 3, 3, 3}, 4);
    const cs::Tensor b = random_tensor({16}, 5);
    cv::dnn::Net net = dnn_conv(k, b, "Convolution", 1, 1, 0);
    run_dnn(state, net, x);
}

// ---- conv_transpose2d, stride 2: an upsampling layer, 16 x 540x960 -> 8 x 1080x1920 -----

const cs::ConvTranspose2dParams kUp{.stride = {2, 2}, .padding = {1, 1}, .output_padding = {1, 1}};

void conv_transpose2d_s2(benchmark::State& state) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, 16, kH / 2, kW / 2}, 6);
    const cs::Tensor k = random_tensor({16, 8, 3, 3}, 7);
    for (auto _ : state) {
        benchmark::DoNotOptimize(cs::conv_transpose2d_forward(x, k, cs::Tensor(), kUp));
    }
}

void conv_transpose2d_s2_into(benchmark::State& state) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, 16, kH / 2, kW / 2}, 6);
    const cs::Tensor k = random_tensor({16, 8, 3, 3}, 7);
    cs::Tensor out;
    for (auto _ : state) {
        cs::conv_transpose2d_forward_into(x, k, cs::Tensor(), kUp, out);
        benchmark::DoNotOptimize(out.data());
    }
}

void cvdnn_transpose_s2(benchmark::State& state) {
    use_threads(state);
    const cs::Tensor x = random_tensor({1, 16, kH / 2, kW / 2}, 6);
    const cs::Tensor k = random_tensor({16, 8, 3, 3}, 7);
    cv::dnn::Net net = dnn_conv(k, cs::Tensor(), "Deconvolution", 2, 1, 1);
    run_dnn(state, net, x);
}

// ---- ResNet-18's 3×3 stride-1 layers, one thread: every Winograd plan, and OpenCV DNN ------

// Argument: the stage, 0–3: 64 channels on 56×56, 128 on 28×28, 256 on 14×14, 512 on 7×7.
struct ResnetLayer {
    cs::Tensor x, w, b;
    cs::ConvGemmGeometry g;
};

ResnetLayer resnet_layer(int64_t stage) {
    const int64_t channels = int64_t{64} << stage;
    const int64_t size = 56 >> stage;
    ResnetLayer l{random_tensor({1, channels, size, size}, 11),
                  random_tensor({channels, channels, 3, 3}, 12),
                  random_tensor({channels}, 13),
                  {}};
    l.w.share();  // a network's weights: transformed once, as in a model
    l.g = cs::conv_gemm_geometry(l.x.shape(), l.w.shape(), {.stride = {1, 1}, .padding = {1, 1}});
    return l;
}

void winograd_layer(benchmark::State& state, cs::WinogradPlan plan) {
    cs::set_thread_count(1);
    const ResnetLayer l = resnet_layer(state.range(0));
    cs::Tensor out = cs::Tensor::uninitialized({1, l.g.oc, l.g.oh, l.g.ow});
    for (auto _ : state) {
        cs::conv2d_forward_winograd(l.x, l.w, l.b, l.g, out, plan);
        benchmark::DoNotOptimize(out.data());
    }
    cs::set_thread_count(0);
}

void winograd_2x2(benchmark::State& state) {
    winograd_layer(state, {2, false});
}

void winograd_2x2_transposed(benchmark::State& state) {
    winograd_layer(state, {2, true});
}

void winograd_4x4(benchmark::State& state) {
    winograd_layer(state, {4, false});
}

void winograd_4x4_transposed(benchmark::State& state) {
    winograd_layer(state, {4, true});
}

// The plan the op chooses (winograd_plan).
void winograd_chosen(benchmark::State& state) {
    winograd_layer(state, {});
}

void cvdnn_resnet_layer(benchmark::State& state) {
    cv::setNumThreads(1);
    const ResnetLayer l = resnet_layer(state.range(0));
    cv::dnn::Net net = dnn_conv(l.w, l.b, "Convolution", 1, 1, 0);
    run_dnn(state, net, l.x);
    cv::setNumThreads(-1);
}

}  // namespace

#define CONV_BENCH(fn) \
    BENCHMARK(fn)->Arg(1)->Arg(2)->ArgName("threads")->Unit(benchmark::kMillisecond)->UseRealTime()

CONV_BENCH(conv2d_1ch);
CONV_BENCH(conv2d_1ch_into);
CONV_BENCH(filter2d_1ch);
CONV_BENCH(cvdnn_1ch);
BENCHMARK(plain_loop_1ch)->Unit(benchmark::kMillisecond)->UseRealTime();
CONV_BENCH(conv2d_3to16);
CONV_BENCH(conv2d_3to16_into);
CONV_BENCH(cvdnn_3to16);
CONV_BENCH(conv_transpose2d_s2);
CONV_BENCH(conv_transpose2d_s2_into);
CONV_BENCH(cvdnn_transpose_s2);
#define RESNET_LAYER_BENCH(fn) \
    BENCHMARK(fn)->DenseRange(0, 3)->ArgName("stage")->Unit(benchmark::kMillisecond)->UseRealTime()
RESNET_LAYER_BENCH(winograd_2x2);
RESNET_LAYER_BENCH(winograd_2x2_transposed);
RESNET_LAYER_BENCH(winograd_4x4);
RESNET_LAYER_BENCH(winograd_4x4_transposed);
RESNET_LAYER_BENCH(winograd_chosen);
RESNET_LAYER_BENCH(cvdnn_resnet_layer);

BENCHMARK_MAIN();
