#pragma once
// The torch.nn.functional call that computes what is on screen, for students to paste into
// Python and compare.
#include <QString>

#include "engine/op_call.hpp"

namespace cs::core {

// `from_image`: the input is a crop of an image, so its values are listed as they are.
QString torch_code(const OpCall& call, bool from_image);

}  // namespace cs::core
