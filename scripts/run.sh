#!/usr/bin/env bash
# The first command of the README: install what is missing, build, and open ConvScope on a
# sample image. Arguments are passed to the app (e.g. another image path).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
if [[ $# -eq 0 ]]; then
    set -- "$root/sample_images/chelsea.png"
fi
echo "run: starting ConvScope"
exec "$root/build/app/gui/convscope" "$@"
