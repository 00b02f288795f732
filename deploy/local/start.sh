#!/usr/bin/env bash
# The main job on the embedded default: installs what is missing, builds the release
# tree (build/release) and runs torgd in the foreground on 127.0.0.1:7070 with its data
# in ./torg-data and the built-in example förbund (Umeåregionen). Ctrl-C stops it
# gracefully. Extra arguments are passed to torgd (e.g. --config FILE).
# Environment: TORG_LISTEN (default 127.0.0.1:7070), TORG_DATA_DIR (default ./torg-data,
# relative to the repository root), TORG_KEYS_DIR (default ./torg-keys: the master key and
# the lookup secret, created on first start; back them up apart from the data).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

LISTEN="${TORG_LISTEN:-127.0.0.1:7070}"
DATA_DIR="${TORG_DATA_DIR:-./torg-data}"
KEYS_DIR="${TORG_KEYS_DIR:-./torg-keys}"

bash deploy/local/install-deps.sh
bash deploy/local/build.sh release torgd torgctl

TORGD=build/release/services/torgd/torgd
TORGCTL=build/release/clients/torgctl/torgctl
[[ -x "$TORGD" ]] || { echo "[torg start] ERROR: $TORGD was not built" >&2; exit 1; }

cat <<EOF

================================================================================
 Torg is starting: torgd on $LISTEN, data in $DATA_DIR, example förbund Umeåregionen.
 From another terminal in $ROOT:

   $TORGCTL --server $LISTEN health
   $TORGCTL --server $LISTEN config show

 With grpcurl (server reflection is on; grpcurl is not packaged for Debian 12):
   grpcurl -plaintext $LISTEN list
   grpcurl -plaintext $LISTEN torg.v1.ConfigService/GetConfig

 Ctrl-C stops torgd gracefully. Data stays in $DATA_DIR for the next start.
================================================================================

EOF

exec "$TORGD" --listen "$LISTEN" --data-dir "$DATA_DIR" --keys-dir "$KEYS_DIR" "$@"
