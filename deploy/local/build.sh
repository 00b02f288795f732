#!/usr/bin/env bash
# Configures (if needed) and builds one of Torg's two build trees with Ninja and ccache:
#   release  build/release  RelWithDebInfo                     (what start.sh runs)
#   asan     build/asan     Debug at -O1, TORG_SANITIZE=ON      (ASan + UBSan)
# Usage: deploy/local/build.sh release|asan [ninja target...]
# Assumes deploy/local/install-deps.sh has run. Parallel jobs: TORG_JOBS (default: nproc).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tree="${1:-}"
shift || true

case "$tree" in
  release)
    dir="$ROOT/build/release"
    cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DTORG_SANITIZE=OFF)
    ;;
  asan)
    dir="$ROOT/build/asan"
    cmake_args=(-DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" -DTORG_SANITIZE=ON)
    ;;
  *)
    echo "usage: $0 release|asan [target...]" >&2
    exit 2
    ;;
esac

# ccache: one cache shared by every clone and both trees. BASEDIR + NOHASHDIR let a
# fresh clone in another directory reuse objects compiled in this one.
export CCACHE_DIR="${CCACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/ccache}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$ROOT}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
mkdir -p "$CCACHE_DIR" "$ROOT/build"

jobs="${TORG_JOBS:-$(nproc)}"

echo "[torg build] $tree: configuring $dir"
cmake -S "$ROOT" -B "$dir" -G Ninja "${cmake_args[@]}" >"$ROOT/build/.cmake-$tree.log" 2>&1 || {
  cat "$ROOT/build/.cmake-$tree.log" >&2
  echo "[torg build] $tree: CMake configure FAILED (log above)" >&2
  exit 1
}
echo "[torg build] $tree: building with $jobs jobs"
start=$SECONDS
targets=()
if (($# > 0)); then targets=(--target "$@"); fi
cmake --build "$dir" --parallel "$jobs" "${targets[@]}"
echo "[torg build] $tree: built in $((SECONDS - start)) s"
