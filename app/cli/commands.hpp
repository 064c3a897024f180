#pragma once
// Each subcommand of convscope-cli adds itself to the CLI11 app and returns the function that
// runs it. Commands return the process exit code; errors are reported on stderr.
#include <functional>

#include <CLI/CLI.hpp>

namespace cs::cli {

using Runner = std::function<int()>;

Runner add_info_command(CLI::App& app);
Runner add_eval_command(CLI::App& app);
Runner add_trace_command(CLI::App& app);
Runner add_render_command(CLI::App& app);
Runner add_train_command(CLI::App& app);
Runner add_predict_command(CLI::App& app);
Runner add_run_command(CLI::App& app);
Runner add_model_command(CLI::App& app);

}  // namespace cs::cli
