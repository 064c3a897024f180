#include <QGuiApplication>
#include <QTranslator>

#include <iostream>

#include "app/cli/commands.hpp"
#include "app/core/frame_export.hpp"
#include "engine/error.hpp"

namespace cs::cli {
namespace {

struct RenderOptions {
    std::string lesson;
    std::string steps;
    std::string out;
    std::string video;
    std::string size = "1280x720";
    std::string language = "en";
    bool high_contrast = false;
    double scale = 1.0;
};

std::pair<int64_t, int64_t> parse_steps(const std::string& text) {
    if (text.empty()) {
        return {0, -1};
    }
    const size_t colon = text.find(':');
    try {
        if (colon == std::string::npos) {
            const int64_t one = std::stoll(text);
            return {one, one};
        }
        const int64_t first = colon == 0 ? 0 : std::stoll(text.substr(0, colon));
        const int64_t last = colon + 1 == text.size() ? -1 : std::stoll(text.substr(colon + 1));
        return {first, last};
    } catch (const std::exception&) {
        throw Error("--steps takes A:B (from step A to step B, both included), got \"" + text + "\"");
    }
}

QSize parse_size(const std::string& text) {
    const size_t x = text.find('x');
    int w = 0;
    int h = 0;
    try {
        w = std::stoi(text.substr(0, x));
        h = std::stoi(text.substr(x + 1));
    } catch (const std::exception&) {
    }
    require(x != std::string::npos && w >= 64 && h >= 64 && w <= 7680 && h <= 4320,
            "--size takes WIDTHxHEIGHT between 64x64 and 7680x4320, got \"" + text + "\"");
    return {w, h};
}

}  // namespace

Runner add_render_command(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "render", "Draw a lesson's steps as PNG frames or a video, exactly as the window shows them");
    auto opt = std::make_shared<RenderOptions>();
    cmd->add_option("LESSON", opt->lesson, "Lesson file")->required();
    cmd->add_option("--steps", opt->steps, "Steps A:B (from 0; default: all)");
    cmd->add_option("--out", opt->out, "Folder for step_NNNNN.png frames");
    cmd->add_option("--video", opt->video, "Video file (.mp4 or .avi)");
    cmd->add_option("--size", opt->size, "Frame size WIDTHxHEIGHT (default 1280x720)");
    cmd->add_option("--lang", opt->language, "Language of the frame text: en or zh")
        ->check(CLI::IsMember({"en", "zh"}));
    cmd->add_flag("--high-contrast", opt->high_contrast, "High-contrast projector theme");
    cmd->add_option("--scale", opt->scale, "Text scale (presenter mode)")->check(CLI::Range(0.5, 4.0));
    return [opt] {
        require(!opt->out.empty() || !opt->video.empty(), "render needs --out DIR or --video FILE");
        // Painting text needs a QGuiApplication; with no display, Qt's offscreen platform.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
        }
        int argc = 1;
        char name[] = "convscope-cli";
        char* argv[] = {name, nullptr};
        QGuiApplication app(argc, argv);
        QTranslator translator;
        const bool chinese = opt->language == "zh";
        if (chinese && translator.load(":/i18n/convscope_zh_CN.qm")) {
            QCoreApplication::installTranslator(&translator);
        }
        const core::Lesson lesson = core::read_lesson(QString::fromStdString(opt->lesson));
        core::ExportOptions options;
        std::tie(options.first_step, options.last_step) = parse_steps(opt->steps);
        options.size = parse_size(opt->size);
        options.theme = opt->high_contrast ? core::Theme::high_contrast() : core::Theme::standard();
        options.theme.font_scale = opt->scale;
        options.chinese = chinese;
        if (!opt->out.empty()) {
            const int64_t n = core::export_png_frames(lesson, options, QString::fromStdString(opt->out));
            std::cout << "wrote " << n << " frames to " << opt->out << "\n";
        }
        if (!opt->video.empty()) {
            const int64_t n = core::export_video(lesson, options, QString::fromStdString(opt->video));
            std::cout << "wrote " << n << " video frames to " << opt->video << "\n";
        }
        return 0;
    };
}

}  // namespace cs::cli
