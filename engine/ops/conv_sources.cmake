# Sources of the conv op family (see engine/op_call.hpp, register_conv_ops).
target_sources(convscope_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/register_conv.cpp
)
