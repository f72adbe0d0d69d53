#!/usr/bin/env bash
# Builds the shim for every architecture the jar carries, into
# OUTDIR/linux-ARCH/sandbox4j-shim. Called by Maven (generate-resources).
#
# This host's architecture must build. The other one is cross-compiled; a
# developer without the cross toolchain gets a warning and a jar for this
# host only, unless SANDBOX4J_ALL_ARCHES=1 (CI sets it), which makes a
# missing shim an error.
set -euo pipefail
outdir=${1:?usage: build-all.sh OUTDIR}
src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
host=$(uname -m)
bash "$src/build.sh" "$outdir/linux-$host/sandbox4j-shim" "$host"
for arch in x86_64 aarch64; do
  [[ "$arch" == "$host" ]] && continue
  rc=0
  bash "$src/build.sh" "$outdir/linux-$arch/sandbox4j-shim" "$arch" || rc=$?
  if [[ $rc -eq 3 && "${SANDBOX4J_ALL_ARCHES:-}" != 1 ]]; then
    echo "[WARNING] sandbox4j: the jar carries no $arch shim (no cross compiler; see above);" \
      "it will run on $host only. CI builds both (SANDBOX4J_ALL_ARCHES=1)." >&2
  elif [[ $rc -ne 0 ]]; then
    exit "$rc"
  fi
done
