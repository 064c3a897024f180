# Sources of the conv op family (see engine/op_call.hpp, register_conv_ops).
target_sources(convscope_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/padding.cpp
  ${CMAKE_CURRENT_LIST_DIR}/conv_kernel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/conv2d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/conv1d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/conv_transpose2d.cpp
  ${CMAKE_CURRENT_LIST_DIR}/register_conv.cpp
)
# The vector kernel may fuse a multiply and an add into one FMA instruction (where the
# processor has it): faster, and rounded once. Every output element still runs the same
# instruction sequence whatever the thread count.
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/conv_kernel.cpp
  PROPERTIES COMPILE_OPTIONS -ffp-contract=fast)
