#pragma once
// The pipeline's input: a photo prepared as the pipeline asks (gray or RGB, resized) and kept
// compactly. A photo decoded from 8-bit samples holds at most 256 distinct values per
// channel; it is stored as one byte per value plus the 256 floats they stand for — a quarter
// of the memory of floats, and exactly the same numbers. Other images stay floats.
#include <array>
#include <cstdint>
#include <vector>

#include "engine/ops/common.hpp"
#include "engine/pipeline/pipeline_spec.hpp"
#include "engine/tensor.hpp"

namespace cs::pipeline {

class InputImage {
  public:
    InputImage() = default;
    // `image` (1, C, H, W).
    explicit InputImage(Tensor image);

    const Shape& shape() const { return shape_; }
    bool empty() const { return shape_.empty(); }
    bool compact() const { return !codes_.empty(); }
    int64_t bytes() const;
    // Row y of channel c: W floats.
    void copy_row(int64_t c, int64_t y, float* dst) const;
    Tensor to_tensor() const;

    // Builds an InputImage piece by piece (the UI thread can import a large photo in slices
    // of a few milliseconds, without a copy of its floats).
    class Builder {
      public:
        // keep_floats: when the image is not 8-bit, keep its floats (else only report it).
        explicit Builder(Shape shape, bool keep_floats = true);
        // Adds values [begin, end) of the flat (1, C, H, W) image; pieces come in order.
        void add(const float* values, int64_t begin, int64_t end);
        int64_t added() const { return next_; }
        const Shape& finish_shape() const { return shape_; }
        bool compact() const { return compact_; }
        InputImage finish();  // once

      private:
        Shape shape_;
        int64_t next_ = 0;
        bool keep_floats_ = true;
        bool compact_ = true;
        std::array<bool, 256> seen_{};
        std::array<float, 256> lut_{};
        std::vector<uint8_t> codes_;
        Tensor values_;  // once the image turns out not to be 8-bit
    };

  private:
    Shape shape_;
    std::vector<uint8_t> codes_;
    std::array<float, 256> lut_{};
    Tensor values_;
};

// The image converted to what `spec` asks for: gray with torchvision's rgb_to_grayscale
// weights (0.2989·R + 0.587·G + 0.114·B) or gray repeated to RGB, then resized to spec.size
// with F.interpolate(mode="area"). `image` (1, 1|3, H, W) in [0, 1]. The InputImage version
// reads the image row by row and never makes a float copy of it.
InputImage prepare_input(const InputImage& image, const InputSpec& spec);
Tensor prepare_input(Tensor image, const InputSpec& spec);

// F.interpolate(x, size, mode="area"), i.e. adaptive_avg_pool2d: output cell (i, j) is the
// mean of input rows ⌊i·H/OH⌋ … ⌈(i+1)·H/OH⌉ − 1 and the same columns.
Tensor resize_area(const Tensor& image, const Pair& size);
Tensor resize_area(const InputImage& image, const Pair& size);

// The size with the longer side at most `max_side`, keeping the aspect ratio (at least 1×1).
Pair fit_size(int64_t height, int64_t width, int64_t max_side);

}  // namespace cs::pipeline
