#pragma once
// Building graph nodes in tests.
#include <string>
#include <utility>
#include <vector>

#include "engine/graph/graph.hpp"

namespace cs::test {

inline GraphNode node(std::string name, std::string op, std::vector<std::string> inputs,
                      nlohmann::json params = nlohmann::json::object()) {
    GraphNode n;
    n.name = std::move(name);
    n.op = std::move(op);
    n.inputs = std::move(inputs);
    n.params = std::move(params);
    return n;
}

}  // namespace cs::test
