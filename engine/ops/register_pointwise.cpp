#include "engine/op_call.hpp"

namespace cs {

void register_pointwise_ops(std::map<std::string, OpHandler>& /*table*/) {}

}  // namespace cs
