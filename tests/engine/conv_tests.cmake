# Tests of the conv op family.
target_sources(convscope_engine_tests PRIVATE
)
