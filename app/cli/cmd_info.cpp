#include <iostream>

#include "app/cli/commands.hpp"
#include "engine/image_io.hpp"

namespace cs::cli {

Runner add_info_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("info", "Print an image's width, height, channels, bit depth");
    auto path = std::make_shared<std::string>();
    cmd->add_option("IMAGE", *path, "Image file")->required();
    return [path] {
        const ImageInfo info = image_info(*path);
        std::cout << "file: " << *path << "\n"
                  << "format: " << info.format << "\n"
                  << "width: " << info.width << "\n"
                  << "height: " << info.height << "\n"
                  << "channels: " << info.channels << "\n"
                  << "bit depth: " << info.bit_depth << "\n";
        return 0;
    };
}

}  // namespace cs::cli
