# Tests of the conv op family.
target_sources(convscope_engine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_conv2d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_conv_kernel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_conv1d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_conv_transpose2d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_conv_backward.cpp
)
