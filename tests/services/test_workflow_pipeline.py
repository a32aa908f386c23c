"""The pipeline task kinds of workflows on Kafka and Cassandra: the shipped workflow of
config/cluster.yaml (ensure -> ingest -> wait_caught_up) under `sluice scheduler` with a
`sluice process` worker beside it, and a replay workflow under the scheduler alone. Each test
has a topic and keyspace of its own. The tables must equal what the embedded mode stores for
the same pages. Cassandra is read with python3-cassandra, a client that is not sluice's."""
import signal
import subprocess
import time

from conftest import REPO
from pipeline_harness import (SLUICE, cassandra_session, cassandra_tables, cluster_env,
                              free_port, mock_api, require_sluice, sluice, sqlite_tables)

WORKFLOW = "realtime_user_streaming_pipeline"
PAGE_RECORDS = 500 * 4  # one ingest run: pages_per_run pages of results_per_page


class Proc:
    def __init__(self, name, args, env, tmp_path):
        self.name = name
        self.log_path = tmp_path / f"{name}.log"
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen([str(SLUICE), *map(str, args)], stdout=log,
                                         stderr=subprocess.STDOUT, env=env)

    def log(self):
        return self.log_path.read_text()[-6000:]

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None


def cli(config, env, *args):
    done = subprocess.run([str(SLUICE), *map(str, args), "--config", str(config)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def runs(config, env, workflow):
    """[(run id, state, task states text)], newest first."""
    rows = []
    for line in cli(config, env, "runs", workflow).splitlines()[1:]:
        words = line.split()
        rows.append((words[0], words[1], " ".join(words[5:])))
    return rows


def wait_for_run_end(config, env, workflow, procs, timeout=300):
    deadline = time.time() + timeout
    listed = []
    while time.time() < deadline:
        listed = runs(config, env, workflow)
        if listed and listed[0][1] in ("success", "failed"):
            return listed
        for p in procs:
            assert p.proc.poll() is None, f"{p.name} exited:\n{p.log()}"
        time.sleep(1)
    logs = "\n".join(f"--- {p.name}\n{p.log()}" for p in procs)
    raise AssertionError(f"no run of {workflow} ended in {timeout}s: {listed}\n{logs}")


def embedded_tables(tmp_path, api_url):
    env = {"SLUICE_DATA_DIR": str(tmp_path / "embedded"), "SLUICE_API_URL": api_url}
    local = REPO / "config" / "local.yaml"
    sluice(local, env, "ingest", "--once")
    sluice(local, env, "process", "--until-idle")
    return sqlite_tables(tmp_path / "embedded" / "sluice.db")


def assert_tables_as_embedded(keyspace, tmp_path, api_url):
    """Cassandra holds one ingest run's records, row for row as the embedded mode stores them."""
    cluster, session = cassandra_session()
    try:
        got = cassandra_tables(session, keyspace)
    finally:
        cluster.shutdown()
    assert len(got[0]) + len(got[1]) == PAGE_RECORDS
    assert got == embedded_tables(tmp_path, api_url)


def test_shipped_workflow_ingests_and_waits_for_a_processor(tmp_path, kafka_bootstrap,
                                                             cassandra_endpoint):
    require_sluice()
    config = REPO / "config" / "cluster.yaml"
    with mock_api(tmp_path / "mock.log") as url:
        env = cluster_env(kafka_bootstrap, cassandra_endpoint, url, tmp_path / "data")
        # @daily without catchup: the scheduler's first tick makes a run for yesterday.
        worker = Proc("process", ["process", "--config", config, "--listen",
                                  f"127.0.0.1:{free_port()}"], env, tmp_path)
        scheduler = Proc("scheduler", ["scheduler", "--config", config, "--listen",
                                       f"127.0.0.1:{free_port()}"], env, tmp_path)
        try:
            listed = wait_for_run_end(config, env, WORKFLOW, [worker, scheduler])
        finally:
            assert scheduler.stop() == 0, scheduler.log()
            assert worker.stop() == 0, worker.log()
        run_id = listed[0][0]
        logs = {t: cli(config, env, "task-log", run_id, t)
                for t in ("ensure", "ingest", "wait_caught_up")}
        assert listed[0][1:] == ("success", "ensure=success ingest=success "
                                 "wait_caught_up=success"), (listed, logs, scheduler.log())
        assert "log ready: kafka" in logs["ensure"], logs["ensure"]
        assert "sink ready: cassandra" in logs["ensure"], logs["ensure"]
        assert f"{PAGE_RECORDS} records fetched, {PAGE_RECORDS} published" in logs["ingest"]
        assert "caught up: group" in logs["wait_caught_up"], logs["wait_caught_up"]
        # Caught up means stored: nothing more arrives after the task said so.
        assert_tables_as_embedded(env["SLUICE_KEYSPACE"], tmp_path, url)


def test_replay_workflow_under_the_scheduler_alone(tmp_path, kafka_bootstrap, cassandra_endpoint):
    """ingest -> replay from offset 0 -> wait_caught_up with no processor running: the replay
    stores everything and commits the group, which wait_caught_up then finds caught up past the
    transaction markers Kafka puts after each batch."""
    require_sluice()
    text = (REPO / "config" / "cluster.yaml").read_text()
    head, sep, _ = text.partition("\nworkflow_files:")
    assert sep
    config = tmp_path / "cluster.yaml"
    config.write_text(head + """
workflows:
  - name: replayed
    tasks:
      - {name: ensure, kind: ensure}
      - {name: ingest, kind: ingest, after: ensure}
      - {name: replay, kind: replay, from_offset: 0, after: ingest}
      - {name: wait, kind: wait_caught_up, poll_interval: 200ms, timeout: 120s, after: replay}
""")
    with mock_api(tmp_path / "mock.log") as url:
        env = cluster_env(kafka_bootstrap, cassandra_endpoint, url, tmp_path / "data")
        run_id = cli(config, env, "trigger", "replayed").split()[1]
        scheduler = Proc("scheduler", ["scheduler", "--config", config, "--listen",
                                       f"127.0.0.1:{free_port()}"], env, tmp_path)
        try:
            listed = wait_for_run_end(config, env, "replayed", [scheduler])
        finally:
            assert scheduler.stop() == 0, scheduler.log()
        logs = {t: cli(config, env, "task-log", run_id, t)
                for t in ("ensure", "ingest", "replay", "wait")}
        assert listed == [(run_id, "success",
                           "ensure=success ingest=success replay=success wait=success")], \
            (listed, logs, scheduler.log())
        assert "replayed: " in logs["replay"], logs["replay"]
        assert "caught up: group" in logs["wait"], logs["wait"]
        assert_tables_as_embedded(env["SLUICE_KEYSPACE"], tmp_path, url)
