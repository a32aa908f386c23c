"""Cluster mode through server outages: `sluice run` on config/cluster.yaml (ingest, one
processor and the HTTP endpoints in one process) while Kafka is stopped for 30 s and then
Cassandra is restarted. The pipeline must wait, say so in its log and on /readyz, recover by
itself, and end with `created_users` and `quarantine` equal, row for row, to what the embedded
mode stores for the same pages.

This test stops and starts the shared servers (scripts/services), so it runs alone: pytest
runs the service tests one after the other.
"""
import json
import signal
import subprocess
import time
import urllib.error
import urllib.request

from conftest import REPO, SERVICES, start_args
from pipeline_harness import (SLUICE, api_get, cassandra_session, cassandra_tables, cluster_env,
                              free_port, mock_api, require_sluice, row_count, sluice,
                              sqlite_tables, wait_http, wait_until)

PAGES = 120          # the mock API's last page: 60,000 records
PAGE_RECORDS = 500
KAFKA_DOWN_S = 30


class Run:
    """`sluice run` in the background, with its log in a file."""

    def __init__(self, env, tmp_path):
        self.port = free_port()
        self.name = "run"
        self.log_path = tmp_path / "run.log"
        env = dict(env, SLUICE_LISTEN=f"127.0.0.1:{self.port}")
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(
                [str(SLUICE), "run", "--config", str(REPO / "config" / "cluster.yaml")],
                stdout=log, stderr=subprocess.STDOUT, env=env)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def readyz(self):
        """(status code, body) of /readyz."""
        try:
            with urllib.request.urlopen(self.url("/readyz"), timeout=5) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def status(self):
        with api_get(self.url("/api/v1/status"), timeout=5) as r:
            return json.load(r)

    def log(self):
        return self.log_path.read_text()

    def alive(self):
        return self.proc.poll() is None


def service(name, action):
    args = start_args(name) if action == "start" else []
    subprocess.run([str(SERVICES / name), action, *args], check=True, timeout=300,
                   stdout=subprocess.DEVNULL)


def wait_not_ready(run, component, timeout):
    """Waits until /readyz answers 503 naming `component`; returns the body."""
    seen = []

    def waiting():
        code, body = run.readyz()
        seen.append((code, body.strip()))
        return code == 503 and component in body

    wait_until(f"/readyz to say it waits for {component} (last: {seen[-1:]})", waiting, timeout,
               [run])
    return seen[-1][1]


def embedded_tables(tmp_path, api_url):
    """The embedded mode's tables for the same PAGES pages, ingested in one run."""
    data = tmp_path / "embedded"
    local = (REPO / "config" / "local.yaml").read_text()
    config = tmp_path / "local.yaml"
    config.write_text(local.replace("pages_per_run: 4", f"pages_per_run: {PAGES + 1}", 1))
    env = {"SLUICE_DATA_DIR": str(data), "SLUICE_API_URL": api_url}
    out = sluice(config, env, "ingest", "--once")
    assert f"-> 'page={PAGES + 1}'" in out, out
    sluice(config, env, "process", "--until-idle")
    return sqlite_tables(data / "sluice.db")


def test_run_waits_out_a_kafka_outage_and_a_cassandra_restart(tmp_path, kafka_bootstrap,
                                                              cassandra_endpoint):
    require_sluice()
    with mock_api(tmp_path / "mock.log", extra=["--max-page", str(PAGES)]) as api_url:
        expected = embedded_tables(tmp_path, api_url)
        env = cluster_env(kafka_bootstrap, cassandra_endpoint, api_url, tmp_path / "cluster")
        keyspace = env["SLUICE_KEYSPACE"]
        run = Run(env, tmp_path)
        cluster = session = None
        try:
            wait_http(run.url("/readyz"), timeout=60)
            cluster, session = cassandra_session()
            wait_until("the first rows", lambda: row_count(session, keyspace) > 2000, 60, [run])

            # Kafka away for 30 s: ingest and the processor's commits wait.
            service("kafka", "stop")
            stopped_at = time.time()
            kafka_wait = wait_not_ready(run, "kafka", 60)
            time.sleep(max(0.0, KAFKA_DOWN_S - (time.time() - stopped_at)))
            assert run.alive(), run.log()[-4000:]
            service("kafka", "start")
            wait_http(run.url("/readyz"), timeout=180)

            # Cassandra restarted while records keep coming: writes wait for it.
            service("cassandra", "stop")
            cassandra_wait = wait_not_ready(run, "cassandra", 60)
            assert run.alive(), run.log()[-4000:]
            service("cassandra", "start")
            wait_http(run.url("/readyz"), timeout=180)

            cluster.shutdown()
            cluster, session = cassandra_session()
            total = PAGES * PAGE_RECORDS
            wait_until(f"all {total} rows", lambda: row_count(session, keyspace) == total, 300,
                       [run])
            status = run.status()
            assert status["cursor"] == f"page={PAGES + 1}", status
            run.proc.send_signal(signal.SIGTERM)
            assert run.proc.wait(timeout=60) == 0, run.log()[-4000:]

            log = run.log()
            assert "kafka" in kafka_wait and "cassandra" in cassandra_wait
            assert "unavailable, waiting for it to come back" in log, log[-4000:]
            assert "available again after" in log, log[-4000:]
            assert cassandra_tables(session, keyspace) == expected
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
