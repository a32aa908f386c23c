"""Cluster mode on a three-node Kafka (its own instance of scripts/services/kafka: --nodes 3 on
ports 19092-19094, topics with replication 3 and min.insync.replicas=2) into the shared
Cassandra: continuous `sluice ingest`, two `sluice process` workers in one group. While pages
flow, the workers are SIGKILLed at random moments and started again, the ingest is SIGKILLed
once, and the Kafka node leading partition 0 is SIGKILLed and left down. The tables must equal
the embedded mode's for the same pages, row for row: nothing lost, nothing doubled. The
moments come from a seeded RNG (printed; SLUICE_FAULTS_SEED repeats them)."""

import json
import os
import random
import shutil
import subprocess

import pytest

import clusterlib
import faultlib
from clusterlib import crash
from conftest import SERVICES, SERVICES_HOME
from pipeline_harness import (Proc, cassandra_session, cluster_env, mock_api, require_sluice,
                              row_count, wait_until)

PAGES = 60          # the mock API's last page: 30,000 records
PAGE_RECORDS = 500
WORKER_KILLS = 4
KAFKA_PORT = 19092  # nodes on 19092-19094, controllers on 20092-20094
NODES = 3


class ThreeNodeKafka:
    """A private three-node Kafka: its own SLUICE_SERVICES_HOME (the shared one's download
    cache), started afresh and stopped at the end."""

    def __init__(self, home):
        self.home = home
        self.env = dict(os.environ, SLUICE_SERVICES_HOME=str(home), KAFKA_PORT=str(KAFKA_PORT),
                        SLUICE_SERVICES_CACHE=str(SERVICES_HOME / "cache"))
        self.bootstrap = ",".join(f"127.0.0.1:{KAFKA_PORT + i}" for i in range(NODES))

    def run(self, *args, timeout=300):
        return subprocess.run([str(SERVICES / "kafka"), *args], env=self.env, timeout=timeout,
                              capture_output=True, text=True)

    def describe(self, topic):
        out = self.run("topics", "--describe", "--topic", topic, timeout=120)
        assert out.returncode == 0, out.stdout + out.stderr
        return out.stdout

    def leader(self, topic, partition):
        """The node id (1..3) leading `partition` of `topic`, from kcat's metadata."""
        meta = subprocess.run(["kcat", "-L", "-b", self.bootstrap, "-t", topic, "-J"],
                              capture_output=True, text=True, timeout=60, check=True).stdout
        for t in json.loads(meta)["topics"]:
            for p in t["partitions"]:
                if p["partition"] == partition:
                    return p["leader"]
        raise AssertionError(f"no partition {partition} in {meta}")

    def pidfile(self, node_id):
        return self.home / "kafka" / f"node-{node_id - 1}" / "kafka.pid"


@pytest.fixture(scope="module")
def three_node_kafka():
    home = SERVICES_HOME.parent / (SERVICES_HOME.name + "-faults")
    kafka = ThreeNodeKafka(home)
    kafka.run("stop")
    shutil.rmtree(home / "kafka", ignore_errors=True)
    started = kafka.run("start", "--nodes", str(NODES), timeout=600)
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        yield kafka
    finally:
        stopped = kafka.run("stop")
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr


def test_a_node_and_workers_killed_lose_and_double_nothing(tmp_path, three_node_kafka,
                                                           cassandra_endpoint):
    require_sluice()
    kafka = three_node_kafka
    rng = random.Random(faultlib.seed_from_env(3))
    total = PAGES * PAGE_RECORDS
    # Row counts at which something is killed: the node once, the ingest once, a worker
    # WORKER_KILLS times.
    moments = sorted((rng.uniform(0.05, 0.85) * total, "worker") for _ in range(WORKER_KILLS))
    moments += [(rng.uniform(0.2, 0.5) * total, "kafka node"),
                (rng.uniform(0.3, 0.7) * total, "ingest")]
    moments.sort()
    with mock_api(tmp_path / "mock.log", extra=["--max-page", str(PAGES)]) as api_url:
        expected = clusterlib.embedded_tables(tmp_path, api_url, PAGES)
        env = cluster_env(kafka.bootstrap, cassandra_endpoint, api_url, tmp_path / "cluster")
        env["SLUICE_KAFKA_REPLICATION"] = "3"
        keyspace, topic = env["SLUICE_KEYSPACE"], env["SLUICE_TOPIC"]
        cluster, session = cassandra_session()
        procs = []
        try:
            workers = [Proc("worker-a", "process", env, tmp_path),
                       Proc("worker-b", "process", env, tmp_path)]
            procs += workers
            for w in workers:
                w.wait_ready()
            ingest = Proc("ingest", "ingest", env, tmp_path)
            procs.append(ingest)

            wait_until("the first rows", lambda: row_count(session, keyspace) > 0, 120, procs)
            described = kafka.describe(topic)
            assert "ReplicationFactor: 3" in described, described
            assert "min.insync.replicas=2" in described, described

            for at, what in moments:
                wait_until(f"{int(at)} rows (to kill the {what})",
                           lambda: row_count(session, keyspace) >= at, 240, procs)
                if what == "kafka node":
                    node = kafka.leader(topic, 0)
                    clusterlib.sigkill_pidfile(kafka.pidfile(node))
                    print(f"killed Kafka node {node} (leader of partition 0) at "
                          f"{row_count(session, keyspace)} rows")
                    crash("a Kafka node of three (left down)")
                    continue
                victim = ingest if what == "ingest" else rng.choice(workers)
                victim.sigkill()
                print(f"killed {victim.name} at {row_count(session, keyspace)} rows")
                crash("sluice ingest SIGKILL" if what == "ingest" else "sluice process SIGKILL")
                victim.start()
            assert row_count(session, keyspace) < total, "the kills came after the work"

            clusterlib.wait_for_all_rows(session, keyspace, expected, 300, procs)
            wait_until("the ingest cursor past the last page",
                       lambda: ingest.status().get("cursor") == f"page={PAGES + 1}", 120, procs)
            # Two of three nodes still form the ISR that min.insync.replicas=2 asks for.
            assert "Isr:" in kafka.describe(topic)
            for p in procs:
                assert p.stop() == 0, p.log()
            assert row_count(session, keyspace) == total
            clusterlib.assert_same_tables(session, keyspace, expected)
        finally:
            for p in procs:
                p.stop()
            session.execute(f"DROP KEYSPACE IF EXISTS {keyspace}")
            cluster.shutdown()
