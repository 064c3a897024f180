# Tests of the pool op family.
target_sources(convscope_engine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_max_pool2d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_avg_pool2d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_lp_pool2d.cpp
)
