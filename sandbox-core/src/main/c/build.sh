#!/usr/bin/env bash
# Builds the static shim. Called by Maven (generate-resources) with the
# output path; also usable by hand: bash build.sh /tmp/sandbox4j-shim
set -euo pipefail
out=${1:?usage: build.sh OUTPUT}
src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CC=${CC:-cc}
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "sandbox4j: no C compiler ('$CC') found; the native shim needs one." >&2
  echo "  Debian/Ubuntu: apt-get install gcc libc6-dev" >&2
  echo "  Fedora/RHEL:   dnf install gcc glibc-static" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
# -static: the shim runs from a memfd inside arbitrary root filesystems.
if ! "$CC" -std=gnu11 -static -O2 -Wall -Wextra -Werror -D_GNU_SOURCE \
     -fno-strict-aliasing -o "$out.tmp" "$src"/*.c 2>"$out.log"; then
  cat "$out.log" >&2
  if grep -q 'cannot find -lc' "$out.log"; then
    echo "sandbox4j: static libc missing: apt-get install libc6-dev (glibc-static on Fedora)" >&2
  fi
  exit 1
fi
rm -f "$out.log"
mv "$out.tmp" "$out"
