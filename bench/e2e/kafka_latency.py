#!/usr/bin/env python3
"""End-to-end latency of the Kafka pipeline under a steady ingest (docs/benchmarks.md, "Kafka
latency"): `sluice ingest` and `sluice process` at the same time, as in production.

1. `sluice mock-api` (seed 7, invalid rate 0.1) serves randomuser.me-shaped pages.
2. `sluice process` (following the log, not --until-idle) starts on a fresh topic of
   2 partitions, with a group of its own and the null sink or Cassandra (a fresh keyspace,
   dropped afterwards; run with /usr/bin/python3 for that).
3. Once its partitions are assigned, `sluice ingest` publishes one page of --page records every
   --interval-ms (one Kafka transaction per page) for --seconds, then stops; 3 s later the
   worker is stopped with SIGTERM and prints its summary.
The latency is the worker's own figure ("latency from ingest to stored"): for each record, the
wall-clock time the sink reported its batch durable minus the record's Kafka timestamp, which
the producer sets when ingest hands the record over (after the HTTP fetch and the early checks).
So it includes waiting for the page's transaction to commit (read_committed), the fetch, the
rules and the sink's write; not the HTTP fetch, nor the offset commit after the write. p50/p99
are interpolated in the histogram's buckets (src/process/probe.cpp: 0.5 ms .. 30 s).

  /usr/bin/python3 bench/e2e/kafka_latency.py --sluice build/src/cli/sluice --sink cassandra
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cassandra_side  # noqa: E402
import kafka_process  # noqa: E402
from kafka_process import harness  # noqa: E402


def wait_for(path, text, timeout, proc):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in path.read_text():
            return
        if proc.poll() is not None:
            raise SystemExit(f"worker exited early:\n{path.read_text()[-3000:]}")
        time.sleep(0.1)
    raise SystemExit(f"no '{text}' within {timeout} s:\n{path.read_text()[-3000:]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sluice", required=True)
    ap.add_argument("--sink", choices=["null", "cassandra"], default="null")
    ap.add_argument("--page", type=int, default=500, help="records per ingest run (one page)")
    ap.add_argument("--interval-ms", type=int, default=250, help="an ingest run this often")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--brokers", default=os.environ.get("SLUICE_KAFKA_BROKERS", "127.0.0.1:9092"))
    ap.add_argument("--cassandra", default=os.environ.get("SLUICE_CASSANDRA_HOSTS",
                                                          "127.0.0.1:9042"))
    args = ap.parse_args()
    sluice = os.path.abspath(args.sluice)
    harness.SLUICE = sluice
    topic = f"bench-latency-{uuid.uuid4().hex[:10]}"
    group = f"bench-{uuid.uuid4().hex[:10]}"
    keyspace = cassandra_side.fresh_keyspace() if args.sink == "cassandra" else ""
    sink = (cassandra_side.sink_yaml(args.cassandra, keyspace) if keyspace
            else "sink:\n  kind: null\n")
    jvm = cassandra_side.jvm_pid() if keyspace else 0
    with tempfile.TemporaryDirectory() as tmp, \
            harness.MockApi(tmp, "--seed", 7, "--invalid-rate", 0.1) as api:
        config = Path(tmp) / "pipeline.yaml"
        config.write_text(kafka_process.pipeline_yaml(topic, args.brokers, group, api.url, 1, sink,
                                                      page=args.page,
                                                      interval_ms=args.interval_ms,
                                                      process=(cassandra_side.process_tuning()
                                                               if keyspace else "")))
        env = dict(os.environ, SLUICE_DATA_DIR=str(Path(tmp) / "data"))
        worker_log = Path(tmp) / "process.log"
        try:
            with open(worker_log, "w") as log:
                worker = subprocess.Popen([sluice, "process", "--config", str(config)], env=env,
                                          stdout=log, stderr=subprocess.STDOUT)
            wait_for(worker_log, "partitions assigned", 60, worker)
            jvm_cpu = cassandra_side.cpu_seconds(jvm) if jvm else 0.0
            start = time.monotonic()
            ingest = subprocess.Popen([sluice, "ingest", "--config", str(config)], env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            time.sleep(args.seconds)
            ingest.send_signal(signal.SIGTERM)
            ingest_out, _ = ingest.communicate(timeout=60)
            time.sleep(3)  # the last pages reach the sink
            worker.send_signal(signal.SIGTERM)
            _, status, usage = os.wait4(worker.pid, 0)
            wall = time.monotonic() - start
            jvm_cpu = cassandra_side.cpu_seconds(jvm) - jvm_cpu if jvm else 0.0
        finally:
            if keyspace:
                cassandra_side.drop_keyspace(keyspace, *args.cassandra.split(":"))
        out = worker_log.read_text()
        if status != 0:
            raise SystemExit(f"worker failed (status {status}):\n{out[-3000:]}")
        n = int(re.search(r"processed (\d+) records", out).group(1))
        lat = re.search(r"p50 ([\d.]+) ms, p99 ([\d.]+) ms", out)
        cpu = usage.ru_utime + usage.ru_stime
        result = {"sink": args.sink, "records": n,
                  "records_per_s": round(n / args.seconds),
                  "latency_p50_ms": float(lat.group(1)), "latency_p99_ms": float(lat.group(2)),
                  "worker_cpu_seconds": round(cpu, 2),
                  "worker_cores": round(cpu / wall, 3),
                  "worker_peak_rss_mib": round(usage.ru_maxrss / 1024, 1)}
        if jvm:
            result["cassandra_cores"] = round(jvm_cpu / wall, 3)
        print(ingest_out.strip().splitlines()[-1] if ingest_out.strip() else "(no ingest output)")
        print(result)


if __name__ == "__main__":
    main()
