"""What the cluster-mode fault scenarios share, beside tests/services/pipeline_harness.py (whose
Proc is a sluice process to kill and start again): the servers' processes to kill (SIGKILL, as a
crash or an OOM killer would), the embedded mode's tables for the same pages (the fault-free
result), and the comparison that feeds the fault suite's tally (tests/faults/faultlib.py)."""

import os
import signal
import subprocess
import time
from pathlib import Path

import faultlib
from conftest import REPO, SERVICES, SERVICES_HOME, start_args
from pipeline_harness import cassandra_tables, row_count, sluice, sqlite_tables, wait_until


def sigkill_pidfile(pidfile, timeout=30):
    """SIGKILLs the server process whose pid `pidfile` holds (scripts/services writes one per
    server) and waits until it is gone."""
    pid = int(Path(pidfile).read_text().strip())
    os.kill(pid, signal.SIGKILL)
    deadline = time.time() + timeout
    while Path(f"/proc/{pid}").exists():
        # A child of another process: gone once /proc/<pid> is (or only a zombie is left).
        try:
            if Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z"):
                break
        except (OSError, IndexError):
            break
        assert time.time() < deadline, f"pid {pid} ({pidfile}) outlived SIGKILL by {timeout}s"
        time.sleep(0.1)
    return pid


def service(name, action, env=None):
    """scripts/services/<name> start|stop, starting it as it ran (Kafka keeps --secure)."""
    args = start_args(name) if action == "start" else []
    subprocess.run([str(SERVICES / name), action, *args], check=True, timeout=300,
                   stdout=subprocess.DEVNULL, env=env)


def shared_pidfile(name):
    """The pid file of the shared server `name` (one-node Kafka or Cassandra)."""
    if name == "kafka":
        return SERVICES_HOME / "kafka" / "node-0" / "kafka.pid"
    return SERVICES_HOME / name / f"{name}.pid"


def embedded_tables(tmp_path, api_url, pages):
    """The embedded mode's tables for the mock API's first `pages` pages, ingested in one run:
    the fault-free result every scenario is compared with."""
    data = Path(tmp_path) / "embedded"
    local = (REPO / "config" / "local.yaml").read_text()
    config = Path(tmp_path) / "local.yaml"
    config.write_text(local.replace("pages_per_run: 4", f"pages_per_run: {pages + 1}", 1))
    env = {"SLUICE_DATA_DIR": str(data), "SLUICE_API_URL": api_url}
    out = sluice(config, env, "ingest", "--once")
    assert f"-> 'page={pages + 1}'" in out, out
    sluice(config, env, "process", "--until-idle")
    return sqlite_tables(data / "sluice.db")


def assert_same_tables(session, keyspace, expected):
    """Cassandra's tables equal the embedded mode's row for row (tallied by faultlib)."""
    faultlib.assert_same_tables(cassandra_tables(session, keyspace), expected)


def wait_for_all_rows(session, keyspace, expected, timeout, procs):
    """Waits until Cassandra holds as many rows as the fault-free run; on timeout the failure
    says which rows differ (a few of each side) before the processes' logs."""
    total = len(expected[0]) + len(expected[1])
    try:
        wait_until(f"all {total} rows", lambda: row_count(session, keyspace) == total, timeout,
                   procs)
    except AssertionError as e:
        got = cassandra_tables(session, keyspace)
        raise AssertionError(f"{faultlib.describe_differences(got, expected)}\n{e}") from None


def crash(moment):
    """Counts one crash survived at `moment` in the suite's tally."""
    faultlib.count("crashes survived")
    faultlib.HITS[moment] = faultlib.HITS.get(moment, 0) + 1
