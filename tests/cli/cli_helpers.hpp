#pragma once
// Runs the real convscope-cli executable from the CLI tests.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace cs::test {

struct Run {
    int exit_code;
    std::string out;  // stdout and stderr together
};

enum class Streams { both, stderr_only };

// `stderr_only`: `out` holds what the command wrote to stderr, its stdout is discarded.
// `prefix` goes before the program, e.g. "prlimit --fsize=4096 ".
inline Run run_cli_with_prefix(const std::string& prefix, const std::string& args,
                               Streams streams = Streams::both) {
    const std::string command = prefix + std::string(CONVSCOPE_CLI) + " " + args +
                                (streams == Streams::both ? " 2>&1" : " 2>&1 >/dev/null");
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    std::array<char, 4096> buffer{};
    size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        out.append(buffer.data(), n);
    }
    const int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

inline Run run_cli(const std::string& args, Streams streams = Streams::both) {
    return run_cli_with_prefix("", args, streams);
}

}  // namespace cs::test
