#!/usr/bin/env bash
# Installs the Debian 12 packages of scripts/packages.txt that are missing. Works as root or
# through sudo. Usage: scripts/setup.sh [--dev]   (--dev adds the fixture and benchmark tools)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
groups="build"
[[ "${1:-}" == "--dev" ]] && groups="build dev"

wanted=()
for group in $groups; do
    while read -r g pkg; do
        [[ "$g" == "$group" ]] && wanted+=("$pkg")
    done < <(grep -v '^[[:space:]]*#' "$here/packages.txt" | grep -v '^[[:space:]]*$')
done

missing=()
for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "setup: all ${#wanted[@]} packages of scripts/packages.txt ($groups) are installed"
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    sudo_cmd=()
elif command -v sudo >/dev/null; then
    sudo_cmd=(sudo)
else
    echo "setup: missing packages: ${missing[*]}" >&2
    echo "setup: run this script as root or install sudo" >&2
    exit 1
fi
echo "setup: installing ${#missing[@]} missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "setup: done"
