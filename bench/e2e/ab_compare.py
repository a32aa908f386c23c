#!/usr/bin/env python3
"""A/B of two sluice binaries on the same embedded pipeline run, in alternation.

Both binaries run `sluice run --once` on the same NDJSON file of mock records (written once,
from the first binary's mock API) into a fresh data dir each time: file -> embedded log (fsync
policy batch) -> rules -> SQLite. Runs alternate A, B, A, B, ... so that drift of a shared VM
hits both alike. For each run: wall seconds, records/s, CPU seconds (user + sys of the sluice
process, from wait4's rusage: robust to other load on the machine, unlike wall time) and peak
RSS. Prints a table and the medians.

Run from the repo root:
  python3 bench/e2e/ab_compare.py --a OLD/sluice --b build/src/cli/sluice [--runs 5]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "e2e"))
import expectations  # noqa: E402
import harness  # noqa: E402


def one_run(sluice, tmp, ndjson, records):
    Path(tmp).mkdir(parents=True, exist_ok=True)
    path, env = harness.pipeline_config(tmp, "http://127.0.0.1:9/api/", policy="batch",
                                        kind=f"file\n  file:\n    path: {ndjson}\n"
                                             "    batch_records: 5000")
    os.sync()
    start = time.monotonic()
    proc = subprocess.Popen([sluice, "run", "--config", str(path), "--once"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    if status != 0:
        raise SystemExit(f"{sluice} run failed (status {status}) in {tmp}")
    return {"seconds": round(wall, 2), "records_per_s": round(records / wall),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mib": round(usage.ru_maxrss / 1024, 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", required=True, help="the baseline binary")
    ap.add_argument("--b", required=True, help="the binary under test")
    ap.add_argument("--runs", type=int, default=5, help="runs of each")
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--results", type=int, default=5000)
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    binaries = {"a": os.path.abspath(args.a), "b": os.path.abspath(args.b)}
    harness.SLUICE = binaries["a"]
    records = args.pages * args.results
    results = {"a": [], "b": []}
    with tempfile.TemporaryDirectory() as tmp:
        ndjson = Path(tmp) / "records.ndjson"
        with harness.MockApi(tmp, "--seed", 7, "--invalid-rate", 0.1) as api:
            with ndjson.open("w") as f:
                for page in range(1, args.pages + 1):
                    for record in expectations.fetch_page(api.url, "bench", page, args.results):
                        f.write(json.dumps(record, ensure_ascii=False) + "\n")
        for i in range(args.runs):
            for name in ("a", "b"):
                r = one_run(binaries[name], Path(tmp) / f"{name}{i}", ndjson, records)
                results[name].append(r)
                print(f"{name} run {i + 1}: {r}", flush=True)
    summary = {}
    for name in ("a", "b"):
        summary[name] = {k: statistics.median(r[k] for r in results[name])
                         for k in results[name][0]}
        print(f"{name} median: {summary[name]}  ({binaries[name]})")
    if args.out:
        Path(args.out).write_text(json.dumps({"runs": results, "median": summary}, indent=2))


if __name__ == "__main__":
    main()
