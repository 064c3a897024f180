// Receptive fields through network graphs (engine/graph/graph_field.hpp).
#include <catch2/catch.hpp>

#include "engine/graph/graph_field.hpp"
#include "graph_test_helpers.hpp"

using namespace cs;

namespace {

using cs::test::node;

GraphNode conv(std::string name, std::string input, int64_t in, int64_t out, int64_t k,
               nlohmann::json params = nlohmann::json::object()) {
    GraphNode n = node(std::move(name), "conv2d", {std::move(input)}, std::move(params));
    n.tensors["weight"] = Tensor({out, in, k, k}, 0.1f);
    return n;
}

const NodeField& field_of(const Graph& g, const std::vector<NodeField>& fields,
                          const std::string& name) {
    return fields.at(static_cast<size_t>(g.index_of(name)));
}

}  // namespace

TEST_CASE("graph receptive field: a chain has one path with the chain's field") {
    const Graph g(
        {1, 16, 16},
        {conv("c1", "input", 1, 2, 3, {{"padding", 1}}), node("r1", "relu", {"c1"}),
         node("p1", "max_pool2d", {"r1"}, {{"kernel_size", 2}}), conv("c2", "p1", 2, 2, 3)});
    const std::vector<NodeField> fields = graph_receptive_fields(g);
    CHECK(field_of(g, fields, "c1").largest().h.size == 3);
    CHECK(field_of(g, fields, "p1").largest().h.size == 4);
    CHECK(field_of(g, fields, "p1").largest().h.jump == 2);
    const NodeField& last = field_of(g, fields, "c2");
    REQUIRE(last.paths.size() == 1);
    CHECK(last.largest().h.size == 8);
    CHECK(last.largest().w.size == 8);
    CHECK(route_text(last.paths[0].route) == "input → c1 → r1 → p1 → c2");
}

TEST_CASE("graph receptive field: a residual add sees the block's field and the skip's") {
    const Graph g({2, 12, 12}, {conv("c1", "input", 2, 2, 3, {{"padding", 1}}),
                                conv("c2", "c1", 2, 2, 3, {{"padding", 1}}),
                                node("sum", "add", {"c2", "input"})});
    const std::vector<NodeField> fields = graph_receptive_fields(g);
    const NodeField& sum = fields.back();
    REQUIRE(sum.paths.size() == 2);
    CHECK(sum.largest().h.size == 5);
    CHECK(route_text(sum.paths[0].route) == "input → c1 → c2 → sum");
    CHECK(sum.paths[1].field.h.size == 1);
    CHECK(route_text(sum.paths[1].route) == "input → sum");
}

TEST_CASE("graph receptive field: an Inception block's paths, each distinct field once") {
    const Graph g(
        {4, 10, 10},
        {conv("b1", "input", 4, 2, 1), conv("b2a", "input", 4, 2, 1),
         conv("b2", "b2a", 2, 2, 3, {{"padding", 1}}), conv("b3a", "input", 4, 2, 1),
         conv("b3", "b3a", 2, 2, 5, {{"padding", 2}}),
         node("b4a", "max_pool2d", {"input"}, {{"kernel_size", 3}, {"stride", 1}, {"padding", 1}}),
         conv("b4", "b4a", 4, 2, 1), node("join", "cat", {"b1", "b2", "b3", "b4"}, {{"dim", 1}}),
         node("gap", "adaptive_avg_pool2d", {"join"}, {{"output_size", 1}})});
    const std::vector<NodeField> fields = graph_receptive_fields(g);
    const NodeField& join = field_of(g, fields, "join");
    REQUIRE(join.paths.size() == 3);  // 5×5, 3×3 (two paths), 1×1
    CHECK(join.paths[0].field.h.size == 5);
    CHECK(join.paths[1].field.h.size == 3);
    CHECK(join.paths[2].field.h.size == 1);
    CHECK(field_of(g, fields, "gap").largest().whole);
}
