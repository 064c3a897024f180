# Sources of the pointwise op family (see engine/op_call.hpp, register_pointwise_ops).
target_sources(convscope_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/activation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/flatten.cpp
  ${CMAKE_CURRENT_LIST_DIR}/linear.cpp
  ${CMAKE_CURRENT_LIST_DIR}/softmax.cpp
  ${CMAKE_CURRENT_LIST_DIR}/interpolate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/register_pointwise.cpp
)
