// convscope-cli train: trains a lesson's network on Fashion-MNIST, printing one line per epoch
// and saving the weights (with the optimiser state, so that training can resume) after every
// epoch.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "app/cli/commands.hpp"
#include "engine/data/fashion_mnist.hpp"
#include "engine/error.hpp"
#include "engine/file_read.hpp"
#include "engine/parallel.hpp"
#include "engine/train/trainer.hpp"

namespace cs::cli {
namespace {

struct TrainOptions {
    std::string source;  // lesson JSON, or a weights file to resume from
    std::string out;
    int64_t epochs = -1;  // −1: the lesson's count (or what remains of it when resuming)
    int64_t batch = 0;    // 0: the lesson's batch size
    int64_t limit = 0;
    int64_t test_limit = 0;
    int threads = 0;
    std::string data_dir = default_fashion_mnist_dir;
    bool quiet = false;
};

// A weights file starts with 0x89 'C' 'S' 'W'; anything else is taken for a lesson.
// Only a regular file is looked at: a FIFO or a device is refused here with a message.
bool is_weights_file(const std::string& path) {
    const std::vector<uint8_t> head = read_file_start(path, 4, "the lesson or weights file");
    return head.size() == 4 && head[0] == 0x89 && head[1] == 'C' && head[2] == 'S' &&
           head[3] == 'W';
}

std::string format_epoch(const EpochReport& r, int64_t last_epoch) {
    char line[256];
    std::snprintf(
        line, sizeof line,
        "epoch %lld/%lld  loss %.4f  train acc %.4f  test acc %s  %.0f examples/s  "
        "(%.1f s)",
        static_cast<long long>(r.epoch), static_cast<long long>(last_epoch), r.loss,
        r.train_accuracy,
        std::isnan(r.test_accuracy) ? "-" : std::to_string(r.test_accuracy).substr(0, 6).c_str(),
        r.examples_per_second, r.seconds);
    return line;
}

int run_train(const TrainOptions& opt) {
    set_thread_count(opt.threads);
    const bool resume = is_weights_file(opt.source);
    Trainer trainer =
        resume ? Trainer(read_weights_file(opt.source)) : Trainer(read_lesson_file(opt.source));
    const Lesson& lesson = trainer.lesson();
    const int64_t epochs =
        opt.epochs >= 0 ? opt.epochs
                        : std::max<int64_t>(0, lesson.training.epochs - trainer.epochs_done());
    EpochOptions options;
    options.batch_size = opt.batch > 0 ? opt.batch : lesson.training.batch_size;
    options.limit = opt.limit;
    options.test_limit = opt.test_limit;

    const ImageDataset train = load_fashion_mnist(Split::train, opt.data_dir);
    const ImageDataset test = load_fashion_mnist(Split::test, opt.data_dir);
    std::cout << (lesson.title.en.empty() ? lesson.name : lesson.title.en) << "\n"
              << "  " << parameter_count(lesson.network) << " parameters, "
              << optimizer_summary(lesson.optimizer) << ", batch " << options.batch_size << ", "
              << thread_count() << " thread(s)"
              << (resume ? ", resuming after epoch " + std::to_string(trainer.epochs_done()) : "")
              << "\n"
              << "  training on "
              << (opt.limit > 0 ? std::min(opt.limit, train.count) : train.count)
              << " examples, testing on "
              << (opt.test_limit > 0 ? std::min(opt.test_limit, test.count) : test.count)
              << std::endl;
    const int64_t last_epoch = trainer.epochs_done() + epochs;
    for (int64_t e = 0; e < epochs; ++e) {
        const EpochReport report = trainer.train_epoch(train, &test, options);
        std::cout << format_epoch(report, last_epoch) << std::endl;
        if (!opt.out.empty()) {
            write_weights_file(opt.out, trainer.to_weights_file());
        }
    }
    if (!opt.out.empty()) {
        if (epochs == 0) {
            write_weights_file(opt.out, trainer.to_weights_file());
        }
        std::cout << "weights written to " << opt.out << "\n";
    }
    return 0;
}

}  // namespace

Runner add_train_command(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "train", "Train a lesson's network on Fashion-MNIST (or resume from a weights file)");
    auto opt = std::make_shared<TrainOptions>();
    cmd->add_option("SOURCE", opt->source,
                    "Lesson file (resources/lessons/*.json), or a weights file to resume")
        ->required();
    cmd->add_option("--epochs", opt->epochs,
                    "Epochs to train now (default: the lesson's, or those left when resuming)")
        ->check(CLI::Range(int64_t{0}, int64_t{100000}));
    cmd->add_option("--batch", opt->batch, "Batch size (default: the lesson's)")
        ->check(CLI::Range(int64_t{1}, int64_t{1000000}));
    cmd->add_option("--threads", opt->threads, "Worker threads (0 = all cores)")
        ->check(CLI::Range(0, 1024));
    cmd->add_option("--out", opt->out, "Weights file to write after every epoch");
    cmd->add_option("--limit", opt->limit, "Train on the first K examples only (0 = all)")
        ->check(CLI::Range(int64_t{0}, int64_t{1} << 40));
    cmd->add_option("--test-limit", opt->test_limit, "Test on the first K examples only (0 = all)")
        ->check(CLI::Range(int64_t{0}, int64_t{1} << 40));
    cmd->add_option("--data", opt->data_dir, "Folder with the Fashion-MNIST *-ubyte.gz files");
    return [opt] { return run_train(*opt); };
}

}  // namespace cs::cli
