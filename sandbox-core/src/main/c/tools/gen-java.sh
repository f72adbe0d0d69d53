#!/usr/bin/env bash
# Generates the Java constants of the wire contract (wire-java.c) into
# OUTDIR/dev/sandbox4j/internal/plan. Called by Maven (generate-sources).
set -euo pipefail
out=${1:?usage: gen-java.sh OUTDIR}
tools=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cc=${HOST_CC:-}
for c in cc gcc musl-gcc clang; do
  [[ -z "$cc" ]] && command -v "$c" >/dev/null 2>&1 && cc=$c
done
[[ -n "$cc" ]] || { echo "sandbox4j: no C compiler for the wire contract generator" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cc" -std=gnu11 -O0 -Wall -Wextra -Werror -o "$work/wire-java" "$tools/wire-java.c"
mkdir -p "$out/dev/sandbox4j/internal/plan"
"$work/wire-java" "$out/dev/sandbox4j/internal/plan"
