#!/usr/bin/env bash
# Builds the static shim for one architecture (default: this host's). Called
# by build-all.sh; also usable by hand: bash build.sh /tmp/sandbox4j-shim [aarch64]
#
# For another architecture it cross-compiles with ARCH-linux-gnu-gcc against
# static glibc (Debian: gcc-aarch64-linux-gnu libc6-dev-arm64-cross, or
# gcc-x86-64-linux-gnu libc6-dev-amd64-cross); exit code 3 when that
# compiler is missing, so build-all.sh can go on with a warning.
#
# Prefers musl (musl-gcc, Debian package musl-tools) over glibc: the shim is
# exec'd once per sandbox, and a static glibc binary spends ~0.7 ms more in
# its own startup (page faults over 800 KB against 90 KB, CPU feature probing)
# on machines where faults are slow. CC=... forces a compiler.
set -euo pipefail
out=${1:?usage: build.sh OUTPUT [x86_64|aarch64]}
host=$(uname -m)
arch=${2:-$host}
src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
extra=()
if [[ "$arch" != "$host" ]]; then
  cross=${CROSS_CC:-$arch-linux-gnu-gcc}
  if ! command -v "$cross" >/dev/null 2>&1; then
    echo "sandbox4j: no cross compiler '$cross' for the $arch shim" >&2
    echo "  Debian/Ubuntu: apt-get install gcc-${arch/_/-}-linux-gnu libc6-dev-$([[ $arch == aarch64 ]] && echo arm64 || echo amd64)-cross" >&2
    exit 3
  fi
  CC=$cross
elif [[ -z "${CC:-}" ]] && command -v musl-gcc >/dev/null 2>&1; then
  CC=musl-gcc
  # musl-gcc leaves out the kernel's uapi headers (linux/, asm/): point at the system's.
  kinc=$(mktemp -d)
  trap 'rm -rf "$kinc"' EXIT
  multiarch=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")
  ln -sfn /usr/include/linux "$kinc/linux"
  ln -sfn /usr/include/asm-generic "$kinc/asm-generic"
  ln -sfn "/usr/include/$multiarch/asm" "$kinc/asm"
  extra=(-isystem "$kinc")
fi
CC=${CC:-cc}
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "sandbox4j: no C compiler ('$CC') found; the native shim needs one." >&2
  echo "  Debian/Ubuntu: apt-get install gcc libc6-dev (and musl-tools for a faster shim)" >&2
  echo "  Fedora/RHEL:   dnf install gcc glibc-static" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
# -static: the shim runs from a memfd inside arbitrary root filesystems.
if ! "$CC" -std=gnu11 -static -O2 -Wall -Wextra -Werror -D_GNU_SOURCE \
    -fno-strict-aliasing -s "${extra[@]}" -o "$out.tmp" "$src"/*.c 2>"$out.log"; then
  cat "$out.log" >&2
  if grep -q 'cannot find -lc' "$out.log"; then
    echo "sandbox4j: static libc missing: apt-get install libc6-dev (glibc-static on Fedora)" >&2
  fi
  exit 1
fi
rm -f "$out.log"
mv "$out.tmp" "$out"
