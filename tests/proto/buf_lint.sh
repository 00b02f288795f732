#!/usr/bin/env bash
# ctest proto_buf_lint: `buf lint` over proto/ with proto/buf.yaml (STANDARD + COMMENTS).
# Fails on any finding, and fails (never skips) when buf is not installed.
# Usage: buf_lint.sh <repo root>
set -euo pipefail
ROOT="$1"
BUF="$ROOT/proto/node_modules/.bin/buf"
if [[ ! -x "$BUF" ]]; then
  echo "FAIL: buf is not installed ($BUF is missing)." >&2
  echo "Install it with: bash deploy/local/install-deps.sh   (or: cd proto && npm ci)" >&2
  exit 1
fi
cd "$ROOT/proto"
echo "buf $("$BUF" --version) lint $ROOT/proto"
if "$BUF" lint --error-format=text; then
  echo "buf lint: no findings"
else
  rc=$?
  echo "FAIL: buf lint reported the findings above (exit $rc). Every message, field, enum," >&2
  echo "enum value, service and RPC needs a comment; names follow buf's STANDARD rules." >&2
  exit 1
fi
