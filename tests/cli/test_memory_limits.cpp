// Memory stays within ConvScope's budget (engine/memory_budget.hpp, 2 GB) on every path within
// the documented limits: convscope-cli runs under a capped address space and either succeeds or
// refuses with the figure it would need — never std::bad_alloc (exit code 3) or a signal.
// Before the budget, the 100-megapixel photo through the edge bank took 4.5 GB, an 8192² photo
// 2.7 GB and a lesson with padding 4096 over 6 GB.
#include <catch2/catch.hpp>

#include "cli_helpers.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "hostile_files.hpp"

namespace hostile = cs::test::hostile;

namespace {

// 2.5 GiB of address space: the 2 GB budget plus what the program, its libraries and the
// threads' stacks and heaps reserve.
constexpr const char* kCap = "2621440";  // KiB

// Runs convscope-cli with its address space capped; stdout is discarded (an eval output can be
// hundreds of MB), `out` holds stderr.
cs::test::Run run_capped(const std::string& args) {
    return cs::test::run_cli_with_prefix("ulimit -v " + std::string(kCap) + "; exec ", args,
                                         cs::test::Streams::stderr_only);
}

// Success, or a refusal (exit code 2) with a message a student can act on.
void check_within_budget(const std::string& args, const std::string& refusal) {
    INFO("convscope-cli " << args << " under ulimit -v " << kCap);
    const cs::test::Run r = run_capped(args);
    INFO(r.out);
    CHECK((r.exit_code == 0 || r.exit_code == 2));
    CHECK_THAT(r.out, !Catch::Contains("bad_alloc") && !Catch::Contains("not enough memory"));
    if (r.exit_code != 0) {
        CHECK_THAT(r.out, Catch::Contains("error: ") && Catch::Contains(refusal));
    }
}

}  // namespace

#if !defined(CONVSCOPE_SANITIZED)  // AddressSanitizer reserves terabytes of address space

TEST_CASE("memory limits: a 100-megapixel photo runs through the edge bank within the budget") {
    hostile::Folder dir;
    const std::string image = hostile::blank_png(dir, "grey.png", 10000, 10000);
    const std::string pipeline =
        std::string(CONVSCOPE_RESOURCE_DIR) + "/pipelines/edge_detectors.json";
    check_within_budget(
        "run " + pipeline + " --image " + image + " --out " + dir.file("out") + " --no-png",
        "ConvScope works within 2 GB");
}

TEST_CASE("memory limits: an 8192 × 8192 photo runs through the edge bank within the budget") {
    hostile::Folder dir;
    const std::string image = hostile::blank_png(dir, "grey.png", 8192, 8192);
    const std::string pipeline =
        std::string(CONVSCOPE_RESOURCE_DIR) + "/pipelines/edge_detectors.json";
    check_within_budget(
        "run " + pipeline + " --image " + image + " --out " + dir.file("out") + " --no-png",
        "ConvScope works within 2 GB");
}

TEST_CASE("memory limits: a conv2d case with padding 4096 evaluates and traces within the budget") {
    hostile::Folder dir;
    const std::string padded =
        hostile::eval_case(dir, "padded.json", R"({"params": {"padding": 4096}})");
    check_within_budget("eval " + padded + " --quiet", "ConvScope works within 2 GB");
    check_within_budget("trace " + padded + " --at 0,0,4097,4097", "ConvScope works within 2 GB");
}

#if defined(CONVSCOPE_WITH_RENDER)
TEST_CASE("memory limits: a lesson with padding 4096 is refused before it is drawn") {
    hostile::Folder dir;
    const std::string lesson =
        hostile::lesson(dir, "padded.json", R"({"params": {"padding": 4096}})");
    const cs::test::Run r =
        run_capped("render " + lesson + " --steps 0:0 --out " + dir.file("out"));
    INFO(r.out);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("the animation would draw 134 million cells") &&
                          Catch::Contains("use a smaller padding"));
}

TEST_CASE("memory limits: a matrix lesson larger than any screen is refused before it is drawn") {
    hostile::Folder dir;
    // 2001 × 2001 values written short ("0,"): 8 MB of JSON, one value over the limit.
    std::string data(2001 * 2001 * 2 - 1, '0');
    for (size_t i = 1; i < data.size(); i += 2) {
        data[i] = ',';
    }
    const std::string lesson = hostile::lesson(
        dir, "matrix.json", R"({"input": {"shape": [1, 1, 2001, 2001], "data": [)" + data + "]}}");
    const cs::test::Run r =
        run_capped("render " + lesson + " --steps 0:0 --out " + dir.file("out"));
    INFO(r.out);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("4004001 values") && Catch::Contains("use an image"));
    // The 125 MB file of the attack (a 5000 × 5000 matrix) is refused by its size alone.
    std::ofstream(dir.file("huge.json")) << std::string(65 << 20, ' ');
    const cs::test::Run huge =
        run_capped("render " + dir.file("huge.json") + " --steps 0:0 --out " + dir.file("out"));
    CHECK(huge.exit_code == 2);
    CHECK_THAT(huge.out, Catch::Contains("larger than"));
}
#endif

#endif
