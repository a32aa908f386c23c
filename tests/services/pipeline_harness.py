"""What the pipeline tests of tests/services share: the built `sluice` binary, a free port,
running a subcommand, and the embedded result (SQLite tables) to compare a run against.

The binary comes from the build tree: $SLUICE_BUILD_DIR (default build/) /src/cli/sluice.
"""
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
import uuid
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from cassandra.cluster import Cluster

from conftest import BUILD_DIR, REPO, cassandra_auth_provider, cassandra_credentials

SLUICE = BUILD_DIR / "src" / "cli" / "sluice"
# The /api/ bearer token of every sluice these tests start (cluster_env's SLUICE_API_TOKEN).
API_TOKEN = "services-" + secrets.token_hex(16)


def api_get(url, timeout=5):
    """GET with the API token: the answer (raise for a status other than 2xx)."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {API_TOKEN}"})
    return urllib.request.urlopen(request, timeout=timeout)
FIELDS = ("username, email, first_name, last_name, gender, address, post_code, dob, "
          "registered_date, phone, picture")


def require_sluice():
    if not SLUICE.exists():
        pytest.fail(f"{SLUICE} is not built: make build")


def free_port():
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=30, status=200):
    """Waits until GET url answers `status`; returns the body."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == status:
                    return r.read().decode()
                last = r.status
        except urllib.error.HTTPError as e:
            last = f"{e.code} {e.read().decode()[:200]}"
            if e.code == status:
                return last
        except OSError as e:
            last = e
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer {status} in {timeout}s (last: {last})")


@contextmanager
def mock_api(log_path, seed=42, invalid_rate=0.1, extra=()):
    """`sluice mock-api` on a free port (with `extra` options); yields its URL."""
    port = free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen([str(SLUICE), "mock-api", "--port", str(port), "--seed", str(seed),
                                 "--invalid-rate", str(invalid_rate), "--quiet", *extra],
                                stdout=log,
                                stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api/"
    try:
        # The debug endpoint answers even when /api/ is made to fail (--error-rate, --down).
        wait_http(f"http://127.0.0.1:{port}/debug/expectations?results=1&page=1&seed=probe",
                  timeout=15)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def sluice(config, env, *args, timeout=300):
    """Runs `sluice ARGS --config CONFIG` to completion; fails the test on a non-zero exit."""
    run = subprocess.run([str(SLUICE), *args, "--config", str(config)], capture_output=True,
                         text=True, timeout=timeout, env=dict(os.environ, **env))
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    return run.stdout + run.stderr


def quarantine_verdicts(rows):
    """(raw, rule ids) pairs, sorted. By rule only: a username_unique message names the log
    position of the holder, which differs between logs (another partitioner, other offsets)."""
    return sorted((raw, tuple(r["rule"] for r in json.loads(reasons))) for raw, reasons in rows)


def sqlite_tables(db):
    """(created_users rows sorted by username, quarantine verdicts) of an embedded run."""
    with closing(sqlite3.connect(db)) as c:
        users = c.execute(f"SELECT {FIELDS} FROM created_users ORDER BY username").fetchall()
        quarantine = quarantine_verdicts(c.execute("SELECT raw, reasons FROM quarantine"))
    return users, quarantine


def cluster_env(kafka_bootstrap, cassandra_endpoint, api_url, data_dir, partitions=3):
    """The environment config/cluster.yaml reads, for a fresh topic and keyspace (returned in
    SLUICE_TOPIC and SLUICE_KEYSPACE), with the credentials of an --auth Cassandra."""
    host, port = cassandra_endpoint
    env = dict(os.environ, SLUICE_KAFKA_BROKERS=kafka_bootstrap,
               SLUICE_CASSANDRA_HOSTS=f"{host}:{port}",
               SLUICE_TOPIC=f"cluster-{uuid.uuid4().hex[:10]}",
               SLUICE_KEYSPACE=f"cluster_{uuid.uuid4().hex[:10]}",
               SLUICE_PARTITIONS=str(partitions), SLUICE_API_URL=api_url,
               SLUICE_DATA_DIR=str(data_dir), SLUICE_API_TOKEN=API_TOKEN)
    credentials = cassandra_credentials()
    if credentials:
        env["SLUICE_CASSANDRA_USER"], password_file = credentials
        env["SLUICE_CASSANDRA_PASSWORD_FILE"] = str(password_file)
    return env


def cassandra_session():
    """python3-cassandra's (cluster, session) on the test server. Requests wait up to 60 s (the
    driver's default is 10): the tests count and read whole tables, and a count over 60,000 rows
    while a worker writes them, on two cores, ran past 10 s."""
    cluster = Cluster(["127.0.0.1"], port=9042, connect_timeout=15,
                      auth_provider=cassandra_auth_provider())
    session = cluster.connect()
    session.default_timeout = 60
    return cluster, session


def cassandra_tables(session, keyspace):
    """The same shape as sqlite_tables(), read from Cassandra."""
    users = sorted((tuple(r) for r in session.execute(
        f"SELECT {FIELDS} FROM {keyspace}.created_users")), key=lambda r: r[0])
    quarantine = quarantine_verdicts(
        (r.raw, r.reasons) for r in session.execute(f"SELECT raw, reasons FROM {keyspace}.quarantine"))
    return users, quarantine


def dead_letters(bootstrap, topic):
    """Every message of a dead-letter topic, read with kcat (not sluice), as
    {(source partition, source offset): (raw, rule ids)}: copies of one record (at least once:
    a replayed group sends its dead letters again) collapse, and must agree."""
    out = subprocess.run(["kcat", "-C", "-b", bootstrap, "-t", topic, "-e", "-J", "-q"],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    letters = {}
    for line in out.splitlines():
        m = json.loads(line)
        h = m["headers"]
        headers = dict(zip(h[0::2], h[1::2]))
        at = (int(headers["sluice.source.partition"]), int(headers["sluice.source.offset"]))
        verdict = quarantine_verdicts([(m["payload"], headers["sluice.reasons"])])[0]
        assert letters.setdefault(at, verdict) == verdict, f"two verdicts for {at}"
    return letters


def row_count(session, keyspace):
    users = session.execute(f"SELECT count(*) FROM {keyspace}.created_users").one()[0]
    quarantined = session.execute(f"SELECT count(*) FROM {keyspace}.quarantine").one()[0]
    return users + quarantined


def wait_until(what, predicate, timeout, workers):
    """Polls `predicate` until true; fails naming `what` (with the workers' logs) on timeout or
    when a worker exits. A worker has .alive(), .name and .log()."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        for w in workers:
            assert w.alive(), f"worker {w.name} exited:\n{w.log()}"
        time.sleep(0.5)
    logs = "\n".join(f"--- {w.name}\n{w.log()}" for w in workers)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{logs}")


class Proc:
    """One sluice subcommand on config/cluster.yaml (`process`, `ingest`, `run`) in the
    background, serving HTTP on a port of its own, its output in a file. Restartable: start()
    again after a kill appends to the same file."""

    def __init__(self, name, subcommand, env, tmp_path):
        self.name, self.subcommand, self.env = name, subcommand, env
        self.log_path = Path(tmp_path) / f"{name}.log"
        self.port = free_port()
        self.proc = None
        self.kills = 0
        self.start()

    def start(self):
        with open(self.log_path, "a") as log:
            log.write(f"--- start ({self.kills} kills so far)\n")
            log.flush()
            # `sluice run` takes its address from serve.listen (SLUICE_LISTEN in the shipped
            # configs); the cluster roles take --listen.
            listen = f"127.0.0.1:{self.port}"
            args, env = [], dict(self.env, SLUICE_LISTEN=listen)
            if self.subcommand != "run":
                args = ["--listen", listen]
            self.proc = subprocess.Popen(
                [str(SLUICE), self.subcommand, "--config", str(REPO / "config" / "cluster.yaml"),
                 *args],
                stdout=log, stderr=subprocess.STDOUT, env=env)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_ready(self, timeout=60):
        wait_http(self.url("/readyz"), timeout=timeout)

    def status(self):
        with api_get(self.url("/api/v1/status"), timeout=5) as r:
            return json.load(r)

    def log(self):
        return self.log_path.read_text(errors="replace")[-4000:]

    def alive(self):
        return self.proc.poll() is None

    def sigkill(self):
        """SIGKILL, as a crash: nothing of its shutdown runs."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.kills += 1

    def stop(self, timeout=60):
        """SIGTERM; the exit code (None when it had to be killed)."""
        if not self.alive():
            return self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
