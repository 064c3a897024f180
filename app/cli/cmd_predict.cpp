// convscope-cli predict: classifies a picture with a trained weights file.
#include <cstdio>
#include <iostream>

#include "app/cli/commands.hpp"
#include "engine/data/fashion_mnist.hpp"
#include "engine/error.hpp"
#include "engine/image_io.hpp"
#include "engine/train/predict.hpp"
#include "engine/train/weights_file.hpp"

namespace cs::cli {
namespace {

struct PredictOptions {
    std::string weights;
    std::string image;
    std::string invert = "auto";
    std::string save_input;
};

int run_predict(const PredictOptions& opt) {
    const WeightsFile weights = read_weights_file(opt.weights);
    Network network(weights.lesson.network);
    network.load_parameters(weights.parameters);
    const Shape& input = weights.lesson.network.input;
    require(input.size() == 3 && input[0] == 1,
            "predict needs a network that takes one gray image (1, H, W), this one takes " +
                shape_string(input));
    const InvertMode mode = opt.invert == "yes"  ? InvertMode::always
                            : opt.invert == "no" ? InvertMode::never
                                                 : InvertMode::automatic;
    const PreparedImage prepared = prepare_image(load_image(opt.image), input[1], input[2], mode);
    if (!opt.save_input.empty()) {
        save_image(prepared.input, opt.save_input);
    }
    std::cout << "image: " << opt.image << " → " << input[1] << "×" << input[2] << " gray"
              << (prepared.inverted ? ", inverted (light background → black, as Fashion-MNIST)"
                                    : ", not inverted")
              << "\n";
    const auto& names = fashion_mnist_classes();
    const std::vector<ClassScore> scores = classify(network, prepared.input);
    for (const ClassScore& s : scores) {
        const bool named = network.class_count() == 10;
        const std::string english =
            named ? names[static_cast<size_t>(s.label)].english : std::to_string(s.label);
        const std::string chinese = named ? names[static_cast<size_t>(s.label)].chinese : "";
        char line[160];
        std::snprintf(line, sizeof line, "%lld  %-12s %.4f  ", static_cast<long long>(s.label),
                      english.c_str(), s.probability);
        std::cout << line << chinese << "\n";
    }
    return 0;
}

}  // namespace

Runner add_predict_command(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "predict", "Print the class probabilities a trained network gives a picture");
    auto opt = std::make_shared<PredictOptions>();
    cmd->add_option("WEIGHTS", opt->weights, "Weights file written by `train`")->required();
    cmd->add_option("IMAGE", opt->image, "Picture (PNG, JPEG, …), any size, colour or gray")
        ->required();
    cmd->add_option("--invert", opt->invert,
                    "auto: invert a light-background picture to match Fashion-MNIST's black "
                    "background (default); yes; no")
        ->check(CLI::IsMember({"auto", "yes", "no"}));
    cmd->add_option("--save-input", opt->save_input,
                    "Also write the 28×28 picture the network sees (PNG)");
    return [opt] { return run_predict(*opt); };
}

}  // namespace cs::cli
