# bench_conv: the conv kernels against cv::filter2D, OpenCV DNN and a plain loop (bench/README.md).
find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc dnn)
add_executable(bench_conv ${CMAKE_CURRENT_LIST_DIR}/bench_conv.cpp)
target_link_libraries(bench_conv PRIVATE convscope_engine convscope_options benchmark::benchmark
  ${OpenCV_LIBS})
target_include_directories(bench_conv SYSTEM PRIVATE ${OpenCV_INCLUDE_DIRS})
