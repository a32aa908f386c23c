"""deploy/airflow/dags/sluice_user_profiles.py under a real Apache Airflow (installed into a
cached virtual environment by scripts/airflow-venv on first use): `airflow dags test` runs the
DAG against the built `sluice` and `sluice mock-api`, in a throwaway AIRFLOW_HOME with its
SQLite metadata database. Embedded mode only; no Kafka or Cassandra.

What could go wrong and is checked: the DAG does not import, the settings do not reach the tasks
(Airflow Variables or plain environment), a step fails or runs out of order, the rows do not
land, a failing sluice step does not fail the run, retries are not what the DAG promises."""

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from expectations import assert_tables_match, expected_outcome
from harness import SLUICE, SOURCE_DIR, MockApi, free_port, pipeline_config, tables

DAG_FILE = SOURCE_DIR / "deploy" / "airflow" / "dags" / "sluice_user_profiles.py"
DAG_ID = "realtime_user_streaming_pipeline"
STEPS = ["ensure", "ingest", "process"]
SEED = "sluice"  # the seed config/local.yaml pages with
RESULTS, PAGES = 100, 3
# The first call installs Airflow from PyPI (about a minute on a warm network); later calls
# return at once.
INSTALL_TIMEOUT = 1500
AIRFLOW_TIMEOUT = 600


@pytest.fixture(scope="module")
def airflow_bin():
    proc = subprocess.run([str(SOURCE_DIR / "scripts" / "airflow-venv")], capture_output=True,
                          text=True, timeout=INSTALL_TIMEOUT)
    assert proc.returncode == 0, f"scripts/airflow-venv failed:\n{proc.stderr[-4000:]}"
    venv = Path(proc.stdout.strip().splitlines()[-1])
    assert (venv / "bin" / "airflow").exists(), proc.stdout
    return venv / "bin"


def airflow_home(tmp_path, pipeline_env, **extra):
    """A fresh AIRFLOW_HOME holding only our DAG, and the environment to run airflow in: the
    pipeline's (API URL) without any outside setting the DAG reads, plus `extra`."""
    home = tmp_path / "airflow"
    (home / "dags").mkdir(parents=True)
    shutil.copy(DAG_FILE, home / "dags")
    dag_settings = ("AIRFLOW", "SLUICE_AIRFLOW", "SLUICE_BIN", "SLUICE_CONFIG", "SLUICE_DATA_DIR")
    env = {k: v for k, v in pipeline_env.items() if not k.startswith(dag_settings)}
    env.update(AIRFLOW_HOME=str(home), AIRFLOW__CORE__DAGS_FOLDER=str(home / "dags"),
               AIRFLOW__CORE__LOAD_EXAMPLES="False", **extra)
    return home, env


def airflow(bin_dir, env, *args, timeout=AIRFLOW_TIMEOUT):
    return subprocess.run([str(bin_dir / "airflow"), *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=timeout)


def dags_test(bin_dir, env, date):
    """`airflow db migrate`, then `airflow dags test DAG_ID date`."""
    migrate = airflow(bin_dir, env, "db", "migrate")
    assert migrate.returncode == 0, migrate.stdout[-3000:] + migrate.stderr[-3000:]
    return airflow(bin_dir, env, "dags", "test", DAG_ID, date)


def run_states(home):
    """(dag run state, {task_id: (state, try_number)}) of the one run in Airflow's metadata db."""
    con = sqlite3.connect(home / "airflow.db")
    runs = con.execute("SELECT run_id, state FROM dag_run WHERE dag_id = ?", (DAG_ID,)).fetchall()
    assert len(runs) == 1, runs
    tasks = {t: (s, n) for t, s, n in con.execute(
        "SELECT task_id, state, try_number FROM task_instance WHERE dag_id = ? AND run_id = ?",
        (DAG_ID, runs[0][0]))}
    con.close()
    return runs[0][1], tasks


def explain(proc):
    return f"exit {proc.returncode}\nstdout:\n{proc.stdout[-6000:]}\nstderr:\n{proc.stderr[-6000:]}"


def test_daily_run_lands_the_api_records_in_sqlite(tmp_path, airflow_bin):
    with MockApi(tmp_path, "--invalid-rate", 0.1) as mock:
        config, env = pipeline_config(tmp_path, mock.url, results_per_page=RESULTS,
                                      pages_per_run=PAGES)
        data_dir = tmp_path / "pipeline-data"
        # Settings through Airflow Variables (AIRFLOW_VAR_* is one way to set them).
        home, env = airflow_home(tmp_path, env,
                                 AIRFLOW_VAR_SLUICE_BIN=str(Path(SLUICE).resolve()),
                                 AIRFLOW_VAR_SLUICE_CONFIG=str(config),
                                 AIRFLOW_VAR_SLUICE_DATA_DIR=str(data_dir))
        proc = dags_test(airflow_bin, env, "2024-06-01")
        valid, invalid = expected_outcome(mock, mock.url, SEED, PAGES, RESULTS)

    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, explain(proc)
    state, tasks = run_states(home)
    assert state == "success", explain(proc)
    assert tasks == {step: ("success", 1) for step in STEPS}, tasks
    for step in STEPS:  # each task saw the logical date and the Variables
        assert (f"sluice DAG: {step} for logical date 2024-06-01" in out
                and f"data dir {data_dir}" in out), f"{step}: settings not passed\n{explain(proc)}"

    users, quarantine = tables(data_dir / "sluice.db")
    assert len(users) > 0
    assert len(users) == RESULTS * PAGES - len(quarantine)
    assert_tables_match(users, quarantine, valid, invalid)


def test_failing_step_fails_the_run_after_its_retries(tmp_path, airflow_bin):
    dead_api = f"http://127.0.0.1:{free_port()}/api/"  # nothing listens there
    config, env = pipeline_config(tmp_path, dead_api, max_attempts=2, initial_backoff_ms=50)
    data_dir = tmp_path / "pipeline-data"
    # Settings through the worker's plain environment this time; one retry a second later
    # instead of three five minutes apart, so the run ends in seconds.
    home, env = airflow_home(tmp_path, env, SLUICE_BIN=str(Path(SLUICE).resolve()),
                             SLUICE_CONFIG=str(config), SLUICE_DATA_DIR=str(data_dir),
                             SLUICE_AIRFLOW_RETRIES="1", SLUICE_AIRFLOW_RETRY_DELAY_SECONDS="1")
    proc = dags_test(airflow_bin, env, "2024-06-02")

    assert proc.returncode != 0, explain(proc)
    state, tasks = run_states(home)
    assert state == "failed", explain(proc)
    assert tasks["ensure"] == ("success", 1), tasks
    assert tasks["ingest"] == ("failed", 2), tasks  # the first attempt and its one retry
    assert tasks["process"][0] == "upstream_failed", tasks
    assert dead_api in proc.stdout + proc.stderr, "sluice's error is not in the task log"
    # ensure created the tables; nothing reached them.
    users, quarantine = tables(data_dir / "sluice.db")
    assert (users, quarantine) == ({}, {})


def test_missing_config_fails_ensure_with_a_clear_message(tmp_path, airflow_bin):
    home, env = airflow_home(tmp_path, dict(os.environ), SLUICE_BIN=str(Path(SLUICE).resolve()),
                             SLUICE_AIRFLOW_RETRIES="0")
    proc = dags_test(airflow_bin, env, "2024-06-03")

    assert proc.returncode != 0, explain(proc)
    state, tasks = run_states(home)
    assert (state, tasks["ensure"]) == ("failed", ("failed", 1)), tasks
    assert ("sluice DAG: no pipeline config: set the Airflow Variable sluice_config or "
            "SLUICE_CONFIG") in proc.stdout + proc.stderr, explain(proc)


DESCRIBE_DAG = r"""
import json, sys
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(sys.argv[1])
dag = bag.dags.get(sys.argv[2])
print(json.dumps({
    "import_errors": {str(k): str(v) for k, v in bag.import_errors.items()},
    "dags": sorted(bag.dags),
    "schedule": None if dag is None else str(dag.schedule),
    "catchup": None if dag is None else dag.catchup,
    "max_active_runs": None if dag is None else dag.max_active_runs,
    "tasks": [] if dag is None else [
        {"id": t.task_id, "operator": type(t).__name__, "retries": t.retries,
         "retry_delay": t.retry_delay.total_seconds(), "upstream": sorted(t.upstream_task_ids)}
        for t in dag.topological_sort()],
}))
"""


def test_dag_declares_the_reference_schedule_and_retries(tmp_path, airflow_bin):
    home, env = airflow_home(tmp_path, dict(os.environ))
    proc = subprocess.run([str(airflow_bin / "python"), "-c", DESCRIBE_DAG, str(home / "dags"),
                           DAG_ID], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, explain(proc)
    dag = json.loads(proc.stdout.strip().splitlines()[-1])
    assert dag["import_errors"] == {} and dag["dags"] == [DAG_ID], dag
    assert (dag["schedule"], dag["catchup"], dag["max_active_runs"]) == ("@daily", False, 1), dag
    assert [t["id"] for t in dag["tasks"]] == STEPS, dag
    for previous, task in zip([None, *STEPS], dag["tasks"]):
        assert task["operator"] == "BashOperator", task
        assert (task["retries"], task["retry_delay"]) == (3, 300.0), task
        assert task["upstream"] == ([] if previous is None else [previous]), task
    # The file names no secret and no machine: every setting comes from outside.
    text = DAG_FILE.read_text()
    for word in ("password", "127.0.0.1", "/var/", "/home/"):
        assert word not in text.lower(), f"{DAG_FILE} mentions {word}"
