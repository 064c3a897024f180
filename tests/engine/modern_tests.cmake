# Tests of the layers of modern CNNs (engine/ops/modern_sources.cmake).
target_sources(convscope_engine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_adaptive_pool2d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_batch_norm2d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_clamp_dropout_lrn.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_joins.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_op_schema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_pad.cpp
)
