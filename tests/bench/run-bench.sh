#!/usr/bin/env bash
# The benchmark, in one run on one machine (results: tests/bench/RESULTS.md):
#   (c) torgd's durable command throughput and latency (torg_loadgen, 64 case
#       streams, every acknowledged command read back afterwards);
#   (a) the transport ceiling: a bare gRPC echo server, same payload, same
#       concurrency (torg_bench_echo);
#   (b) the storage ceiling: synced, group-committed RocksDB writes of the
#       same size (torg_bench_rocks);
#   (d) the PostgreSQL peer: event row with unique (stream, version) plus a
#       projection upsert per transaction, synchronous commit, same
#       concurrency (pgbench with pg_peer.sql, on a private socket);
# then, on a store seeded with BIG_CASES cases (torg_bench_seed: ~9 events
# each): torgd's restart until it serves, a steering period report over
# every case, a SUS export, bytes per event after compaction, a full
# projection rebuild, and torgd's peak RSS.
#
# Usage: bash tests/bench/run-bench.sh   (about 35 minutes on 2 cores the first time)
# Environment: STREAMS (64), PARTICIPANTS (loadgen, 6000), SECONDS_EACH (20),
# SWEEP (the other concurrencies (c) runs at, "8 16 32"),
# BIG_CASES (1300000: about 10 million events), BENCH_DIR (/tmp/torg-bench),
# SKIP_BIG=1 to stop after (d). The seeded store is kept in BENCH_DIR between
# runs (seeding takes about 12 minutes) and grown when BIG_CASES is larger;
# everything else starts afresh.
# Installs what it needs that is missing (Debian's postgresql, python3) and
# builds the release tree's benchmark targets. Prints the figures and writes
# them to $BENCH_DIR/results.json.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STREAMS="${STREAMS:-64}"
PARTICIPANTS="${PARTICIPANTS:-6000}"
SECONDS_EACH="${SECONDS_EACH:-20}"
BIG_CASES="${BIG_CASES:-1300000}"
BENCH_DIR="${BENCH_DIR:-/tmp/torg-bench}"
BUILD="$ROOT/build/release"
PORT=7171

say() { printf '\n[bench] %s\n' "$*" >&2; }

install_missing() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

bash "$ROOT/deploy/local/install-deps.sh"
install_missing postgresql python3 procps
bash "$ROOT/deploy/local/build.sh" release torgd torgctl torg_loadgen torg_bench_echo \
  torg_bench_rocks torg_bench_seed torg_bench_queries torg_bench_store

mkdir -p "$BENCH_DIR"
find "$BENCH_DIR" -mindepth 1 -maxdepth 1 ! -name big-data ! -name big-keys ! -name big-cases.txt \
  ! -name seed.json -exec rm -rf {} +
chmod 755 "$BENCH_DIR"
TORGD="$BUILD/services/torgd/torgd"
TORGCTL="$BUILD/clients/torgctl/torgctl"
TORGD_PID=""

# start_torgd DATA KEYS: starts torgd in the background, waits until it
# serves; prints the seconds from exec to SERVING.
start_torgd() {
  local started
  started=$(date +%s.%N)
  "$TORGD" --data-dir "$1" --keys-dir "$2" --listen "127.0.0.1:$PORT" \
    >>"$BENCH_DIR/torgd.log" 2>&1 &
  TORGD_PID=$!
  until "$TORGCTL" --server "127.0.0.1:$PORT" --timeout 1 health >/dev/null 2>&1; do
    kill -0 "$TORGD_PID" 2>/dev/null || { echo "torgd died; see $BENCH_DIR/torgd.log" >&2; exit 1; }
    sleep 0.01
  done
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" \
    "$started" "$(date +%s.%N)"
}

# Peak resident set of the running torgd, in MiB.
torgd_peak_mib() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$TORGD_PID/status"; }

stop_torgd() {
  kill -TERM "$TORGD_PID"
  wait "$TORGD_PID" || true
  TORGD_PID=""
}
trap '[ -n "$TORGD_PID" ] && kill -KILL "$TORGD_PID" 2>/dev/null; [ -n "${PG_CTL:-}" ] && run_pg "$PG_CTL" -D "$BENCH_DIR/pg" -m immediate stop >/dev/null 2>&1; true' EXIT

# ---- (c) torgd -----------------------------------------------------------
say "(c) torgd: $STREAMS case streams, $PARTICIPANTS participants"
start_torgd "$BENCH_DIR/c-data" "$BENCH_DIR/c-keys" >/dev/null
"$BUILD/clients/loadgen/torg_loadgen" --server "127.0.0.1:$PORT" \
  --token-file "$BENCH_DIR/c-keys/admin.token" --streams "$STREAMS" \
  --participants "$PARTICIPANTS" --seed 2026 --json "$BENCH_DIR/c.json" >&2
C_RSS=$(torgd_peak_mib)
stop_torgd
# The same load at lower concurrency: how latency and throughput trade.
for streams in ${SWEEP-8 16 32}; do
  say "(c) torgd at $streams case streams"
  start_torgd "$BENCH_DIR/c$streams-data" "$BENCH_DIR/c$streams-keys" >/dev/null
  "$BUILD/clients/loadgen/torg_loadgen" --server "127.0.0.1:$PORT" \
    --token-file "$BENCH_DIR/c$streams-keys/admin.token" --streams "$streams" \
    --participants "$PARTICIPANTS" --seed 2026 --no-read-back --json "$BENCH_DIR/sweep-$streams.json" \
    >&2
  stop_torgd
done
PAYLOAD=$(python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['mean_request_bytes']))" "$BENCH_DIR/c.json")

# ---- (a) gRPC echo -------------------------------------------------------
say "(a) gRPC echo: $STREAMS in flight, $PAYLOAD bytes"
"$BUILD/tests/bench/torg_bench_echo" serve --listen "127.0.0.1:$((PORT + 1))" >/dev/null &
ECHO_PID=$!
trap '[ -n "$ECHO_PID" ] && kill -KILL "$ECHO_PID" 2>/dev/null; true' ERR
sleep 0.5
"$BUILD/tests/bench/torg_bench_echo" drive --server "127.0.0.1:$((PORT + 1))" \
  --threads "$STREAMS" --payload-bytes "$PAYLOAD" --seconds "$SECONDS_EACH" >"$BENCH_DIR/a.json"
kill -TERM "$ECHO_PID"
wait "$ECHO_PID" || true

# ---- (b) RocksDB ---------------------------------------------------------
say "(b) RocksDB synced writes: $STREAMS writers, $PAYLOAD bytes"
"$BUILD/tests/bench/torg_bench_rocks" --dir "$BENCH_DIR/b-rocks" --threads "$STREAMS" \
  --value-bytes "$PAYLOAD" --seconds "$SECONDS_EACH" >"$BENCH_DIR/b.json"

# ---- (d) PostgreSQL ------------------------------------------------------
say "(d) PostgreSQL peer: $STREAMS clients, $PAYLOAD bytes, synchronous_commit=on"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
PG_CTL="$PG_BIN/pg_ctl"
run_pg() {  # PostgreSQL refuses to run as root: run it as its own user then.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
mkdir -p "$BENCH_DIR/pg" "$BENCH_DIR/pgsock" "$BENCH_DIR/pglog"
[ "$(id -u)" -ne 0 ] || chown postgres "$BENCH_DIR/pg" "$BENCH_DIR/pgsock" "$BENCH_DIR/pglog"
run_pg "$PG_BIN/initdb" -D "$BENCH_DIR/pg" -U bench --auth=trust >/dev/null
run_pg "$PG_CTL" -D "$BENCH_DIR/pg" -l "$BENCH_DIR/pglog/server.log" -w start -o \
  "-c listen_addresses='' -k $BENCH_DIR/pgsock -c max_connections=$((STREAMS + 20)) -c fsync=on -c synchronous_commit=on -c shared_buffers=256MB" \
  >/dev/null
run_pg psql -q -h "$BENCH_DIR/pgsock" -U bench -d postgres -f "$ROOT/tests/bench/pg_schema.sql"
(cd "$BENCH_DIR/pglog" && run_pg pgbench -n -h "$BENCH_DIR/pgsock" -U bench -M prepared \
  -c "$STREAMS" -j 2 -T "$SECONDS_EACH" -D payload_bytes="$PAYLOAD" \
  -f "$ROOT/tests/bench/pg_peer.sql" --log --log-prefix=peer postgres >"$BENCH_DIR/d.txt" 2>&1)
run_pg "$PG_CTL" -D "$BENCH_DIR/pg" -m fast stop >/dev/null
PG_CTL=""
cat "$BENCH_DIR"/pglog/peer.* | python3 "$ROOT/tests/bench/pgbench_summary.py" "$BENCH_DIR/d.txt" \
  >"$BENCH_DIR/d.json"

if [ "${SKIP_BIG:-0}" = 1 ]; then
  python3 "$ROOT/tests/bench/report.py" "$BENCH_DIR" | tee "$BENCH_DIR/results.txt"
  exit 0
fi

# ---- the large store -----------------------------------------------------
SEEDED=$(cat "$BENCH_DIR/big-cases.txt" 2>/dev/null || echo 0)
[ -d "$BENCH_DIR/big-data" ] || SEEDED=0
if [ "$SEEDED" -gt "$BIG_CASES" ]; then
  echo "the kept store has $SEEDED cases, more than BIG_CASES; remove $BENCH_DIR/big-data" >&2
  exit 1
elif [ "$SEEDED" -lt "$BIG_CASES" ]; then
  say "seeding cases $SEEDED to $BIG_CASES (unsynced, through the import)"
  [ "$SEEDED" -gt 0 ] || rm -rf "$BENCH_DIR/big-data" "$BENCH_DIR/big-keys"
  "$BUILD/tests/bench/torg_bench_seed" --data-dir "$BENCH_DIR/big-data" \
    --keys-dir "$BENCH_DIR/big-keys" --from "$SEEDED" --cases "$BIG_CASES" >"$BENCH_DIR/seed.json"
  echo "$BIG_CASES" >"$BENCH_DIR/big-cases.txt"
fi
cat "$BENCH_DIR/seed.json" >&2

say "restart on the large store, three times"
for i in 1 2 3; do
  start_torgd "$BENCH_DIR/big-data" "$BENCH_DIR/big-keys" >>"$BENCH_DIR/restart.txt"
  [ "$i" = 3 ] || stop_torgd
done
TODAY=$(date -u +%F)
say "period report over every case, and a SUS export"
"$BUILD/tests/bench/torg_bench_queries" --server "127.0.0.1:$PORT" \
  --token-file "$BENCH_DIR/big-keys/admin.token" --first-day 2017-01-01 --last-day "$TODAY" \
  --export-platform vuxentorget --export-first-day "${EXPORT_FIRST_DAY:-2023-01-01}" \
  --export-last-day "$TODAY" --repeat 10 >"$BENCH_DIR/queries.json"
BIG_RSS=$(torgd_peak_mib)
stop_torgd

say "bytes per event after full compaction"
"$BUILD/tests/bench/torg_bench_store" compact --dir "$BENCH_DIR/big-data" >"$BENCH_DIR/compact.json"

say "full projection rebuild"
"$BUILD/tests/bench/torg_bench_store" mark-rebuild --dir "$BENCH_DIR/big-data" >/dev/null
start_torgd "$BENCH_DIR/big-data" "$BENCH_DIR/big-keys" >"$BENCH_DIR/rebuild.txt"
REBUILD_RSS=$(torgd_peak_mib)
stop_torgd

printf '{"loadgen_torgd_mib": %s, "big_store_torgd_mib": %s, "rebuild_torgd_mib": %s}\n' \
  "$C_RSS" "$BIG_RSS" "$REBUILD_RSS" >"$BENCH_DIR/rss.json"
python3 "$ROOT/tests/bench/report.py" "$BENCH_DIR" | tee "$BENCH_DIR/results.txt"
