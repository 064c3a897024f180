# Sources of the pointwise op family (see engine/op_call.hpp, register_pointwise_ops).
target_sources(convscope_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/register_pointwise.cpp
)
