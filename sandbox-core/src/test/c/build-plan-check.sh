#!/usr/bin/env bash
# Builds plan-check (plan-check.c with the shim's plan.c, status.c, io.c) into
# OUT for PlanWireTest. Called by Maven (process-test-resources).
set -euo pipefail
out=${1:?usage: build-plan-check.sh OUT}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shim=$here/../../main/c
cc=${HOST_CC:-}
for c in cc gcc musl-gcc clang; do
  [[ -z "$cc" ]] && command -v "$c" >/dev/null 2>&1 && cc=$c
done
[[ -n "$cc" ]] || { echo "sandbox4j: no C compiler for plan-check" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
"$cc" -std=gnu11 -O1 -Wall -Wextra -Werror -D_GNU_SOURCE -fno-strict-aliasing -I"$shim" -o "$out" \
  "$here/plan-check.c" "$shim/plan.c" "$shim/status.c" "$shim/io.c"
