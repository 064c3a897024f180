#include <iostream>
#include <sstream>

#include "app/cli/commands.hpp"
#include "engine/case_file.hpp"
#include "engine/error.hpp"

namespace cs::cli {
namespace {

struct TraceOptions {
    std::string case_path;
    std::string at;
    int64_t step = 0;  // used when --step is given
    std::string view;
};

Index4 parse_at(const std::string& text) {
    Index4 at{};
    std::stringstream in(text);
    std::string part;
    size_t count = 0;
    while (std::getline(in, part, ',')) {
        require(count < 4, "--at takes four numbers n,c,y,x, got \"" + text + "\"");
        try {
            size_t used = 0;
            at[count] = std::stoll(part, &used);
            require(used == part.size(), "");
        } catch (const std::exception&) {
            throw Error("--at takes four whole numbers n,c,y,x, got \"" + text + "\"");
        }
        ++count;
    }
    require(count == 4, "--at takes four numbers n,c,y,x, got \"" + text + "\"");
    return at;
}

}  // namespace

Runner add_trace_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("trace",
                                   "Print one step of an op (taps, products, sum, output) as JSON");
    auto opt = std::make_shared<TraceOptions>();
    cmd->add_option("CASE", opt->case_path, "Case file, as for eval")->required();
    auto* at = cmd->add_option("--at", opt->at, "Output element n,c,y,x");
    auto* step = cmd->add_option("--step", opt->step,
                                 "The K-th step (batch, channel, row, column order; from 0)");
    at->excludes(step);
    cmd->add_option("--view", opt->view, "conv_transpose2d: insert (default) or scatter");
    return [opt, step] {
        const bool by_step = step->count() > 0;
        require(!opt->at.empty() || by_step, "trace needs --at n,c,y,x or --step K");
        // A step past the last output element is refused once the case file is read.
        require(!by_step || opt->step >= 0,
                "--step must be a whole number ≥ 0 (the K-th step from 0), got " +
                    std::to_string(opt->step));
        const OpCall call = read_case_file(opt->case_path);
        const Index4 where =
            opt->at.empty() ? step_position(opt->step, trace_grid(call)) : parse_at(opt->at);
        std::cout << step_to_json(trace_step(call, where, opt->view)).dump() << "\n";
        return 0;
    };
}

}  // namespace cs::cli
