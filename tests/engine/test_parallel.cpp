#include <catch2/catch.hpp>

#include <atomic>
#include <vector>

#include "engine/parallel.hpp"

TEST_CASE("parallel_for: covers the range exactly once, serial or not") {
    for (int threads : {1, 2, 0}) {
        cs::set_thread_count(threads);
        std::vector<std::atomic<int>> hits(1000);
        cs::parallel_for(0, 1000, [&](int64_t b, int64_t e) {
            for (int64_t i = b; i < e; ++i) {
                hits[static_cast<size_t>(i)]++;
            }
        });
        for (auto& h : hits) {
            REQUIRE(h.load() == 1);
        }
    }
    cs::set_thread_count(1);
    CHECK(cs::thread_count() == 1);
    cs::set_thread_count(0);
}
