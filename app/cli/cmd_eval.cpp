#include <algorithm>
#include <chrono>
#include <iostream>

#include "app/cli/commands.hpp"
#include "engine/case_file.hpp"
#include "engine/parallel.hpp"

namespace cs::cli {
namespace {

struct EvalOptions {
    std::string case_path;
    int repeat = 0;
    bool quiet = false;
    int threads = 0;
};

// Runs the op `repeat` more times after the first (warm-up) run and reports the times on stderr,
// so the op's own cost can be compared with other tools on the same data.
void report_timing(const OpCall& call, int repeat) {
    std::vector<double> ms;
    for (int i = 0; i < repeat; ++i) {
        const auto start = std::chrono::steady_clock::now();
        evaluate(call);
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(ms.begin(), ms.end());
    const nlohmann::json timing = {{"median_ms", ms[ms.size() / 2]},
                                   {"min_ms", ms.front()},
                                   {"repeat", repeat},
                                   {"threads", thread_count()}};
    std::cerr << timing.dump() << "\n";
}

}  // namespace

Runner add_eval_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("eval", "Evaluate one op from a JSON case file");
    auto opt = std::make_shared<EvalOptions>();
    cmd->add_option("CASE", opt->case_path, "Case file (op, input, weight, bias, params)")
        ->required();
    cmd->add_option("--repeat", opt->repeat, "Time N more runs after a warm-up (stderr)")
        ->check(CLI::Range(0, 100000));
    cmd->add_flag("--quiet", opt->quiet, "Do not print the result tensor");
    cmd->add_option("--threads", opt->threads, "Worker threads (0 = all cores)")
        ->check(CLI::Range(0, 1024));
    return [opt] {
        set_thread_count(opt->threads);
        const OpCall call = read_case_file(opt->case_path);
        const OpResult result = evaluate(call);
        if (opt->repeat > 0) {
            report_timing(call, opt->repeat);
        }
        if (!opt->quiet) {
            nlohmann::json out = tensor_to_json(result.output);
            if (result.indices) {
                out["indices"] = tensor_to_json(*result.indices);
            }
            std::cout << out.dump() << "\n";
        }
        return 0;
    };
}

}  // namespace cs::cli
