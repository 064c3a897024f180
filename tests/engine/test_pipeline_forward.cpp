// The banded forward pass equals the op-by-op forward bit for bit, whatever the bands and the
// thread count; cancellation; what the map collector keeps; export files.
#include <catch2/catch.hpp>

#include <array>
#include <limits>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>

#include "engine/error.hpp"
#include "engine/parallel.hpp"
#include "engine/pipeline/map_collector.hpp"
#include "engine/pipeline/map_export.hpp"
#include "engine/pipeline/pipeline_forward.hpp"

using namespace cs;
using namespace cs::pipeline;

namespace {

Tensor random_image(const Shape& shape, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> pick(0.0f, 1.0f);
    Tensor t(shape);
    for (float& v : t.values()) {
        v = pick(rng);
    }
    return t;
}

LayerSpec layer(const std::string& op, nlohmann::json params, int64_t out = 0, Pair k = {3, 3},
                uint64_t seed = 7) {
    LayerSpec l = default_layer(op, seed);
    l.params = std::move(params);
    if (out > 0) {
        l.out_channels = out;
        l.kernel_size = k;
    }
    return l;
}

LayerSpec named(LayerSpec l, std::string name, std::vector<std::string> inputs = {}) {
    l.name = std::move(name);
    l.inputs = std::move(inputs);
    return l;
}

PipelineSpec pipeline_of(std::vector<LayerSpec> layers) {
    PipelineSpec spec;
    spec.layers = std::move(layers);
    return spec;
}

void check_same(const std::vector<Tensor>& got, const std::vector<Tensor>& want) {
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) {
        INFO("layer " << i + 1);
        REQUIRE(got[i].shape() == want[i].shape());
        CHECK(got[i].values() == want[i].values());  // bit for bit
    }
}

// Pipelines that exercise every band rule: padding, stride, dilation, "same" with an even
// kernel, pools whose stride is larger than the kernel (rows no one reads), odd sizes, and
// layers that cannot be banded in between.
std::vector<PipelineSpec> test_pipelines() {
    return {
        pipeline_of({layer("conv2d", {{"padding", 1}}, 8), layer("relu", {}),
                     layer("max_pool2d", {{"kernel_size", 2}}),
                     layer("conv2d", {{"padding", 1}}, 8), layer("relu", {}),
                     layer("max_pool2d", {{"kernel_size", 2}})}),
        pipeline_of({layer("conv2d", {{"padding", 2}, {"stride", 2}, {"dilation", 2}}, 5, {3, 5}),
                     layer("leaky_relu", {{"negative_slope", 0.1}}),
                     layer("avg_pool2d", {{"kernel_size", 3}, {"stride", 2}, {"padding", {0, 1}}}),
                     layer("conv2d", {{"padding", "same"}}, 4, {4, 2}), layer("tanh", {})}),
        pipeline_of({layer("conv2d", {}, 3, {1, 1}),
                     layer("max_pool2d", {{"kernel_size", 2}, {"stride", 3}}),
                     layer("lp_pool2d", {{"norm_type", 2}, {"kernel_size", 2}}),
                     layer("sigmoid", {})}),
        pipeline_of({layer("conv2d", {{"padding", 1}}, 4), layer("relu", {}),
                     layer("conv_transpose2d", {{"stride", 2}}, 3, {2, 2}),
                     layer("conv2d", {{"padding", 1}, {"padding_mode", "reflect"}}, 2),
                     layer("interpolate", {{"scale_factor", 2}, {"mode", "nearest"}}),
                     layer("conv2d", {{"padding", 1}, {"groups", 2}}, 4),
                     layer("max_pool2d", {{"kernel_size", 3}, {"padding", 1}}),
                     layer("flatten", {{"start_dim", 1}}), layer("linear", {}, 10),
                     layer("softmax", {{"dim", 1}})}),
        // A residual block: the first conv's output is read twice (a branch point inside
        // what would be a banded run), and add joins two maps.
        pipeline_of({named(layer("conv2d", {{"padding", 1}}, 4), "c1"), layer("relu", {}),
                     layer("conv2d", {{"padding", 1}}, 4),
                     named(layer("add", {}), "sum", {"3", "c1"}), layer("relu", {}),
                     layer("max_pool2d", {{"kernel_size", 2}})}),
        // An Inception-like block: three paths from one input joined by cat, then a pool.
        pipeline_of({named(layer("conv2d", {}, 2, {1, 1}), "p1", {"input"}),
                     named(layer("conv2d", {{"padding", 1}}, 3), "p2", {"input"}),
                     named(layer("max_pool2d", {{"kernel_size", 3}, {"stride", 1}, {"padding", 1}}),
                           "p3", {"input"}),
                     named(layer("cat", {{"dim", 1}}), "joined", {"p1", "p2", "p3"}),
                     layer("avg_pool2d", {{"kernel_size", 2}})}),
    };
}

}  // namespace

TEST_CASE("pipeline forward: banded equals op by op, for any band height and thread count") {
    int index = 0;
    for (const PipelineSpec& spec : test_pipelines()) {
        for (const Shape& shape : {Shape{1, 3, 37, 29}, Shape{1, 3, 64, 80}}) {
            const Plan plan = plan_pipeline(spec, shape);
            INFO("pipeline " << index << " input " << shape_string(shape) << ": " << plan.error);
            REQUIRE(plan.ok());
            const Tensor input = random_image(shape, 5);
            const std::vector<Tensor> want = forward_reference(plan, input);
            for (int threads : {1, 2}) {
                set_thread_count(threads);
                for (int64_t band : {0, 1, 2, 3, 7, 1000}) {
                    INFO("threads " << threads << " band rows " << band);
                    check_same(forward(plan, input, {}, {.band_rows = band}), want);
                }
            }
            set_thread_count(0);
        }
        ++index;
    }
}

TEST_CASE("pipeline forward: a join reads the values its inputs name") {
    const PipelineSpec residual = test_pipelines()[4];
    const Plan plan = plan_pipeline(residual, {1, 3, 20, 16});
    REQUIRE(plan.ok());
    CHECK(plan.layers[3].sources == std::vector<int64_t>{2, 0});
    const std::vector<Tensor> out = forward(plan, random_image({1, 3, 20, 16}, 2));
    REQUIRE(out[3].shape() == out[0].shape());
    for (int64_t i = 0; i < out[3].numel(); ++i) {
        REQUIRE(out[3].data()[i] == out[2].data()[i] + out[0].data()[i]);
    }
    const PipelineSpec inception = test_pipelines()[5];
    const Plan cat_plan = plan_pipeline(inception, {1, 3, 20, 16});
    REQUIRE(cat_plan.ok());
    // Channels add up: 2 + 3 + 3.
    CHECK(cat_plan.layers[3].output.shape == Shape{1, 8, 20, 16});
    CHECK(cat_plan.consumers()[0] == std::vector<size_t>{3});
}

TEST_CASE("pipeline forward: branches keep whole maps only while a later layer reads them") {
    const Plan plan = plan_pipeline(test_pipelines()[4], {1, 3, 64, 64});
    const Schedule walk = schedule(plan);
    // c1 is read by relu and by the add: it ends its run and is kept until the add.
    CHECK(walk.kept_whole[0]);
    CHECK(walk.last_reader[0] == 3);
    CHECK_FALSE(walk.kept_whole[4]);  // relu → pool stays banded
    REQUIRE(walk.stretches.size() == 4);
    CHECK(walk.stretches[3].first == 4);
    CHECK(walk.stretches[3].last == 5);
    // The estimate holds the kept maps: more than the same layers as a chain.
    const int64_t branched = estimated_peak_bytes(plan, 0, {}, 64);
    CHECK(branched >= 2 * full_bytes(plan.layers[0].output.shape));
}

TEST_CASE("pipeline forward: setting the cancel flag stops the run") {
    const Plan plan = plan_pipeline(test_pipelines()[0], {1, 3, 64, 64});
    std::atomic<bool> cancel{true};
    RunControl control;
    control.cancel = &cancel;
    CHECK_THROWS_AS(forward(plan, random_image({1, 3, 64, 64}, 1), control), Cancelled);
    CHECK_THROWS_AS(forward_reference(plan, random_image({1, 3, 64, 64}, 1), control), Cancelled);
    cancel = false;
    double last = 0.0;
    control.progress = [&](double f) { last = std::max(last, f); };
    forward(plan, random_image({1, 3, 64, 64}, 1), control);
    CHECK(last == Approx(1.0).epsilon(0.01));
}

TEST_CASE("map collector: keeps ranges, area-mean thumbnails and the asked full maps") {
    const Plan plan = plan_pipeline(test_pipelines()[0], {1, 3, 90, 130});
    const Tensor input = random_image({1, 3, 90, 130}, 9);
    const std::vector<Tensor> want = forward_reference(plan, input);
    MapCollector collector(plan, 40, {Keep::all, 3, Keep::none});
    forward_streamed(plan, InputImage(input), collector.sink(), {}, {.band_rows = 4});
    const std::vector<LayerMaps> maps = collector.take();
    REQUIRE(maps.size() == plan.layers.size());
    CHECK(maps[0].full == want[0].values());
    CHECK(maps[1].full_channel == 3);
    CHECK(std::vector<float>(maps[1].full.begin(), maps[1].full.end()) ==
          std::vector<float>(want[1].data() + 3 * 90 * 130, want[1].data() + 4 * 90 * 130));
    CHECK(maps[2].full.empty());
    for (size_t i = 0; i < maps.size(); ++i) {
        const Tensor& t = want[i];
        const int64_t plane = t.size(2) * t.size(3);
        for (int64_t c = 0; c < t.size(1); ++c) {
            const auto [lo, hi] =
                std::minmax_element(t.data() + c * plane, t.data() + (c + 1) * plane);
            CHECK(maps[i].low[static_cast<size_t>(c)] == *lo);
            CHECK(maps[i].high[static_cast<size_t>(c)] == *hi);
        }
    }
    // Layer 1 is 90×130: thumbnails of 40 on the longer side, 27 rows.
    CHECK(maps[0].thumb_w == 40);
    CHECK(maps[0].thumb_h == 27);
    // Thumbnail pixel (0, 0) covers rows 0..3 (⌊y·27/90⌋ = 0 for y < 4) and columns 0..3.
    double sum = 0;
    for (int64_t y = 0; y < 4; ++y) {
        for (int64_t x = 0; x < 4; ++x) {
            sum += want[0](0, 2, y, x);
        }
    }
    CHECK(maps[0].thumb_plane(2)[0] == Approx(sum / 16).epsilon(1e-5));
    // The last layer (8×22×32) is smaller than 40: thumbnails at full size, exact.
    CHECK(maps[5].thumbs == want[5].values());
}

TEST_CASE("map collector: NaN and ±∞ stay out of ranges and thumbnails, wherever they sit") {
    // Width 37: two 16-value vector steps and a 5-value tail per row.
    const Plan plan = plan_pipeline(test_pipelines()[0], {1, 3, 6, 37});
    const int64_t channels = plan.layers[0].output.shape[1];
    std::vector<float> band(static_cast<size_t>(channels * 6 * 37));
    for (size_t i = 0; i < band.size(); ++i) {
        band[i] = static_cast<float>(i % 97) - 40.0f;
    }
    const float inf = std::numeric_limits<float>::infinity();
    const std::array<std::pair<int64_t, float>, 4> bad = {
        {{3, NAN}, {18, inf}, {35, -inf}, {6 * 37 - 1, NAN}}};  // channel 0
    for (const auto& [at, value] : bad) {
        band[static_cast<size_t>(at)] = value;
    }
    band[20] = 500.0f;  // channel 0's largest finite value
    band[36] = -300.0f;
    MapRows piece;
    piece.layer = 0;
    piece.channels = channels;
    piece.height = 6;
    piece.width = 37;
    piece.rows = 6;
    piece.data = band.data();
    piece.band_rows = 6;
    MapCollector collector(plan, 40, {});
    collector.sink()(piece);
    const LayerMaps maps = collector.take()[0];
    CHECK(maps.low[0] == -300.0f);
    CHECK(maps.high[0] == 500.0f);
    REQUIRE(maps.thumb_w == 37);  // thumbnails at full size: each pixel is its value, or 0
    for (const auto& [at, value] : bad) {
        CHECK(maps.thumbs[static_cast<size_t>(at)] == 0.0f);
    }
    CHECK(maps.thumbs[20] == 500.0f);
    CHECK(maps.thumbs[4] == band[4]);
    CHECK(maps.low[1] == *std::min_element(band.begin() + 222, band.begin() + 444));
}

namespace {

// A .npy file of `header` (the dictionary) and `data`, as numpy.save writes version 1.0.
void write_raw_npy(const std::filesystem::path& path, std::string header, const std::string& data) {
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header += '\n';
    std::ofstream out(path, std::ios::binary);
    out << std::string("\x93NUMPY\x01\x00", 8) << static_cast<char>(header.size() & 0xff)
        << static_cast<char>(header.size() >> 8) << header << data;
}

}  // namespace

TEST_CASE("map export: .npy of float64 reads as float32 and damaged files are refused") {
    const auto dir = std::filesystem::temp_directory_path() / "convscope_npy_read_test";
    std::filesystem::create_directories(dir);
    const double values[3] = {0.5, -2.0, 1e-3};
    write_raw_npy(dir / "f8.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
                  std::string(reinterpret_cast<const char*>(values), sizeof values));
    const Tensor f8 = read_npy((dir / "f8.npy").string());
    CHECK(f8.shape() == Shape{3});
    CHECK(f8.data()[2] == 1e-3f);
    const std::string four(16, '\0');
    write_raw_npy(dir / "fortran.npy", "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
                  four);
    CHECK_THROWS_WITH(read_npy((dir / "fortran.npy").string()), Catch::Contains("Fortran"));
    write_raw_npy(dir / "int.npy", "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }",
                  four);
    CHECK_THROWS_WITH(read_npy((dir / "int.npy").string()), Catch::Contains("float32"));
    // A declared shape of 2^31 × 2^31 × 2^31 values in a 16-byte file: refused, nothing allocated.
    write_raw_npy(dir / "huge.npy",
                  "{'descr': '<f4', 'fortran_order': False, 'shape': (2147483648, 2147483648, "
                  "2147483648), }",
                  four);
    CHECK_THROWS_WITH(read_npy((dir / "huge.npy").string()), Catch::Contains("truncated"));
    write_raw_npy(dir / "short.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }",
                  four);
    CHECK_THROWS_WITH(read_npy((dir / "short.npy").string()), Catch::Contains("short.npy"));
    std::ofstream(dir / "cut.npy") << std::string("\x93NUMPY\x01\x00\xff\x00{'descr'", 17);
    CHECK_THROWS_WITH(read_npy((dir / "cut.npy").string()), Catch::Contains("truncated"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("map export: .npy files round-trip and contact sheets hold every channel") {
    const auto dir = std::filesystem::temp_directory_path() / "convscope_map_export_test";
    std::filesystem::create_directories(dir);
    const Tensor t = random_image({1, 5, 7, 9}, 3);
    write_npy(t, (dir / "t.npy").string());
    const Tensor back = read_npy((dir / "t.npy").string());
    CHECK(back.shape() == t.shape());
    CHECK(back.values() == t.values());

    const Plan plan = plan_pipeline(test_pipelines()[0], {1, 3, 40, 40});
    MapCollector collector(plan, 16, {Keep::all});
    forward_streamed(plan, InputImage(random_image({1, 3, 40, 40}, 2)), collector.sink());
    const std::vector<LayerMaps> maps = collector.take();
    const Tensor sheet = contact_sheet(maps[0], {}, 4);
    CHECK(sheet.shape() == Shape{1, 3, 3 * 16 + 4 * 4, 3 * 16 + 4 * 4});  // 8 maps in a 3×3 grid
    save_channel_png(maps[0], 2, (dir / "c2.png").string(), {});
    CHECK(std::filesystem::file_size(dir / "c2.png") > 100);
    CHECK_THROWS_AS(save_channel_png(maps[1], 0, (dir / "x.png").string(), {}), Error);
    std::filesystem::remove_all(dir);
}

TEST_CASE("pipeline forward: the values-only max pool keeps the op's NaN and signed-zero rules") {
    // Windows with NaN (NaN wins), −0 before +0 and +0 before −0 (the first maximum wins),
    // infinities; 2×2 stride 2 (the shuffled path) and 3×3 stride 2 dilation 2 (the gathered
    // path), odd widths for the tails.
    Tensor input({1, 2, 9, 21});
    std::mt19937 rng(4);
    std::uniform_int_distribution<int> pick(0, 9);
    for (float& v : input.values()) {
        const int k = pick(rng);
        v = k == 0   ? NAN
            : k == 1 ? -0.0f
            : k == 2 ? 0.0f
            : k == 3 ? INFINITY
            : k == 4 ? -INFINITY
                     : static_cast<float>(k - 7);
    }
    for (const nlohmann::json& params :
         {nlohmann::json{{"kernel_size", 2}},
          nlohmann::json{{"kernel_size", 3}, {"stride", 2}, {"dilation", 2}},
          nlohmann::json{{"kernel_size", {2, 3}}, {"stride", {1, 2}}}}) {
        const Plan plan = plan_pipeline(pipeline_of({layer("max_pool2d", params)}), input.shape());
        REQUIRE(plan.ok());
        const Tensor want = forward_reference(plan, input)[0];
        for (int64_t band : {0, 1, 3}) {
            const Tensor got = forward(plan, input, {}, {.band_rows = band})[0];
            REQUIRE(got.shape() == want.shape());
            CHECK(std::memcmp(got.data(), want.data(), sizeof(float) * got.values().size()) == 0);
        }
    }
}

TEST_CASE("input image: built in pieces, switching to floats when the image is not 8-bit") {
    Tensor image({1, 1, 4, 5});
    for (int64_t i = 0; i < image.numel(); ++i) {
        image.data()[i] = static_cast<float>(i) / 255.0f;
    }
    InputImage::Builder compact(image.shape());
    compact.add(image.data(), 0, 7);
    compact.add(image.data() + 7, 7, 20);
    const InputImage a = compact.finish();
    CHECK(a.compact());
    CHECK(a.to_tensor().values() == image.values());
    image.data()[12] = 0.3333f;  // not a level of 255
    image.data()[13] = 0.3334f;
    InputImage::Builder mixed(image.shape());
    mixed.add(image.data(), 0, 10);
    mixed.add(image.data() + 10, 10, 20);
    const InputImage b = mixed.finish();
    CHECK_FALSE(b.compact());
    CHECK(b.to_tensor().values() == image.values());
}
