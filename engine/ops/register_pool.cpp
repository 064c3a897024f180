#include "engine/op_call.hpp"

namespace cs {

void register_pool_ops(std::map<std::string, OpHandler>& /*table*/) {}

}  // namespace cs
