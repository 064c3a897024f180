# bench_pool: max_pool2d / avg_pool2d kernels against a plain loop, OpenCV DNN's Pooling layer
# and cv::resize(INTER_AREA) on a 1920x1080 map (bench/torch_pool.py: the same with PyTorch).
find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc dnn)
add_executable(bench_pool ${CMAKE_CURRENT_LIST_DIR}/bench_pool.cpp)
target_link_libraries(bench_pool PRIVATE convscope_engine convscope_options benchmark::benchmark
  ${OpenCV_LIBS})
target_include_directories(bench_pool SYSTEM PRIVATE ${OpenCV_INCLUDE_DIRS})
