# Sources of the pool op family (see engine/op_call.hpp, register_pool_ops).
target_sources(convscope_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/pool_common.cpp
  ${CMAKE_CURRENT_LIST_DIR}/max_pool2d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/avg_pool2d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lp_pool2d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/register_pool.cpp
)
