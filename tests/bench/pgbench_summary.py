"""Summarises the PostgreSQL peer's pgbench run for run-bench.sh.

stdin: pgbench's per-transaction log (--log): "client transaction latency_us
script epoch epoch_us ...". argv[1]: pgbench's printed summary (for tps).
Prints one JSON object like the other benchmark programs'.
"""
import json
import math
import re
import sys


def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values) - 1e-9))
    return sorted_values[min(rank, len(sorted_values)) - 1] / 1000.0


def main():
    latencies = []
    failed = 0
    for line in sys.stdin:
        fields = line.split()
        if len(fields) < 3:
            continue
        if fields[2] in ("failed", "skipped"):
            failed += 1
            continue
        latencies.append(int(fields[2]))
    latencies.sort()
    summary = open(sys.argv[1], encoding="utf-8").read()
    tps = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", summary)
    print(json.dumps({
        "transactions": len(latencies),
        "failed": failed,
        "transactions_per_second": float(tps.group(1)) if tps else 0.0,
        "p50_ms": percentile(latencies, 50),
        "p99_ms": percentile(latencies, 99),
        "p999_ms": percentile(latencies, 99.9),
        "max_ms": latencies[-1] / 1000.0 if latencies else 0.0,
    }))


main()
