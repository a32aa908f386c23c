"""Cluster mode end to end, with config/cluster.yaml as shipped: mock API -> Kafka (3
partitions) -> two `sluice process` workers in one consumer group -> Cassandra.

`created_users` and `quarantine` must equal, row for row, what the embedded mode stores for the
same pages, and the dead-letter topic holds each quarantined record with its reasons. Then,
while more pages are ingested, one worker is killed with SIGKILL; the other
takes its partitions over, and the tables are still exact: nothing lost, nothing doubled. A
replay of the whole topic then changes nothing.
Cassandra is read with python3-cassandra, a client that is not sluice's.
"""
import json
import re
import threading
import urllib.request

from conftest import REPO
from pipeline_harness import (Proc, api_get, cassandra_session, cassandra_tables, cluster_env,
                              dead_letters, mock_api, require_sluice, row_count, sluice,
                              sqlite_tables, wait_http, wait_until)

PAGE_RECORDS = 500 * 4  # one `ingest --once`: pages_per_run pages of results_per_page
RUNS_FIRST = 2          # ingest runs before the kill phase
RUNS_TOTAL = 6


def embedded_tables(tmp_path, api_url, runs):
    """The embedded mode's tables after `runs` ingest runs, keyed by run count."""
    data = tmp_path / "embedded"
    env = {"SLUICE_DATA_DIR": str(data), "SLUICE_API_URL": api_url}
    config = REPO / "config" / "local.yaml"
    out = {}
    for run in range(1, max(runs) + 1):
        sluice(config, env, "ingest", "--once")
        if run in runs:
            sluice(config, env, "process", "--until-idle")
            out[run] = sqlite_tables(data / "sluice.db")
    return out


def test_two_workers_store_what_the_embedded_mode_stores_and_survive_a_sigkill(
        tmp_path, kafka_bootstrap, cassandra_endpoint):
    require_sluice()
    with mock_api(tmp_path / "mock.log") as api_url:
        expected = embedded_tables(tmp_path, api_url, {RUNS_FIRST, RUNS_TOTAL})

        env = cluster_env(kafka_bootstrap, cassandra_endpoint, api_url, tmp_path / "cluster")
        keyspace = env["SLUICE_KEYSPACE"]
        dead_topic = env["SLUICE_DEAD_LETTER_TOPIC"] = env["SLUICE_TOPIC"] + "-dead"
        config = REPO / "config" / "cluster.yaml"
        out = sluice(config, env, "check")
        assert "kafka" in out and "cassandra" in out and dead_topic in out, out

        cluster, session = cassandra_session()
        workers = [Proc("a", "process", env, tmp_path), Proc("b", "process", env, tmp_path)]
        try:
            for w in workers:
                wait_http(w.url("/readyz"), timeout=60)
            # Both hold partitions, none twice, before anything is published.
            def group_formed():
                held = [set(w.status()["partitions"]) for w in workers]
                return all(held) and held[0].isdisjoint(held[1]) and held[0] | held[1] == {0, 1, 2}
            wait_until("the group to spread 3 partitions over both workers", group_formed, 60,
                       workers)

            for _ in range(RUNS_FIRST):
                sluice(config, env, "ingest", "--once")
            first = RUNS_FIRST * PAGE_RECORDS
            wait_until(f"{first} rows", lambda: row_count(session, keyspace) == first, 120, workers)
            assert cassandra_tables(session, keyspace) == expected[RUNS_FIRST]
            # Rows are visible as their writes land; a worker counts its group a moment later,
            # once every write of it is acknowledged.
            wait_until(f"the workers to count {first} records",
                       lambda: sum(w.status()["processed"] for w in workers) == first, 30,
                       workers)
            processed = [w.status()["processed"] for w in workers]
            assert all(processed), processed
            # Each worker's /metrics counts its Cassandra writes (one per row it stored).
            for w in workers:
                with urllib.request.urlopen(w.url("/metrics"), timeout=5) as r:
                    metrics = r.read().decode()
                writes = re.search(r'^sluice_sink_writes_total\{[^}]*sink="cassandra"[^}]*\} (\S+)$',
                                   metrics, re.M)
                assert writes and float(writes.group(1)) > 0, metrics[-3000:]
                # The same writes per Cassandra node, with how long they took.
                by_host = re.search(r'^sluice_sink_request_duration_seconds_count\{[^}]*'
                                    r'host="127\.0\.0\.1:9042"[^}]*\} (\S+)$', metrics, re.M)
                assert by_host and float(by_host.group(1)) >= float(writes.group(1)), \
                    metrics[-3000:]
                # The dashboard's quarantine list: what this worker quarantined, with reasons.
                with api_get(w.url("/api/v1/quarantine?limit=5"), timeout=5) as r:
                    recent = json.loads(r.read().decode())["rows"]
                assert recent and all(row["reasons"] and row["raw"] for row in recent), recent

            # More pages while one worker is killed part-way through them.
            ingest = threading.Thread(target=lambda: [
                sluice(config, env, "ingest", "--once") for _ in range(RUNS_TOTAL - RUNS_FIRST)])
            ingest.start()
            wait_until("the kill point", lambda: row_count(session, keyspace) > first + 1000,
                       120, workers)
            workers[0].sigkill()
            total = RUNS_TOTAL * PAGE_RECORDS
            at_kill = row_count(session, keyspace)
            assert at_kill < total, "the kill came after the work: nothing was left to take over"
            ingest.join(timeout=300)
            assert not ingest.is_alive()
            wait_until(f"{total} rows after the kill",
                       lambda: row_count(session, keyspace) == total, 180, workers[1:])
            assert set(workers[1].status()["partitions"]) == {0, 1, 2}
            print(f"killed worker a at {at_kill} of {total} rows; b took over")
            assert cassandra_tables(session, keyspace) == expected[RUNS_TOTAL]
            # The dead letters: one record each (copies, from groups the kill replayed,
            # collapse), the same verdicts as the quarantine table.
            quarantined = expected[RUNS_TOTAL][1]
            wait_until(f"{len(quarantined)} dead letters",
                       lambda: len(dead_letters(kafka_bootstrap, dead_topic)) == len(quarantined),
                       60, workers[1:])
            assert sorted(dead_letters(kafka_bootstrap, dead_topic).values()) == quarantined

            # A replay of the whole topic by the same group, under the same rules, leaves the
            # tables as they are: every record finds its own row (the unique rule compares
            # log positions) and reconciles nothing.
            assert workers[1].stop() == 0, workers[1].log()
            assert "processed" in workers[1].log()  # its summary: it drained and committed
            replayed = sluice(config, env, "replay", "--from-offset", "0")
            assert f"processed {total} records" in replayed, replayed
            assert row_count(session, keyspace) == total
            assert cassandra_tables(session, keyspace) == expected[RUNS_TOTAL]
        finally:
            for w in workers:
                w.stop()
            session.execute(f"DROP KEYSPACE IF EXISTS {keyspace}")
            cluster.shutdown()
