#!/usr/bin/env bash
# Torg's complete test suite, exactly what CI runs (.ci/run):
#   1. install what is missing (deploy/local/install-deps.sh: apt packages, buf via npm ci)
#   2. build build/release (RelWithDebInfo) and run every ctest test there
#   3. build build/asan (Debug -O1, ASan + UBSan) and run every ctest test there
#   4. print one closing summary line; exit non-zero if anything failed.
# Environment: TORG_JOBS (parallel build jobs, default nproc), TORG_CTEST_JOBS (parallel
# tests, default 2), TORG_TEST_TIMEOUT (seconds per test unless a test sets its own,
# default 300).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CTEST_JOBS="${TORG_CTEST_JOBS:-2}"
TIMEOUT="${TORG_TEST_TIMEOUT:-300}"
t0=$SECONDS

# Sanitizer behaviour for the asan tree: stop at the first error, with stack traces,
# and report leaks.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

phase() { printf '\n[torg test] ===== %s (%d s elapsed) =====\n' "$*" $((SECONDS - t0)); }

bash deploy/local/install-deps.sh

summary=()
total_pass=0
total_fail=0
total_skip=0
failed=0

# run_tree <release|asan>: builds the tree and runs all its tests. A build failure
# stops everything (the other tree would fail the same way); test failures are
# counted and the run goes on, so one run shows the whole picture.
run_tree() {
  local tree="$1" dir="$ROOT/build/$1" junit rc=0
  phase "$tree: build"
  local b0=$SECONDS
  if ! bash deploy/local/build.sh "$tree"; then
    summary+=("$tree: BUILD FAILED (counted as 1 failed; see the compiler output above)")
    total_fail=$((total_fail + 1))
    failed=1
    return 1
  fi
  local build_s=$((SECONDS - b0))

  phase "$tree: ctest"
  junit="$dir/ctest-junit.xml"
  rm -f "$junit"
  local c0=$SECONDS
  ctest --test-dir "$dir" --output-on-failure --no-tests=error \
    --parallel "$CTEST_JOBS" --timeout "$TIMEOUT" --output-junit "$junit" || rc=$?
  local test_s=$((SECONDS - c0))

  # Count from ctest's JUnit report: <testsuite ... tests="N" failures="F" ... skipped="S">.
  local n=0 f=0 s=0 d=0
  if [[ -s "$junit" ]]; then
    local head
    head="$(tr '\n\t' '  ' <"$junit" | grep -o '<testsuite [^>]*>' | head -n1)"
    n="$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$head")"
    f="$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$head")"
    s="$(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$head")"
    d="$(sed -n 's/.* disabled="\([0-9]*\)".*/\1/p' <<<"$head")"
  fi
  n=${n:-0} f=${f:-0} s=${s:-0} d=${d:-0}
  s=$((s + d))
  local p=$((n - f - s))
  if ((rc != 0 && f == 0)); then
    # ctest failed without a failing test in the report (e.g. no tests found).
    f=1
  fi
  total_pass=$((total_pass + p))
  total_fail=$((total_fail + f))
  total_skip=$((total_skip + s))
  if ((rc != 0)); then failed=1; fi
  summary+=("$tree: $p passed, $f failed, $s skipped (build ${build_s} s, tests ${test_s} s)")
}

if run_tree release; then
  run_tree asan || true
else
  summary+=("asan: not built (the release build failed)")
fi

phase "summary"
for line in "${summary[@]}"; do echo "  $line"; done
echo "  total time: $((SECONDS - t0)) s"
if ((failed)); then
  echo "[torg test] FAILED"
else
  echo "[torg test] OK: every test passed in both trees"
fi
echo "Tests: $total_pass passed, $total_fail failed, $total_skip skipped"
exit "$failed"
