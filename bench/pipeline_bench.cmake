# bench_pipeline: the playground's pipeline (two [conv 3×3 → ReLU → max-pool 2×2] blocks) on a
# 1920×1080 photo; bench/torch_pipeline.py times the same pipeline with PyTorch.
add_executable(bench_pipeline ${CMAKE_CURRENT_LIST_DIR}/bench_pipeline.cpp)
target_link_libraries(bench_pipeline PRIVATE convscope_engine convscope_options benchmark::benchmark)
target_compile_definitions(bench_pipeline PRIVATE
  CONVSCOPE_PIPELINE_DIR="${PROJECT_SOURCE_DIR}/resources/pipelines")
