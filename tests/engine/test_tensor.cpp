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

TEST_CASE("tensor: a shared tensor's copies share its values until one is written") {
    Tensor photo({1, 1, 600, 700});  // large enough for the parallel copy on a write
    for (int64_t i = 0; i < photo.numel(); ++i) {
        photo.data()[i] = static_cast<float>(i % 251);
    }
    photo.share();
    const Tensor reader = photo;
    Tensor writer = photo;
    CHECK(reader.is_shared());
    CHECK(static_cast<const Tensor&>(writer).data() == reader.data());  // no copy made
    const Tensor reshaped = reader.reshaped({600, 700});
    CHECK(reshaped.data() == reader.data());

    writer(0, 0, 599, 699) = -1.0f;  // the writer gets its own values; the others keep theirs
    CHECK_FALSE(writer.is_shared());
    CHECK(writer.data() != reader.data());
    CHECK(reader(0, 0, 599, 699) == static_cast<float>((600 * 700 - 1) % 251));
    CHECK(photo(0, 0, 599, 699) == reader(0, 0, 599, 699));
    CHECK(writer(0, 0, 599, 698) == reader(0, 0, 599, 698));
    CHECK(writer.numel() == reader.numel());
    writer.at({0, 0, 0, 0}) = 5.0f;
    CHECK(reader.at({0, 0, 0, 0}) == 0.0f);

    Tensor values_writer = reader;
    values_writer.values()[1] = 9.0f;
    CHECK(reader.values()[1] == 1.0f);
    CHECK(values_writer.values()[2] == 2.0f);
}

TEST_CASE("tensor: while reuse is on, a freed buffer goes to the next tensor of its size") {
    const cs::TensorBufferReuse reuse;
    const cs::Shape feature_map{8, 64, 56, 56};  // 6.4 MB, as in a ResNet block
    const float* first = nullptr;
    {
        Tensor t = Tensor::uninitialized(feature_map);
        first = t.data();
    }
    Tensor again = Tensor::uninitialized(feature_map);
    CHECK(again.data() == first);
    Tensor zeros(feature_map);  // a reused buffer is still filled as asked
    CHECK(zeros.values()[0] == 0.0f);
    CHECK(zeros.values()[static_cast<size_t>(zeros.numel() - 1)] == 0.0f);
    CHECK_THROWS_WITH(Tensor::uninitialized({1 << 15, 1 << 15}),
                      Catch::Contains("ConvScope's limit is"));
    // A small model's maps too: squeezenet's 1 × 64 × 27 × 27 is 187 KB. A tensor of another
    // size in between does not take the kept block (malloc would give it the freed memory).
    const float* small = nullptr;
    {
        Tensor t = Tensor::uninitialized({1, 64, 27, 27});
        small = t.data();
    }
    const Tensor other = Tensor::uninitialized({1, 64, 27, 26});
    CHECK(other.data() != small);
    CHECK(Tensor::uninitialized({1, 64, 27, 27}).data() == small);
}
