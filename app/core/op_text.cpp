// Parameter names and meanings of the engine's op descriptions (engine/ops: ParamSpec),
// listed here so that lupdate keeps their translations. A test checks that this list
// covers every parameter the engine describes.
#include "app/core/op_text.hpp"

#include <QCoreApplication>

namespace cs::core {
namespace {

constexpr const char* kContext = "cs::core::OpText";

[[maybe_unused]] constexpr const char* kParamNames[] = {
    QT_TRANSLATE_NOOP("cs::core::OpText", "align_corners"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "alpha"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "beta"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "ceil_mode"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "count_include_pad"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "dilation"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "dim"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "divisor_override"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "end_dim"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "eps"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "flip"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "groups"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "k"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "kernel_size"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "max"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "max_val"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "min"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "min_val"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "mode"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "momentum"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "negative_slope"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "norm_type"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "out_channels"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "out_features"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "output_padding"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "output_size"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "p"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "pad"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "padding"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "padding_mode"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "scale_factor"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "seed"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "size"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "start_dim"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "stride"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "training"),
    QT_TRANSLATE_NOOP("cs::core::OpText", "value"),
};

[[maybe_unused]] constexpr const char* kMeanings[] = {
    QT_TRANSLATE_NOOP("cs::core::OpText",
                      "The output's height and width; 1 pools each channel globally."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "What the second input is multiplied by."),
    QT_TRANSLATE_NOOP("cs::core::OpText",
                      "Training normalises with the batch's statistics and updates the running "
                      "ones; evaluation uses the running statistics."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "How far one batch moves the running statistics."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "Added to the variance so that no division is by zero."),
    QT_TRANSLATE_NOOP("cs::core::OpText",
                      "The dimension the inputs are stacked along (1: channels)."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "Values below this become this."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "Values above this become this."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "Values below this become this (None: no lower bound)."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "Values above this become this (None: no upper bound)."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "The probability that a value is zeroed while training."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "Training drops values; evaluation passes them through."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "Which random mask: the same seed, the same mask."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "How many neighbouring channels normalise each value."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "The weight of the neighbours' squares."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "The power of the normaliser."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "Added to the normaliser."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "How many kernels, so how many output channels."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "The height and width of each kernel."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "How far the kernel moves between two outputs."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "Cells added around the input on each side."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "Cells added on the left, right, top and bottom."),
    QT_TRANSLATE_NOOP("cs::core::OpText",
                      "What the added cells hold: a constant, a mirror, the edge, or the "
                      "other side."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "The constant the added cells hold (None: 0)."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "The spacing between the cells the kernel reads."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "Split the channels into this many independent groups."),
    QT_TRANSLATE_NOOP("cs::core::OpText",
                      "Extra rows and columns added to one side of the output."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "What the padding cells hold."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "True convolution: the kernel rotated by 180°."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "What negative values are multiplied by."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "The first dimension folded into one."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "The last dimension folded into one."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "How many outputs: one weighted sum of all inputs each."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "The dimension whose values become probabilities."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "The output's height and width."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "How much larger the output is."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "How new cells get their values."),
    QT_TRANSLATE_NOOP("cs::core::OpText",
                      "bilinear: the corner cells of input and output line up."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "The height and width of the pooling window."),
    QT_TRANSLATE_NOOP("cs::core::OpText",
                      "How far the window moves between two outputs (default: kernel_size)."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "The spacing between the cells the window reads."),
    QT_TRANSLATE_NOOP("cs::core::OpText",
                      "Round the output size up: a last window may hang off the input."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "Padding cells count in the divisor."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "Divide by this number instead of the window's size."),
    QT_TRANSLATE_NOOP("cs::core::OpText", "The p of the p-norm: 1 sums, 2 is the Euclidean norm."),
};

}  // namespace

QString param_label(const std::string& name) {
    return QCoreApplication::translate(kContext, name.c_str());
}

QString param_meaning(const ParamSpec& spec) {
    return QCoreApplication::translate(kContext, spec.meaning.c_str());
}

std::vector<std::string> translated_param_texts() {
    std::vector<std::string> texts(std::begin(kParamNames), std::end(kParamNames));
    texts.insert(texts.end(), std::begin(kMeanings), std::end(kMeanings));
    return texts;
}

}  // namespace cs::core
