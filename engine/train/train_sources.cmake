# Sources of training: data readers (engine/data), initialisation, optimisers, network
# description, weights files. zlib reads the gzipped IDX files and checksums weights files.
target_sources(convscope_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/../data/idx.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../data/fashion_mnist.cpp
  ${CMAKE_CURRENT_LIST_DIR}/init.cpp
  ${CMAKE_CURRENT_LIST_DIR}/optimizer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sgd.cpp
  ${CMAKE_CURRENT_LIST_DIR}/adam.cpp
  ${CMAKE_CURRENT_LIST_DIR}/network_spec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lesson.cpp
  ${CMAKE_CURRENT_LIST_DIR}/weights_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gemm.cpp
  ${CMAKE_CURRENT_LIST_DIR}/conv2d_gemm.cpp
  ${CMAKE_CURRENT_LIST_DIR}/conv2d_winograd.cpp
  ${CMAKE_CURRENT_LIST_DIR}/linear_gemm.cpp
  ${CMAKE_CURRENT_LIST_DIR}/network.cpp
  ${CMAKE_CURRENT_LIST_DIR}/graph_learner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trainer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/predict.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernel_learning.cpp
)
target_link_libraries(convscope_engine PRIVATE ZLIB::ZLIB)
# The matrix product fuses each multiply and add into one FMA where the processor has one, as
# the conv kernel does (engine/ops/conv_sources.cmake); the order of the sums stays fixed.
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/gemm.cpp
  PROPERTIES COMPILE_OPTIONS -ffp-contract=fast)
