# Tests of the pointwise op family.
target_sources(convscope_engine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_activation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_flatten.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_linear.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_softmax.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_interpolate.cpp
)
