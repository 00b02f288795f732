#!/usr/bin/env bash
# The short form of run-bench.sh, run by ctest (CI): every benchmark program
# on a tiny scale, each checked for what it must guarantee rather than for
# speed — the load generator reads back every acknowledged command, the
# ceilings lose no call or write, the seeded store serves its report and
# export, and a marked store rebuilds its projections and serves the same
# report. The PostgreSQL peer is only in the long form.
# Usage: bench_smoke.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=${1:?usage: bench_smoke.sh BUILD_DIR WORK_DIR}
work=${2:?usage: bench_smoke.sh BUILD_DIR WORK_DIR}
rm -rf "$work"
mkdir -p "$work"
torgd="$build/services/torgd/torgd"
torgctl="$build/clients/torgctl/torgctl"
bench="$build/tests/bench"
pid=""
echo_pid=""
trap 'for p in $pid $echo_pid; do kill -KILL "$p" 2>/dev/null; done; true' EXIT

# Starts torgd on a free port (the kernel's choice: no collision with tests
# running beside this one) and sets `address` once it serves.
start_torgd() {
  local log="$work/torgd-$RANDOM.log"
  "$torgd" --data-dir "$1" --keys-dir "$2" --listen 127.0.0.1:0 >"$log" 2>&1 &
  pid=$!
  address=""
  for _ in $(seq 1 250); do
    if [ -z "$address" ]; then
      address=$(sed -n 's/.*msg="torgd serving" listen=\([^ ]*\).*/\1/p' "$log")
    fi
    [ -n "$address" ] && "$torgctl" --server "$address" --timeout 1 health >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "FAIL: torgd did not start"; cat "$log"; exit 1
}
stop_torgd() { kill -TERM "$pid"; wait "$pid" || true; pid=""; }
expect() {  # expect FILE PATTERN WHAT
  grep -q "$2" "$1" || { echo "FAIL: $3"; cat "$1"; exit 1; }
}

echo "== torg_loadgen: 8 streams, 40 participants, read back"
start_torgd "$work/data" "$work/keys"
"$build/clients/loadgen/torg_loadgen" --server "$address" \
  --token-file "$work/keys/admin.token" --streams 8 --participants 40 --seed 7 \
  --json "$work/load.json" >"$work/load.txt" 2>&1 || { cat "$work/load.txt"; exit 1; }
expect "$work/load.json" '"passed": true' "the load must pass"
expect "$work/load.txt" 'every acknowledged command is there' "every command must be read back"
stop_torgd

echo "== torg_bench_echo and torg_bench_rocks, 1 s each"
"$bench/torg_bench_echo" serve --listen 127.0.0.1:0 >"$work/echo-serve.txt" &
echo_pid=$!
echo_port=""
for _ in $(seq 1 100); do
  echo_port=$(sed -n 's/^listening on port \([0-9]*\)$/\1/p' "$work/echo-serve.txt")
  [ -n "$echo_port" ] && break
  sleep 0.1
done
[ -n "$echo_port" ] || { echo "FAIL: the echo server did not start"; exit 1; }
"$bench/torg_bench_echo" drive --server "127.0.0.1:$echo_port" --threads 8 \
  --payload-bytes 300 --seconds 1 >"$work/echo.json"
kill -TERM "$echo_pid"; wait "$echo_pid" || true
echo_pid=""
expect "$work/echo.json" '"failed": 0' "no echo call may fail"
"$bench/torg_bench_rocks" --dir "$work/rocks" --threads 8 --value-bytes 300 --seconds 1 \
  >"$work/rocks.json"
expect "$work/rocks.json" '"failed": 0' "no RocksDB write may fail"

echo "== torg_bench_seed: 300 cases, grown to 360; report, export, compaction, rebuild"
"$bench/torg_bench_seed" --data-dir "$work/big" --keys-dir "$work/big-keys" --cases 300 \
  >"$work/seed.json"
expect "$work/seed.json" '"imported": 300, "not_imported": 0' "every seeded row must import"
"$bench/torg_bench_seed" --data-dir "$work/big" --keys-dir "$work/big-keys" --from 300 \
  --cases 360 >"$work/grow.json"
expect "$work/grow.json" '"imported": 60, "not_imported": 0' "a store must grow by the new rows"
today=$(date -u +%F)
queries() {
  "$bench/torg_bench_queries" --server "$address" --token-file "$work/big-keys/admin.token" \
    --last-day "$today" --export-first-day 2017-01-01 --export-last-day "$today" --repeat 3
}
start_torgd "$work/big" "$work/big-keys"
queries >"$work/queries-before.json"
stop_torgd
active_before=$(grep -o '"period_report": {"size": [0-9]*' "$work/queries-before.json")
[ "${active_before##* }" -eq 360 ] || { echo "FAIL: the report must count 360 active"; exit 1; }
"$bench/torg_bench_store" compact --dir "$work/big" >"$work/compact.json"
expect "$work/compact.json" '"bytes_per_event"' "compaction must report bytes per event"
"$bench/torg_bench_store" mark-rebuild --dir "$work/big" >"$work/mark.json"
expect "$work/mark.json" 'flow_ledger' "the flow ledger must be marked for rebuild"
start_torgd "$work/big" "$work/big-keys"
queries >"$work/queries-after.json"
stop_torgd
active_after=$(grep -o '"period_report": {"size": [0-9]*' "$work/queries-after.json")
[ "$active_before" = "$active_after" ] || {
  echo "FAIL: the rebuilt store reports otherwise: $active_before vs $active_after"; exit 1; }
echo "bench smoke: passed"
