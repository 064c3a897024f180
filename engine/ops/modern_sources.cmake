# Sources of the layers of modern CNNs, one file pair per op (registered in engine/op_call.cpp).
target_sources(convscope_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/adaptive_avg_pool2d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/adaptive_max_pool2d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/add.cpp
  ${CMAKE_CURRENT_LIST_DIR}/batch_norm2d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/broadcast.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cat.cpp
  ${CMAKE_CURRENT_LIST_DIR}/clamp.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dropout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/local_response_norm.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mul.cpp
)
