# Sources of the playground's pipeline engine (engine/pipeline/): layer lists, planning,
# the banded forward pass, receptive fields and feature-map export.
# The kernel presets are compiled in from resources/kernels/presets.json, so that the CLI
# resolves preset names without Qt.
set(CONVSCOPE_PRESETS_FILE "${PROJECT_SOURCE_DIR}/resources/kernels/presets.json")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${CONVSCOPE_PRESETS_FILE}")
file(READ "${CONVSCOPE_PRESETS_FILE}" CONVSCOPE_PRESETS_JSON)
configure_file(${CMAKE_CURRENT_LIST_DIR}/preset_kernels_json.cpp.in
  ${CMAKE_CURRENT_BINARY_DIR}/pipeline/preset_kernels_json.cpp @ONLY)
target_sources(convscope_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/input_image.cpp
  ${CMAKE_CURRENT_LIST_DIR}/input_image.hpp
  ${CMAKE_CURRENT_LIST_DIR}/kernel_bank.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kernel_bank.hpp
  ${CMAKE_CURRENT_LIST_DIR}/layer_geometry.cpp
  ${CMAKE_CURRENT_LIST_DIR}/layer_ops.hpp
  ${CMAKE_CURRENT_LIST_DIR}/map_collector.cpp
  ${CMAKE_CURRENT_LIST_DIR}/map_collector.hpp
  ${CMAKE_CURRENT_LIST_DIR}/map_export.cpp
  ${CMAKE_CURRENT_LIST_DIR}/map_export.hpp
  ${CMAKE_CURRENT_LIST_DIR}/pipeline.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pipeline.hpp
  ${CMAKE_CURRENT_LIST_DIR}/pipeline_forward.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pipeline_forward.hpp
  ${CMAKE_CURRENT_LIST_DIR}/pipeline_graph.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pipeline_graph.hpp
  ${CMAKE_CURRENT_LIST_DIR}/pipeline_spec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pipeline_spec.hpp
  ${CMAKE_CURRENT_LIST_DIR}/receptive_field.cpp
  ${CMAKE_CURRENT_LIST_DIR}/receptive_field.hpp
  ${CMAKE_CURRENT_BINARY_DIR}/pipeline/preset_kernels_json.cpp
)
