#!/usr/bin/env python3
"""Throughput of `sluice process` from Kafka into the null sink or Cassandra (docs/benchmarks.md,
"Kafka to process" and "Kafka to Cassandra").

1. `sluice mock-api` (seed 7, invalid rate 0.1) serves randomuser.me-shaped pages, and
   `sluice ingest --once` publishes N of its records (pages of 5,000) to a fresh topic of
   2 partitions on the Kafka at --brokers: the records, keys, transactions and cursor records
   exactly as a production ingest writes them.
2. Each run is `sluice process --until-idle` with `sink: kind: null` and a consumer group of its
   own, so every run reads the whole topic from the start. From the run (os.wait4): wall
   seconds, CPU seconds (user + system) and peak RSS of the worker; from its summary line, the
   records read and the seconds from the first record polled to the end (which leaves out the
   group's join, 3 s or more, and counts leaving the group). records/s = records / those seconds.
With --a and --b, runs alternate A, B, A, B, ... on the same topic (as ab_compare.py does) so
that the machine's drift hits both alike; medians per binary at the end.
With --sink cassandra, each run writes into a fresh keyspace on the Cassandra at
--cassandra (config/cluster.yaml's sink keys; the sink creates the keyspace, the script drops it
after the run), and the run also reports the Cassandra JVM's CPU seconds over the worker's
lifetime (/proc/PID/stat before and after), to show which of the two saturates. Run it with
/usr/bin/python3 (python3-cassandra drops the keyspace).

Run from the repo root, with Kafka up (scripts/services/kafka status):
  python3 bench/e2e/kafka_process.py --a build/src/cli/sluice --records 200000 --runs 5
  python3 bench/e2e/kafka_process.py --a OLD/sluice --b build/src/cli/sluice --runs 5
  python3 bench/e2e/kafka_process.py --a build/src/cli/sluice --records 1000000 --runs 1  # RSS
  /usr/bin/python3 bench/e2e/kafka_process.py --a build/src/cli/sluice --sink cassandra --runs 3
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "e2e"))
import harness  # noqa: E402

import cassandra_side  # noqa: E402

PAGE = 5000


def pipeline_yaml(topic, brokers, group, api_url, pages, sink="sink:\n  kind: null\n",
                  page=PAGE, interval_ms=2000, process=""):
    """config/local.yaml's schema and rules, with an http source of `pages` pages of `page`
    records (a run every interval_ms), the Kafka log on `topic` (2 partitions) and the sink
    section `sink`."""
    local = (REPO / "config" / "local.yaml").read_text()
    schema_and_rules = local[local.index("schema:"):local.index("\nlog:")]
    return f"""pipeline: bench_kafka
data_dir: ${{SLUICE_DATA_DIR:-./data}}
source:
  kind: http
  interval_ms: {interval_ms}
  http:
    url: {api_url}
    results_per_page: {page}
    pages_per_run: {pages}
    seed: bench
{schema_and_rules}
log:
  kind: kafka
  brokers: {brokers}
  topic: {topic}
  partitions: 2
{sink}process:
  group: {group}
{process}"""


def produce(sluice, tmp, brokers, records):
    """A fresh topic holding `records` mock records; returns its name."""
    topic = f"bench-process-{uuid.uuid4().hex[:10]}"
    pages = (records + PAGE - 1) // PAGE
    with harness.MockApi(tmp, "--seed", 7, "--invalid-rate", 0.1) as api:
        config = Path(tmp) / "ingest.yaml"
        config.write_text(pipeline_yaml(topic, brokers, "unused", api.url, pages))
        env = dict(os.environ, SLUICE_DATA_DIR=str(Path(tmp) / "data"))
        start = time.monotonic()
        out = subprocess.run([sluice, "ingest", "--once", "--config", str(config)], env=env,
                             capture_output=True, text=True, timeout=1800)
        if out.returncode != 0:
            raise SystemExit(f"ingest failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
        print(f"produced {pages * PAGE} records to {topic} in {time.monotonic() - start:.1f} s: "
              f"{out.stdout.strip()}", flush=True)
    return topic


def one_run(sluice, tmp, brokers, topic, records, cassandra=""):
    group = f"bench-{uuid.uuid4().hex[:10]}"
    keyspace = cassandra_side.fresh_keyspace() if cassandra else ""
    sink = cassandra_side.sink_yaml(cassandra, keyspace) if cassandra else "sink:\n  kind: null\n"
    config = Path(tmp) / f"{group}.yaml"
    tuning = cassandra_side.process_tuning() if cassandra else ""
    config.write_text(pipeline_yaml(topic, brokers, group, "http://127.0.0.1:9/api/", 1, sink,
                                    process=tuning))
    env = dict(os.environ, SLUICE_DATA_DIR=str(Path(tmp) / "data"))
    jvm = cassandra_side.jvm_pid() if cassandra else 0
    jvm_cpu = cassandra_side.cpu_seconds(jvm) if jvm else 0.0
    start = time.monotonic()
    try:
        proc = subprocess.Popen([sluice, "process", "--until-idle", "--config", str(config)],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        jvm_cpu = cassandra_side.cpu_seconds(jvm) - jvm_cpu if jvm else 0.0
    finally:
        if keyspace:
            cassandra_side.drop_keyspace(keyspace, *cassandra.split(":"))
    if status != 0:
        raise SystemExit(f"{sluice} process failed (status {status}):\n{out[-3000:]}")
    n = int(re.search(r"processed (\d+) records", out).group(1))
    if n != records:
        # Reported, not fatal: the binary before the fetcher fix ended --until-idle early.
        print(f"{sluice} processed {n} records, not {records}", flush=True)
    # Throughput over the span the records took (first read to last stored); the span to the
    # end adds --until-idle's wait to be sure it is caught up (0.2-1 s), reported beside it.
    to_end = float(re.search(r"([\d.]+) s from the first record read to the end", out).group(1))
    stored = re.search(r"([\d.]+) s from the first record read to the last stored", out)
    reading = float(stored.group(1)) if stored else to_end  # binaries before 2026-11-30 06:00
    lat = re.search(r"p50 ([\d.]+) ms, p99 ([\d.]+) ms", out)
    cpu = usage.ru_utime + usage.ru_stime
    result = {"records": n, "records_per_s": round(n / reading),
              "records_per_s_to_end": round(n / to_end),
              "read_seconds": round(reading, 2), "wall_seconds": round(wall, 2),
              "cpu_seconds": round(cpu, 2), "cpu_s_per_million": round(cpu / n * 1e6, 2),
              "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
              "backlog_latency_p50_ms": float(lat.group(1)),
              "backlog_latency_p99_ms": float(lat.group(2))}
    if jvm:
        # Cores busy over the worker's whole life (its join and exit included, for both).
        result.update({"cassandra_cpu_seconds": round(jvm_cpu, 2),
                       "cassandra_cpu_s_per_million": round(jvm_cpu / n * 1e6, 2),
                       "worker_cores": round(cpu / wall, 2),
                       "cassandra_cores": round(jvm_cpu / wall, 2)})
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", required=True, help="a sluice binary (the baseline with --b)")
    ap.add_argument("--b", default="", help="a second binary, run alternately with --a")
    ap.add_argument("--records", type=int, default=200000)
    ap.add_argument("--runs", type=int, default=3, help="runs of each binary")
    ap.add_argument("--brokers", default=os.environ.get("SLUICE_KAFKA_BROKERS", "127.0.0.1:9092"))
    ap.add_argument("--topic", default="", help="reuse a topic produced before (same --records)")
    ap.add_argument("--sink", choices=["null", "cassandra"], default="null")
    ap.add_argument("--cassandra", default=os.environ.get("SLUICE_CASSANDRA_HOSTS",
                                                          "127.0.0.1:9042"))
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    binaries = {"a": os.path.abspath(args.a)}
    if args.b:
        binaries["b"] = os.path.abspath(args.b)
    harness.SLUICE = binaries["a"]
    records = (args.records + PAGE - 1) // PAGE * PAGE
    results = {name: [] for name in binaries}
    with tempfile.TemporaryDirectory() as tmp:
        topic = args.topic or produce(binaries["a"], tmp, args.brokers, records)
        for i in range(args.runs):
            for name, sluice in binaries.items():
                r = one_run(sluice, tmp, args.brokers, topic, records,
                            args.cassandra if args.sink == "cassandra" else "")
                results[name].append(r)
                print(f"{name} run {i + 1}: {r}", flush=True)
    summary = {}
    for name in binaries:
        summary[name] = {k: statistics.median(r[k] for r in results[name])
                         for k in results[name][0]}
        print(f"{name} median: {summary[name]}  ({binaries[name]})")
    if args.out:
        Path(args.out).write_text(json.dumps({"topic": topic, "records": records,
                                              "runs": results, "median": summary}, indent=2))


if __name__ == "__main__":
    main()
