#!/usr/bin/env bash
# The second command of the README: install what is missing, build, and run every test
# (GUI tests on Qt's offscreen platform). Exits non-zero on any failure.
#   scripts/test.sh              normal Release build in build/
#   scripts/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build in build-sanitize/
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
export QT_QPA_PLATFORM=offscreen
if [[ "${1:-}" == "--sanitize" ]]; then
    export BUILD_DIR="$root/build-sanitize"
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    "$root/scripts/build.sh" -DCONVSCOPE_SANITIZE=address,undefined -DCONVSCOPE_BUILD_BENCH=OFF
else
    export BUILD_DIR="$root/build"
    "$root/scripts/build.sh"
fi
cd "$BUILD_DIR"
ctest --output-on-failure -j "$(nproc)"
