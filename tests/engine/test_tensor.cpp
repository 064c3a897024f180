#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "engine/tensor.hpp"

using cs::Tensor;

TEST_CASE("tensor: NCHW indexing is row-major") {
    Tensor t({1, 2, 3, 4});
    for (int64_t i = 0; i < t.numel(); ++i) {
        t.data()[i] = static_cast<float>(i);
    }
    CHECK(t(0, 1, 2, 3) == 23.0f);
    CHECK(t.at({0, 1, 0, 2}) == 14.0f);
    CHECK(t.size(-1) == 4);
    CHECK(cs::shape_string(t.shape()) == "[1, 2, 3, 4]");
}

TEST_CASE("tensor: wrong value count names both sizes") {
    CHECK_THROWS_WITH(Tensor({2, 2}, std::vector<float>{1, 2, 3}),
                      Catch::Contains("needs 4 values") && Catch::Contains("3 were given"));
}

TEST_CASE("tensor: out-of-range index and dimension are rejected") {
    Tensor t({2, 3});
    CHECK_THROWS_AS(t.at({2, 0}), cs::Error);
    CHECK_THROWS_AS(t.at({0}), cs::Error);
    CHECK_THROWS_AS(t.size(2), cs::Error);
    CHECK_THROWS_AS(Tensor({-1, 3}), cs::Error);
}

TEST_CASE("tensor: reshape keeps values and checks the count") {
    Tensor t({2, 3}, std::vector<float>{1, 2, 3, 4, 5, 6});
    Tensor r = t.reshaped({3, 2});
    CHECK(r.at({2, 1}) == 6.0f);
    CHECK_THROWS_WITH(t.reshaped({4, 2}), Catch::Contains("cannot reshape"));
    CHECK_THROWS_WITH(t.require_rank(4, "conv2d input"), Catch::Contains("conv2d input"));
}
