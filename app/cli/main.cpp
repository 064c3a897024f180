// convscope-cli: the ConvScope engine from the command line, for tests, benchmarks and
// teachers' scripts.
#include <iostream>
#include <map>
#include <new>

#include "app/cli/commands.hpp"
#include "engine/error.hpp"
#include "engine/safe_file.hpp"

int main(int argc, char** argv) {
    cs::ignore_file_size_signal();  // past a file-size limit a write fails and is reported
    CLI::App app{"ConvScope command line: inspect images, evaluate and trace operations"};
    app.require_subcommand(1);
    std::map<CLI::App*, cs::cli::Runner> runners;
    auto add = [&](cs::cli::Runner runner) { runners[app.get_subcommands({}).back()] = runner; };
    add(cs::cli::add_info_command(app));
    add(cs::cli::add_eval_command(app));
    add(cs::cli::add_trace_command(app));
    add(cs::cli::add_run_command(app));
    add(cs::cli::add_model_command(app));
#ifdef CONVSCOPE_WITH_RENDER
    add(cs::cli::add_render_command(app));
#endif
    add(cs::cli::add_train_command(app));
    add(cs::cli::add_predict_command(app));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    for (auto& [sub, run] : runners) {
        if (sub->parsed()) {
            try {
                return run();
            } catch (const cs::Error& e) {
                std::cerr << "error: " << e.what() << "\n";
                return 2;
            } catch (const std::bad_alloc&) {
                std::cerr << "error: there is not enough memory for this; try a smaller "
                             "image, lesson or network\n";
                return 3;
            } catch (const std::exception& e) {
                std::cerr << "error: " << e.what() << "\n";
                return 3;
            }
        }
    }
    return 1;
}
