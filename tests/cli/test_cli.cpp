#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <string>

namespace {

struct Run {
    int exit_code;
    std::string out;
};

// Runs convscope-cli with `args` (stderr merged into the captured output).
Run run_cli(const std::string& args) {
    const std::string command = std::string(CONVSCOPE_CLI) + " " + args + " 2>&1";
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

}  // namespace

TEST_CASE("cli: --help lists the commands") {
    const Run r = run_cli("--help");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("info") && Catch::Contains("eval"));
}

TEST_CASE("cli: info prints the size of a sample image") {
    const Run r = run_cli(std::string("info ") + CONVSCOPE_SAMPLE_DIR + "/checkerboard.png");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("width: 256") && Catch::Contains("bit depth: 8"));
}

TEST_CASE("cli: info on a missing file exits 2 with a message") {
    const Run r = run_cli("info /nonexistent.png");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("/nonexistent.png"));
}
