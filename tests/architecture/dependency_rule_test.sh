#!/usr/bin/env bash
# The design's dependency rule, checked on the sources (CMake's target links
# enforce it at link time; this catches a stray include before that, since
# every Debian header is on the default include path):
#   services/casefile/  the domain: Abseil and generated event messages only
#   storage/            RocksDB, its record protos; no gRPC, no domain
#   grpc++              only services/ (not casefile) and clients/
set -euo pipefail
root=${1:?usage: dependency_rule_test.sh REPO_ROOT}
cd "$root"
failures=0

forbid() {  # forbid DIR REGEX WHY
  local dir=$1 pattern=$2 why=$3 hits
  [ -d "$dir" ] || return 0
  hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($pattern)" "$dir" \
         --include='*.h' --include='*.cc' || true)
  if [ -n "$hits" ]; then
    echo "FAIL: $why"
    echo "$hits" | sed 's/^/  /'
    failures=$((failures + 1))
  fi
}

forbid services/casefile 'rocksdb/|grpc|grpcpp/|storage/|services/(edge|config|torgd)/|.*\.grpc\.pb\.h' \
  "the domain (services/casefile) must not include RocksDB, gRPC, storage or service code"
forbid storage 'grpc|grpcpp/|services/casefile/|torg/v1/' \
  "storage must not include gRPC, the domain or the API protos: it knows keys, not cases"
forbid services/sealing 'rocksdb/|grpc|grpcpp/|storage/|services/casefile/' \
  "sealing is plain cryptography: no RocksDB, gRPC, storage or domain"
forbid services/common 'rocksdb/|grpc|grpcpp/|storage/|services/casefile/' \
  "services/common is shared by every room and may use only Abseil"
forbid services/auth 'rocksdb/|grpc|grpcpp/|storage/|services/casefile/' \
  "authentication is plain token and certificate checking: no RocksDB, gRPC, storage or domain"
forbid services/access 'rocksdb/|grpc|grpcpp/|storage/|services/(casework|edge)/' \
  "the access rules are plain C++ over facts: no RocksDB, gRPC, storage or case work"

if [ "$failures" -ne 0 ]; then
  echo "$failures dependency rule(s) broken"
  exit 1
fi
echo "dependency rule holds for services/casefile, storage, services/sealing, services/common, services/auth and services/access"
