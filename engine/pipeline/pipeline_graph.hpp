#pragma once
// A playground pipeline is a network graph like any other (engine/graph/graph.hpp): layer i is
// node i, named as its readers name it (its name, or its number). What graphs know — receptive
// fields along every path — then holds for pipelines too.
#include <vector>

#include "engine/graph/graph.hpp"
#include "engine/graph/graph_field.hpp"
#include "engine/pipeline/pipeline.hpp"

namespace cs::pipeline {

// The planned layers as a graph. Without `weights` the weights are shapes only: enough for
// shapes and fields, without copying a large linear layer. Requires at least one layer.
Graph plan_graph(const Plan& plan, bool weights = false);

// Per planned layer: the receptive field of every distinct path from the input to it, largest
// first (one path for a layer of a chain).
std::vector<NodeField> path_fields(const Plan& plan);

}  // namespace cs::pipeline
