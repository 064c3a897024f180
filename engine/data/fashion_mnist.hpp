#pragma once
// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 28×28 grayscale photos of clothing in 10
// classes, 60,000 for training and 10,000 for testing, stored as gzipped IDX files. Debian's
// package dataset-fashion-mnist installs them in default_fashion_mnist_dir. The pictures show
// a light object on a black background (pixel 0 = black background, 255 = brightest).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/tensor.hpp"

namespace cs {

inline const std::string default_fashion_mnist_dir = "/usr/share/datasets/fashion-mnist";

struct ClassName {
    const char* english;
    const char* chinese;
};

// The 10 classes in label order (label 0 is "T-shirt/top").
const std::array<ClassName, 10>& fashion_mnist_classes();

enum class Split { train, test };

// Images as bytes (compact: 47 MB for the training set rather than 188 MB as floats) with
// their labels. Batches are converted to float tensors as they are used.
struct ImageDataset {
    int64_t count = 0;
    int64_t height = 0;
    int64_t width = 0;
    std::vector<uint8_t> pixels;  // (count, height, width), row-major
    std::vector<uint8_t> labels;  // (count), each below class_count
    int64_t class_count = 0;

    // Examples `indices` as a (indices.size(), 1, height, width) tensor scaled to [0, 1]
    // (pixel / 255, as torchvision's ToTensor), and their labels.
    Tensor images(const std::vector<int64_t>& indices) const;
    std::vector<int64_t> labels_of(const std::vector<int64_t>& indices) const;
};

// Pairs an images file and a labels file, checking that they agree: 3-D images, 1-D labels
// with the same count, every label below `class_count`. Throws cs::Error naming the file.
ImageDataset read_idx_dataset(const std::string& images_path, const std::string& labels_path,
                              int64_t class_count);

// Reads train-images-idx3-ubyte.gz / train-labels-idx1-ubyte.gz (or t10k-… for the test split)
// from `dir`. The message for a missing file says which Debian package provides them.
ImageDataset load_fashion_mnist(Split split, const std::string& dir = default_fashion_mnist_dir);

}  // namespace cs
