#include "engine/data/fashion_mnist.hpp"

#include <filesystem>

#include "engine/data/idx.hpp"
#include "engine/error.hpp"

namespace cs {

const std::array<ClassName, 10>& fashion_mnist_classes() {
    static const std::array<ClassName, 10> classes = {{
        {"T-shirt/top", "短袖圆领T恤"},
        {"Trouser", "裤子"},
        {"Pullover", "套衫"},
        {"Dress", "连衣裙"},
        {"Coat", "外套"},
        {"Sandal", "凉鞋"},
        {"Shirt", "衬衫"},
        {"Sneaker", "运动鞋"},
        {"Bag", "包"},
        {"Ankle boot", "短靴"},
    }};
    return classes;
}

Tensor ImageDataset::images(const std::vector<int64_t>& indices) const {
    const int64_t plane = height * width;
    Tensor out({static_cast<int64_t>(indices.size()), 1, height, width});
    float* dst = out.data();
    for (int64_t index : indices) {
        require(index >= 0 && index < count, "example " + std::to_string(index) +
                                                 " is outside a data set of " +
                                                 std::to_string(count) + " examples");
        const uint8_t* src = pixels.data() + index * plane;
        for (int64_t i = 0; i < plane; ++i) {
            *dst++ = static_cast<float>(src[i]) / 255.0f;
        }
    }
    return out;
}

std::vector<int64_t> ImageDataset::labels_of(const std::vector<int64_t>& indices) const {
    std::vector<int64_t> out;
    out.reserve(indices.size());
    for (int64_t index : indices) {
        require(index >= 0 && index < count, "example " + std::to_string(index) +
                                                 " is outside a data set of " +
                                                 std::to_string(count) + " examples");
        out.push_back(labels[static_cast<size_t>(index)]);
    }
    return out;
}

ImageDataset read_idx_dataset(const std::string& images_path, const std::string& labels_path,
                              int64_t class_count) {
    IdxArray images = read_idx(images_path);
    IdxArray labels = read_idx(labels_path);
    require(images.dims.size() == 3, "IDX file " + images_path +
                                         " should hold images (3 dimensions: count, rows, "
                                         "columns) but has " +
                                         std::to_string(images.dims.size()) + " dimensions");
    require(labels.dims.size() == 1, "IDX file " + labels_path +
                                         " should hold labels (1 dimension) but has " +
                                         std::to_string(labels.dims.size()) + " dimensions");
    require(images.dims[0] == labels.dims[0], "IDX files disagree: " + images_path + " holds " +
                                                  std::to_string(images.dims[0]) + " images but " +
                                                  labels_path + " holds " +
                                                  std::to_string(labels.dims[0]) + " labels");
    require(images.dims[1] > 0 && images.dims[2] > 0,
            "IDX file " + images_path + " holds empty images");
    for (size_t i = 0; i < labels.values.size(); ++i) {
        require(labels.values[i] < class_count,
                "IDX file " + labels_path + " gives example " + std::to_string(i) + " label " +
                    std::to_string(labels.values[i]) + "; labels must be below " +
                    std::to_string(class_count));
    }
    ImageDataset set;
    set.count = images.dims[0];
    set.height = images.dims[1];
    set.width = images.dims[2];
    set.pixels = std::move(images.values);
    set.labels = std::move(labels.values);
    set.class_count = class_count;
    return set;
}

ImageDataset load_fashion_mnist(Split split, const std::string& dir) {
    const std::string prefix = split == Split::train ? "train" : "t10k";
    const std::string images = dir + "/" + prefix + "-images-idx3-ubyte.gz";
    const std::string labels = dir + "/" + prefix + "-labels-idx1-ubyte.gz";
    for (const std::string& path : {images, labels}) {
        std::error_code ec;
        require(std::filesystem::exists(path, ec),
                "Fashion-MNIST file " + path +
                    " is missing; on Debian or Ubuntu install it with "
                    "`sudo apt install dataset-fashion-mnist`, or give the folder that holds "
                    "the *-idx?-ubyte.gz files");
    }
    ImageDataset set = read_idx_dataset(images, labels, 10);
    require(set.height == 28 && set.width == 28,
            "Fashion-MNIST images must be 28×28, but " + images + " holds " +
                std::to_string(set.height) + "×" + std::to_string(set.width) + " images");
    return set;
}

}  // namespace cs
