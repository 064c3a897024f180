// Preprocessing a photo for a model: resize, centre crop, scale, mean/std, BGR, channels.
#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "engine/model/preprocess.hpp"

using namespace cs;

namespace {

// A (1, 3, h, w) image whose value at (c, y, x) is (100c + 10y + x) / 1000.
Tensor numbered_image(int64_t h, int64_t w) {
    Tensor t = Tensor::uninitialized({1, 3, h, w});
    for (int64_t c = 0; c < 3; ++c) {
        for (int64_t y = 0; y < h; ++y) {
            for (int64_t x = 0; x < w; ++x) {
                t.data()[(c * h + y) * w + x] = static_cast<float>(100 * c + 10 * y + x) / 1000.f;
            }
        }
    }
    return t;
}

float at(const Tensor& t, int64_t c, int64_t y, int64_t x) {
    return t.data()[(c * t.size(2) + y) * t.size(3) + x];
}

}  // namespace

TEST_CASE("preprocess: the centre crop, scale, mean and std apply per channel") {
    Preprocess p;
    p.crop_height = 2;
    p.crop_width = 2;
    p.scale = 1000;
    p.mean = {1, 2, 3};
    p.std = {2, 4, 8};
    const Tensor out = preprocess_image(numbered_image(4, 6), p);
    REQUIRE(out.shape() == Shape{1, 3, 2, 2});
    // The crop starts at row (4 − 2) / 2 = 1 and column (6 − 2) / 2 = 2.
    CHECK(at(out, 0, 0, 0) == Approx((12 - 1) / 2.0));
    CHECK(at(out, 1, 1, 1) == Approx((123 - 2) / 4.0));
    CHECK(at(out, 2, 0, 1) == Approx((213 - 3) / 8.0));
}

TEST_CASE("preprocess: BGR order reverses the channels and gray mixes them") {
    Preprocess bgr;
    bgr.bgr = true;
    const Tensor swapped = preprocess_image(numbered_image(2, 2), bgr);
    CHECK(at(swapped, 0, 1, 1) == Approx(0.211f));
    CHECK(at(swapped, 2, 1, 1) == Approx(0.011f));
    Preprocess gray;
    gray.channels = 1;
    const Tensor mixed = preprocess_image(numbered_image(2, 2), gray);
    REQUIRE(mixed.shape() == Shape{1, 1, 2, 2});
    CHECK(at(mixed, 0, 0, 0) == Approx(0.299 * 0.0 + 0.587 * 0.1 + 0.114 * 0.2));
}

TEST_CASE("preprocess: the shorter side is resized and the aspect kept") {
    Preprocess p;
    p.resize = 50;
    CHECK(preprocess_image(numbered_image(100, 240), p).shape() == Shape{1, 3, 50, 120});
    CHECK(preprocess_image(numbered_image(240, 100), p).shape() == Shape{1, 3, 120, 50});
    const Preprocess model = default_preprocess({3, 32, 32});
    CHECK(preprocess_image(numbered_image(64, 100), model).shape() == Shape{1, 3, 32, 32});
    // A constant image stays constant through area averaging.
    Tensor flat = Tensor::uninitialized({1, 1, 90, 30});
    std::fill(flat.values().begin(), flat.values().end(), 0.25f);
    Preprocess gray;
    gray.channels = 1;
    gray.resize = 7;
    const Tensor small = preprocess_image(flat, gray);
    for (float v : small.values()) {
        CHECK(v == Approx(0.25f));
    }
}

TEST_CASE("preprocess: options that cannot apply are refused with a reason") {
    Preprocess too_big;
    too_big.crop_height = 10;
    too_big.crop_width = 10;
    CHECK_THROWS_WITH(preprocess_image(numbered_image(4, 6), too_big),
                      Catch::Contains("larger than the resized image"));
    Preprocess zero_std;
    zero_std.std = {1, 0, 1};
    CHECK_THROWS_WITH(preprocess_image(numbered_image(4, 6), zero_std),
                      Catch::Contains("standard deviation"));
    Preprocess two;
    two.channels = 2;
    CHECK_THROWS_AS(preprocess_image(numbered_image(4, 6), two), Error);
}

TEST_CASE("preprocess: options survive their JSON form and wrong types are refused") {
    Preprocess p = with_imagenet_normalisation(default_preprocess({3, 224, 224}));
    p.bgr = true;
    CHECK(preprocess_from_json(preprocess_to_json(p)) == p);
    CHECK(preprocess_from_json(nlohmann::json::object()) == Preprocess{});
    CHECK_THROWS_WITH(preprocess_from_json({{"resize", "big"}}), Catch::Contains("not valid"));
    CHECK_THROWS_AS(preprocess_from_json({{"channels", 4}}), Error);
}
