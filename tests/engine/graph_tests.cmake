# Tests of networks as graphs (engine/graph/).
target_sources(convscope_engine_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/test_graph.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_graph_learner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_graph_field.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_onnx_hostile.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_onnx_import.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_preprocess.cpp
)
# ONNX import checked against OpenCV's DNN module reading the same files (issue 19).
target_sources(convscope_engine_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/test_onnx_dnn.cpp)
# ONNX export, read back by the importer and by OpenCV's DNN module.
target_sources(convscope_engine_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/test_onnx_export.cpp)
target_link_libraries(convscope_engine_tests PRIVATE opencv_dnn)
