# Training speed of the lesson LeNets in examples per second (bench_train.cpp), to compare with
# PyTorch on the same machine (torch_lenet.py).
add_executable(bench_train bench_train.cpp)
target_link_libraries(bench_train PRIVATE convscope_engine convscope_options benchmark::benchmark)
target_compile_definitions(bench_train PRIVATE
  CONVSCOPE_RESOURCE_DIR="${PROJECT_SOURCE_DIR}/resources")
