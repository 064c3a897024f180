#pragma once
// Parameter structs of the pooling ops from the JSON `params` of an OpCall (eval cases, lesson
// files), read as torch.nn.functional names them. Throws cs::Error naming the parameter.
#include "engine/op_call.hpp"
#include "engine/ops/avg_pool2d.hpp"
#include "engine/ops/lp_pool2d.hpp"
#include "engine/ops/max_pool2d.hpp"

namespace cs {

MaxPool2dParams max_pool2d_params(const OpCall& call);
AvgPool2dParams avg_pool2d_params(const OpCall& call);
LpPool2dParams lp_pool2d_params(const OpCall& call);

}  // namespace cs
