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
port=$((20000 + RANDOM % 20000))
pid=""
trap '[ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null; true' EXIT

start_torgd() {
  "$torgd" --data-dir "$1" --keys-dir "$2" --listen "127.0.0.1:$port" >>"$work/torgd.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    "$torgctl" --server "127.0.0.1:$port" --timeout 1 health >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "FAIL: torgd did not start"; cat "$work/torgd.log"; exit 1
}
stop_torgd() { kill -TERM "$pid"; wait "$pid" || true; pid=""; }
expect() {  # expect FILE PATTERN WHAT
  grep -q "$2" "$1" || { echo "FAIL: $3"; cat "$1"; exit 1; }
}

echo "== torg_loadgen: 8 streams, 40 participants, read back"
start_torgd "$work/data" "$work/keys"
"$build/clients/loadgen/torg_loadgen" --server "127.0.0.1:$port" \
  --token-file "$work/keys/admin.token" --streams 8 --participants 40 --seed 7 \
  --json "$work/load.json" >"$work/load.txt" 2>&1 || { cat "$work/load.txt"; exit 1; }
expect "$work/load.json" '"passed": true' "the load must pass"
expect "$work/load.txt" 'every acknowledged command is there' "every command must be read back"
stop_torgd

echo "== torg_bench_echo and torg_bench_rocks, 1 s each"
"$bench/torg_bench_echo" serve --listen "127.0.0.1:$((port + 1))" >/dev/null &
echo_pid=$!
sleep 0.5
"$bench/torg_bench_echo" drive --server "127.0.0.1:$((port + 1))" --threads 8 \
  --payload-bytes 300 --seconds 1 >"$work/echo.json"
kill -TERM "$echo_pid"; wait "$echo_pid" || true
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
  "$bench/torg_bench_queries" --server "127.0.0.1:$port" --token-file "$work/big-keys/admin.token" \
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
