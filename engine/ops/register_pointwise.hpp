#pragma once
// Parameter structs of the pointwise ops from the JSON `params` of an OpCall (eval cases, lesson
// files), read as torch.nn.functional names them. Throws cs::Error naming the parameter.
#include "engine/op_call.hpp"
#include "engine/ops/activation.hpp"
#include "engine/ops/flatten.hpp"
#include "engine/ops/interpolate.hpp"
#include "engine/ops/softmax.hpp"

namespace cs {

ActivationParams activation_params(const OpCall& call);  // op: relu, leaky_relu, sigmoid, tanh
FlattenParams flatten_params(const OpCall& call);
SoftmaxParams softmax_params(const OpCall& call);  // softmax and log_softmax; dim required
InterpolateParams interpolate_params(const OpCall& call);

}  // namespace cs
