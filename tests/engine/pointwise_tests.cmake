# Tests of the pointwise op family.
target_sources(convscope_engine_tests PRIVATE
)
