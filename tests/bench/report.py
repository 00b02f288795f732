"""Puts run-bench.sh's measurements side by side with the targets.

argv[1]: the benchmark directory (a.json ... rss.json). Prints the results
as Markdown (what RESULTS.md records) and writes results.json beside them.
"""
import json
import os
import platform
import statistics
import subprocess
import sys

BENCH = sys.argv[1]


def load(name):
    path = os.path.join(BENCH, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def seconds_list(name):
    path = os.path.join(BENCH, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [float(line) for line in f if line.strip()]


def verdict(ok):
    return "met" if ok else "MISSED"


def machine():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.split("\n")[1]
    return f"{os.cpu_count()} cores, {cpu}, {memory.split()[1]} GiB RAM, {platform.platform()}"


def main():
    a, b, c, d = load("a.json"), load("b.json"), load("c.json"), load("d.json")
    out = {"machine": machine(), "a_echo": a, "b_rocksdb": b, "c_torgd": c, "d_postgresql": d}
    lines = [f"Machine: {out['machine']}", ""]
    lines.append("| | what | per second | p50 ms | p99 ms | p99.9 ms |")
    lines.append("|---|---|---:|---:|---:|---:|")
    lines.append(f"| a | gRPC echo, {a['threads']} in flight, {a['payload_bytes']} B | "
                 f"{a['calls_per_second']:.0f} | {a['p50_ms']:.2f} | {a['p99_ms']:.2f} | {a['p999_ms']:.2f} |")
    lines.append(f"| b | RocksDB synced Put, {b['threads']} writers, {b.get('payload_bytes', b.get('value_bytes'))} B | "
                 f"{b['writes_per_second']:.0f} | {b['p50_ms']:.2f} | {b['p99_ms']:.2f} | {b['p999_ms']:.2f} |")
    cl = c["latency"]
    lines.append(f"| c | torgd durable commands, {c['streams']} streams | "
                 f"{c['commands_per_second']:.0f} | {cl['p50_ms']:.2f} | {cl['p99_ms']:.2f} | {cl['p999_ms']:.2f} |")
    lines.append(f"| d | PostgreSQL peer, {a['threads']} clients | "
                 f"{d['transactions_per_second']:.0f} | {d['p50_ms']:.2f} | {d['p99_ms']:.2f} | {d['p999_ms']:.2f} |")
    c_over_a = c["commands_per_second"] / a["calls_per_second"]
    c_over_b = c["commands_per_second"] / b["writes_per_second"]
    c_over_d = c["commands_per_second"] / d["transactions_per_second"]
    out["ratios"] = {"c_over_a": c_over_a, "c_over_b": c_over_b, "c_over_d": c_over_d}
    lines += ["",
              f"c/a = {c_over_a:.3f} (target >= 0.4: {verdict(c_over_a >= 0.4)}); "
              f"c/b = {c_over_b:.3f}; c/d = {c_over_d:.2f} (target >= 3: {verdict(c_over_d >= 3)}); "
              f"p99 = {cl['p99_ms']:.2f} ms at {c['streams']} in flight "
              f"(target <= 10: {verdict(cl['p99_ms'] <= 10)})",
              f"torgd load: {c['commands']} commands, {c['failed']} failed; read back "
              f"{c['read_back']['cases']} cases, {c['read_back']['steps']} steps, "
              f"{c['read_back']['participants']} participants: {c['read_back']['problems']} problems"]
    sweep = sorted((load(name) for name in os.listdir(BENCH) if name.startswith("sweep-")),
                   key=lambda run: run["streams"])
    if sweep:
        out["sweep"] = sweep
        lines += ["", "| case streams (in flight) | commands/s | p50 ms | p99 ms | p99.9 ms |",
                  "|---:|---:|---:|---:|---:|"]
        for run in sweep + [c]:
            lat = run["latency"]
            lines.append(f"| {run['streams']} | {run['commands_per_second']:.0f} | "
                         f"{lat['p50_ms']:.2f} | {lat['p99_ms']:.2f} | {lat['p999_ms']:.2f} |")
    seed = load("seed.json")
    # SKIP_BIG leaves the kept store's seed.json but measures nothing on it.
    if seed and load("compact.json") and load("queries.json"):
        restarts = seconds_list("restart.txt")
        rebuild = seconds_list("rebuild.txt")
        queries = load("queries.json")
        compact = load("compact.json")
        rss = load("rss.json")
        restart = statistics.median(restarts)
        rebuild_seconds = rebuild[0] - restart
        rate = compact["events"] / rebuild_seconds
        report = queries["period_report"]
        export = queries["sus_export"]
        out.update({"seed": seed, "restart_seconds": restarts, "rebuild_seconds": rebuild_seconds,
                    "rebuild_events_per_second": rate, "queries": queries, "compact": compact,
                    "rss_mib": rss})
        lines += ["",
                  f"Large store: {seed['cases']} cases, {compact['events']} events "
                  f"(the last seeding run: cases {seed['from']} to {seed['cases']} in "
                  f"{seed['seconds']:.0f} s, {seed['events_per_second']:.0f} events/s)",
                  "",
                  "| measure | figure | target | |",
                  "|---|---:|---:|---|",
                  f"| restart until SERVING (median of {len(restarts)}) | {restart:.2f} s | <= 2 s | {verdict(restart <= 2)} |",
                  f"| period report, whole förbund, {report['size']} active (median; first) | "
                  f"{report['median_ms']:.1f} ms; {report['first_ms']:.1f} ms | <= 50 ms | {verdict(report['median_ms'] <= 50)} |",
                  f"| SUS export, {export['size']} rows (median; first) | "
                  f"{export['median_ms'] / 1000:.2f} s; {export['first_ms'] / 1000:.2f} s | <= 2 s | {verdict(export['median_ms'] <= 2000)} |",
                  f"| full projection rebuild | {rate:.0f} events/s ({rebuild_seconds:.1f} s) | >= 500 000/s | {verdict(rate >= 500000)} |",
                  f"| bytes per event after compaction | {compact['bytes_per_event']:.1f} | <= 150 | {verdict(compact['bytes_per_event'] <= 150)} |",
                  f"| torgd peak RSS: load / large store / rebuild | {rss['loadgen_torgd_mib']} / {rss['big_store_torgd_mib']} / {rss['rebuild_torgd_mib']} MiB | bounded | |",
                  "",
                  "Bytes on disk by column family: " +
                  ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in compact["families"].items())]
    with open(os.path.join(BENCH, "results.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2)
    print("\n".join(lines))


main()
