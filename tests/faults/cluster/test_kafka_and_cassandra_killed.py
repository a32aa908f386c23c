"""Cluster mode through server crashes: `sluice run` on config/cluster.yaml (ingest, one
processor and the HTTP endpoints in one process) while the Kafka broker is SIGKILLed and kept
down for 30 s, then started again, and then Cassandra is SIGKILLed and started again. The
pipeline must wait, say so in its log and on /readyz, recover by itself, and end with
`created_users` and `quarantine` equal, row for row, to what the embedded mode stores for the
same pages.

This test kills and starts the shared servers (scripts/services), so it runs alone: pytest runs
these tests one after the other, after tests/services.
"""
import signal
import time
import urllib.error
import urllib.request

import clusterlib
from clusterlib import crash, service, shared_pidfile
from pipeline_harness import (Proc, cassandra_session, cluster_env, mock_api, require_sluice,
                              row_count, wait_http, wait_until)

PAGES = 120          # the mock API's last page: 60,000 records
PAGE_RECORDS = 500
KAFKA_DOWN_S = 30


def readyz(run):
    """(status code, body) of /readyz."""
    try:
        with urllib.request.urlopen(run.url("/readyz"), timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def wait_not_ready(run, component, timeout):
    """Waits until /readyz answers 503 naming `component`; returns the body."""
    seen = []

    def waiting():
        code, body = readyz(run)
        seen.append((code, body.strip()))
        return code == 503 and component in body

    wait_until(f"/readyz to say it waits for {component} (last: {seen[-1:]})", waiting, timeout,
               [run])
    return seen[-1][1]


def test_run_survives_the_broker_and_cassandra_killed(tmp_path, kafka_bootstrap,
                                                      cassandra_endpoint):
    require_sluice()
    with mock_api(tmp_path / "mock.log", extra=["--max-page", str(PAGES)]) as api_url:
        expected = clusterlib.embedded_tables(tmp_path, api_url, PAGES)
        env = cluster_env(kafka_bootstrap, cassandra_endpoint, api_url, tmp_path / "cluster")
        keyspace = env["SLUICE_KEYSPACE"]
        run = Proc("run", "run", env, tmp_path)
        cluster = session = None
        try:
            wait_http(run.url("/readyz"), timeout=60)
            cluster, session = cassandra_session()
            wait_until("the first rows", lambda: row_count(session, keyspace) > 2000, 60, [run])

            # The broker crashes and stays away for 30 s: ingest and the processor's commits
            # wait.
            clusterlib.sigkill_pidfile(shared_pidfile("kafka"))
            crash("the Kafka broker (one node), down 30 s")
            killed_at = time.time()
            kafka_wait = wait_not_ready(run, "kafka", 60)
            time.sleep(max(0.0, KAFKA_DOWN_S - (time.time() - killed_at)))
            assert run.alive(), run.log()
            service("kafka", "start")
            wait_http(run.url("/readyz"), timeout=180)

            # Cassandra crashes while records keep coming: writes wait for it.
            clusterlib.sigkill_pidfile(shared_pidfile("cassandra"))
            crash("Cassandra (one node)")
            cassandra_wait = wait_not_ready(run, "cassandra", 60)
            assert run.alive(), run.log()
            service("cassandra", "start")
            wait_http(run.url("/readyz"), timeout=180)

            cluster.shutdown()
            cluster, session = cassandra_session()
            clusterlib.wait_for_all_rows(session, keyspace, expected, 300, [run])
            status = run.status()
            assert status["cursor"] == f"page={PAGES + 1}", status
            run.proc.send_signal(signal.SIGTERM)
            assert run.proc.wait(timeout=60) == 0, run.log()

            log = run.log_path.read_text()
            assert "kafka" in kafka_wait and "cassandra" in cassandra_wait
            assert "unavailable, waiting for it to come back" in log, log[-4000:]
            assert "available again after" in log, log[-4000:]
            clusterlib.assert_same_tables(session, keyspace, expected)
        finally:
            if run.alive():
                run.proc.kill()
                run.proc.wait()
            # Whatever happened, leave the servers up for the tests after this one.
            service("kafka", "start")
            service("cassandra", "start")
            if session is None:
                cluster, session = cassandra_session()
            session.execute(f"DROP KEYSPACE IF EXISTS {keyspace}")
            cluster.shutdown()
