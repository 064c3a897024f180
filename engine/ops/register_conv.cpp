#include "engine/op_call.hpp"

namespace cs {

void register_conv_ops(std::map<std::string, OpHandler>& /*table*/) {}

}  // namespace cs
