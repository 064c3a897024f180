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

// The values of tensor_to_json(t)["data"] as its dump() writes them, without the brackets,
// a chunk at a time.
void write_values(std::ostream& out, const Tensor& t) {
    constexpr int64_t chunk = 1 << 16;
    const float* values = t.data();
    nlohmann::json part = nlohmann::json::array();  // cleared, not reallocated, per chunk
    for (int64_t begin = 0; begin < t.numel(); begin += chunk) {
        part.clear();
        for (int64_t i = begin; i < std::min(t.numel(), begin + chunk); ++i) {
            part.push_back(static_cast<double>(values[i]));
        }
        const std::string text = part.dump();
        out << (begin > 0 ? "," : "");
        out.write(text.data() + 1, static_cast<std::streamsize>(text.size() - 2));
    }
}

// The result as {"data", "indices", "shape"}.dump() writes it (keys in sorted order), streamed:
// a 67-million-value output (a 5×5 input with padding 4096) made a JSON tree and a string of
// 3.5 GB; this holds 64 Ki values at a time.
void write_result(std::ostream& out, const OpResult& result) {
    out << "{\"data\":[";
    write_values(out, result.output);
    out << "]";
    if (result.indices) {
        out << ",\"indices\":{\"data\":[";
        write_values(out, *result.indices);
        out << "],\"shape\":" << nlohmann::json(result.indices->shape()).dump() << "}";
    }
    out << ",\"shape\":" << nlohmann::json(result.output.shape()).dump() << "}\n";
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
            write_result(std::cout, result);
        }
        return 0;
    };
}

}  // namespace cs::cli
