# Build time. CI builds everything twice on 2 cores — the normal suite and the sanitized one —
# and must finish within 30 minutes, so each part gets only the optimisation it needs and the
# heavy headers (nlohmann/json, Catch2, Qt, CLI11) are parsed once per target, not per file.
#
# convscope_tune(<target> <part>) with <part> one of:
#   engine  the maths: -O3, as the benchmarks measure it
#   app     the Qt core and GUI libraries, the two programs: -O2, as Debian builds Qt programs
#   cli     the command-line program: -O2, with CLI11 precompiled
#   test    the test programs: -O1 (their time goes into the engine, not into their own code)
#   guitest the GUI test program: -O1, with the Qt widget headers precompiled
#   small   a one-file helper library of the tests: -O1, nothing precompiled
# Under sanitizers everything is built with -Og — gcc's UndefinedBehaviorSanitizer makes -O3
# six times slower to compile (70 s for conv_kernel.cpp) — except the training GEMM, where
# the training tests spend their time: -O3 (4 s); and the convolution kernels: -O1. Outside
# the engine the UBSan checks `alignment`, `null` and `vptr` are left out: on the Qt, JSON
# and Catch templates they make up a third of the compile time, AddressSanitizer already
# reports every null dereference, and x86 does not fault on misaligned loads. The engine,
# where the arithmetic and the file parsers live, keeps every check (so do the fuzz targets).
# Only Release builds are tuned; a Debug build keeps -O0 -g.

option(CONVSCOPE_PCH "Precompile the heavy headers of each target (faster builds)" ON)

set(_convscope_pch_std <algorithm> <cmath> <cstdint> <functional> <map> <memory> <optional>
                       <string> <vector> <nlohmann/json.hpp>)
set(_convscope_pch_qtgui <QColor> <QImage> <QObject> <QPainter> <QString> <QStringList>)
set(_convscope_pch_qtwidgets <QApplication> <QComboBox> <QLabel> <QPushButton> <QSpinBox>
                             <QTabWidget> <QTimer> <QVBoxLayout> <QWidget>)

function(convscope_tune target part)
  if(CMAKE_BUILD_TYPE STREQUAL "Release")
    if(CONVSCOPE_SANITIZE AND part STREQUAL "engine")
      target_compile_options(${target} PRIVATE -Og)
      set(dir ${PROJECT_SOURCE_DIR}/engine)
      # Not with the target's precompiled header, made at -Og: gcc 12 crashes on the mix.
      set_source_files_properties(${dir}/train/gemm.cpp ${dir}/train/conv2d_gemm.cpp
        ${dir}/train/linear_gemm.cpp TARGET_DIRECTORY ${target}
        PROPERTIES COMPILE_OPTIONS -O3 SKIP_PRECOMPILE_HEADERS ON)
      set_source_files_properties(${dir}/ops/conv_kernel.cpp TARGET_DIRECTORY ${target}
        PROPERTIES COMPILE_OPTIONS -O1 SKIP_PRECOMPILE_HEADERS ON)
    elseif(CONVSCOPE_SANITIZE)
      target_compile_options(${target} PRIVATE -Og)
      # Read by convscope_options, whose -fsanitize flags it must follow.
      set_target_properties(${target} PROPERTIES CONVSCOPE_LIGHT_UBSAN ON)
    elseif(part STREQUAL "engine")
      target_compile_options(${target} PRIVATE -O3)
    elseif(part MATCHES "test" OR part STREQUAL "small")
      target_compile_options(${target} PRIVATE -O1)
    else()
      target_compile_options(${target} PRIVATE -O2)
    endif()
  endif()
  if(NOT CONVSCOPE_PCH OR part STREQUAL "small")
    return()
  endif()
  set(headers ${_convscope_pch_std})
  if(part STREQUAL "app" OR part STREQUAL "guitest")
    list(APPEND headers ${_convscope_pch_qtgui})
    get_target_property(libraries ${target} LINK_LIBRARIES)
    if(part STREQUAL "guitest" OR "Qt6::Widgets" IN_LIST libraries)
      list(APPEND headers ${_convscope_pch_qtwidgets})
    endif()
  endif()
  if(part STREQUAL "cli")
    list(APPEND headers <CLI/CLI.hpp>)
  endif()
  if(part MATCHES "test")
    list(APPEND headers <catch2/catch.hpp>)
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()

# A Catch2 main defines CATCH_CONFIG_MAIN (or _RUNNER) before it includes Catch, so it cannot
# take the precompiled Catch; it holds Catch's own implementation, which needs no optimising.
# Nor instrumenting: under sanitizers it would take 30 s to compile, to check Catch itself.
function(convscope_catch_main source)
  set(options -O0)
  if(CONVSCOPE_SANITIZE)
    list(APPEND options -fno-sanitize=all)
  endif()
  set_source_files_properties(${source} PROPERTIES SKIP_PRECOMPILE_HEADERS ON
                                                   COMPILE_OPTIONS "${options}")
endfunction()
