# Training speed of a network graph: a ResNet basic block (bench_graph.cpp), to compare with
# PyTorch on the same machine (torch_resnet_block.py).
add_executable(bench_graph bench_graph.cpp)
target_link_libraries(bench_graph PRIVATE convscope_engine convscope_options benchmark::benchmark)
