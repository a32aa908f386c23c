#!/usr/bin/env python3
"""End-to-end benchmark of the embedded pipeline: mock API -> ingest -> embedded log ->
processor (rules) -> SQLite, with fsync on every batch group (log fsync policy `batch`).

Two runs:
  * throughput: as fast as it goes, `sluice run --once` over N pages; records/s over the run.
  * latency:    ingest throttled to about half the measured rate: one page of the shipped size
                (500 records) per ingest run, runs started every `interval_ms` (start to start);
                p50/p99 from ingest to stored row, as `sluice run` reports them.
Peak RSS of the sluice process (VmHWM) is sampled from /proc. Prints and writes JSON.
Run from the repo root:  python3 bench/e2e/embedded_pipeline.py --sluice build/src/cli/sluice
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "e2e"))
import expectations  # noqa: E402
import harness  # noqa: E402


def peak_rss_kib(pid):
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    m = re.search(r"VmHWM:\s+(\d+) kB", text)
    return int(m.group(1)) if m else 0


def run_pipeline(sluice, tmp, api_url, overrides, seconds=None):
    """`sluice run --once` (seconds=None) or `sluice run` stopped with SIGINT after `seconds`."""
    Path(tmp).mkdir(parents=True, exist_ok=True)
    path, env = harness.pipeline_config(tmp, api_url, **overrides)
    # Start each run without the previous run's dirty pages: their writeback would otherwise
    # compete with this run's fsyncs (it tripled the throttled run's p99 in one measurement).
    os.sync()
    args = [sluice, "run", "--config", str(path), "--progress-ms", "500"]
    if seconds is None:
        args.append("--once")
    start = time.monotonic()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, peak_rss_kib(proc.pid))
        if seconds is not None and time.monotonic() - start > seconds:
            proc.send_signal(signal.SIGINT)
            seconds = None
        time.sleep(0.05)
    elapsed = time.monotonic() - start
    out = proc.stdout.read()
    if proc.returncode != 0:
        raise SystemExit(f"sluice run failed ({proc.returncode}):\n{out[-3000:]}")
    m = re.search(r"processed (\d+) records this run: (\d+) stored, (\d+) quarantined", out)
    lat = re.search(r"p50 ([\d.]+) ms, p99 ([\d.]+) ms", out)
    return {
        "records": int(m.group(1)), "stored": int(m.group(2)), "quarantined": int(m.group(3)),
        "seconds": round(elapsed, 2), "records_per_s": round(int(m.group(1)) / elapsed),
        "latency_p50_ms": float(lat.group(1)), "latency_p99_ms": float(lat.group(2)),
        "peak_rss_mib": round(peak / 1024, 1),
    }


def latency_run(sluice, tmp, api_url, full_rate, per_page=500, seconds=20):
    """Half of `full_rate`, offered as one page of the shipped size per ingest run with runs
    started every interval_ms, for `seconds`."""
    interval_ms = max(1, round(per_page * 1000 / (full_rate / 2)))
    result = run_pipeline(sluice, Path(tmp) / "l", api_url, {
        "results_per_page": per_page, "pages_per_run": 1, "policy": "batch",
        "interval_ms": interval_ms}, seconds=seconds)
    result["offered_records_per_s"] = round(per_page * 1000 / interval_ms)
    result["ingest_interval_ms"] = interval_ms
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sluice", default="build/src/cli/sluice")
    ap.add_argument("--pages", type=int, default=60, help="pages of --results records")
    ap.add_argument("--results", type=int, default=5000)
    ap.add_argument("--out", default="")
    ap.add_argument("--latency-only", type=int, default=0, metavar="RATE",
                    help="skip the throughput runs; run the latency run at half of RATE records/s")
    args = ap.parse_args()
    sluice = os.path.abspath(args.sluice)
    harness.SLUICE = sluice
    report = {"machine": f"{os.cpu_count()} cores", "date": time.strftime("%Y-%m-%d")}
    with tempfile.TemporaryDirectory() as tmp:
        with harness.MockApi(tmp, "--seed", 7, "--invalid-rate", 0.1) as api:
            if args.latency_only:
                report["latency_at_half_rate"] = latency_run(sluice, tmp, api.url,
                                                             args.latency_only)
                print(json.dumps(report, indent=2))
                return
            report["throughput"] = run_pipeline(sluice, Path(tmp) / "t", api.url, {
                "seed": "bench", "results_per_page": args.results, "pages_per_run": args.pages,
                "policy": "batch", "interval_ms": 100})
            # The same records from an NDJSON file: the pipeline without the mock's generation
            # and HTTP (the mock shares the 2 cores and is the slower part).
            ndjson = Path(tmp) / "records.ndjson"
            with ndjson.open("w") as f:
                for page in range(1, args.pages + 1):
                    for record in expectations.fetch_page(api.url, "bench", page, args.results):
                        f.write(json.dumps(record, ensure_ascii=False) + "\n")
            report["throughput_from_file"] = run_pipeline(sluice, Path(tmp) / "f", api.url, {
                "policy": "batch",
                "kind": f"file\n  file:\n    path: {ndjson}\n    batch_records: 5000"})
            report["latency_at_half_rate"] = latency_run(sluice, tmp, api.url,
                                                         report["throughput"]["records_per_s"])
    print(json.dumps(report, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
