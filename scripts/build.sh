#!/usr/bin/env bash
# Configures and builds ConvScope (Release) into build/, or another folder given as $BUILD_DIR.
# Extra arguments go to CMake's configure step.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
echo "build: configuring $build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
echo "build: compiling with $(nproc) jobs"
cmake --build "$build" -j "$(nproc)"
