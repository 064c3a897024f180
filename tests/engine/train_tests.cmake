# Tests of training: data readers, initialisation, optimisers, networks, weights files.
target_sources(convscope_engine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_idx.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_init.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_optimizer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_network.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_weights_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_gemm.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_winograd.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_train_step.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_trainer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_kernel_learning.cpp
)
target_compile_definitions(convscope_engine_tests PRIVATE
  CONVSCOPE_RESOURCE_DIR="${PROJECT_SOURCE_DIR}/resources")
