# Tests of the pool op family.
target_sources(convscope_engine_tests PRIVATE
)
