#pragma once
// A trainable tensor with the gradient of the loss with respect to it.
#include <string>

#include "engine/tensor.hpp"

namespace cs {

struct Parameter {
    std::string name;  // as in torch's state_dict of an nn.Sequential: "0.weight", "0.bias", …
    Tensor value;
    Tensor grad;  // same shape as value; filled by the backward pass
};

}  // namespace cs
