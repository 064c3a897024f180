# bench_onnx: an ONNX model (torchvision's resnet18, made by bench/torchvision_onnx.py) through
# the engine's graph and through OpenCV DNN, side by side (bench/README.md).
find_package(OpenCV 4 REQUIRED COMPONENTS core dnn)
add_executable(bench_onnx ${CMAKE_CURRENT_LIST_DIR}/bench_onnx.cpp)
target_link_libraries(bench_onnx PRIVATE convscope_engine convscope_options benchmark::benchmark
  ${OpenCV_LIBS})
target_include_directories(bench_onnx SYSTEM PRIVATE ${OpenCV_INCLUDE_DIRS})
