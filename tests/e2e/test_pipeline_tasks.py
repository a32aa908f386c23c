"""The pipeline task kinds of workflows (ensure, ingest, wait_caught_up, replay) on the real
binary, the embedded log and SQLite, against the mock API: inside `sluice run` (sharing its
writer, and its processor for a replay), under `sluice scheduler` alone (opening the pipeline
per attempt), a wait_caught_up that times out, and a workflow ingesting every second while the
interval loop of `sluice run` ingests too: every page lands exactly once."""

import signal
import subprocess
import time
from pathlib import Path

import expectations
import harness

SEED = "e2e-tasks"
RESULTS = 100


def tasks_config(tmp, api_url, workflows, **overrides):
    """config/local.yaml as the harness writes it, with its workflows replaced."""
    config, env = harness.pipeline_config(tmp, api_url, seed=SEED, results_per_page=RESULTS,
                                          **overrides)
    text = Path(config).read_text()
    head, sep, _ = text.partition("\nworkflows:\n")
    assert sep, "config/local.yaml declares workflows"
    Path(config).write_text(head + "\nworkflows:\n" + workflows)
    return config, env


def sluice(env, *args, check=True):
    return harness.run(list(args), env, timeout=120, check=check)


def runs(config, env, workflow):
    """[(run id, state, task states text)] from `sluice runs`, newest first."""
    out = sluice(env, "runs", "--config", config, workflow, "--limit", 100).stdout
    rows = []
    for line in out.splitlines()[1:]:
        words = line.split()
        rows.append((words[0], words[1], " ".join(words[5:])))
    return rows


def wait_for_runs(config, env, workflow, done, timeout=90, proc=None):
    deadline = time.time() + timeout
    listed = []
    while time.time() < deadline:
        listed = runs(config, env, workflow)
        if done(listed):
            return listed
        if proc is not None and proc.poll() is not None:
            break
        time.sleep(0.3)
    raise AssertionError(f"runs of {workflow} never got there: {listed}")


def wait_for_metric(base, name, value, timeout=20):
    """Waits until /metrics shows `name` (summed over its series) at `value`."""
    deadline = time.time() + timeout
    seen = None
    while time.time() < deadline:
        seen = harness.metric_total(harness.scrape_metrics(base), name)
        if seen == value:
            return
        time.sleep(0.2)
    raise AssertionError(f"{name} stayed at {seen}, expected {value}")


def task_log(config, env, run_id, task):
    return sluice(env, "task-log", "--config", config, run_id, task).stdout


def finished(listed):
    return bool(listed) and listed[0][1] in ("success", "failed")


def trigger_under_scheduler(config, env, tmp, workflow):
    """Triggers a run of `workflow`, runs `sluice scheduler` alone until the run ends, stops
    it; returns (run id, `runs` rows)."""
    run_id = sluice(env, "trigger", "--config", config, workflow).stdout.split()[1]
    with open(Path(tmp) / "scheduler.log", "w") as log:
        proc = subprocess.Popen([harness.SLUICE, "scheduler", "--config", str(config)], env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    try:
        listed = wait_for_runs(config, env, workflow, finished, proc=proc)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    return run_id, listed


def stop(proc):
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=90)
    assert proc.returncode == 0, out
    return out


def test_run_hosts_ensure_ingest_wait_and_replay(tmp_path):
    """Inside `sluice run`: the workflow's ingest takes the next pages after the interval
    loop's run (one writer, one cursor), wait_caught_up sees the processor commit them, and
    the replay takes the group from the processor and gives it back."""
    workflows = """  - name: etl
    tasks:
      - {name: ensure, kind: ensure}
      - {name: ingest, kind: ingest, after: ensure}
      - {name: wait, kind: wait_caught_up, poll_interval: 200ms, timeout: 60s, after: ingest}
      - {name: replay, kind: replay, from_offset: 0, after: wait}
"""
    with harness.MockApi(tmp_path, "--invalid-rate", 0.2) as api:
        # The interval loop: one run of 2 pages at the start, the next an hour later.
        config, env = tasks_config(tmp_path, api.url, workflows, pages_per_run=2,
                                   interval_ms=3600000)
        base = "http://" + env["SLUICE_LISTEN"]
        proc = subprocess.Popen([harness.SLUICE, "run", "--config", str(config)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            harness.wait_http(base + "/readyz")
            deadline = time.time() + 30
            while harness.get_json(base + "/api/v1/status")["ingest_runs"] < 1:
                assert time.time() < deadline, "the interval loop never ran"
                time.sleep(0.1)
            created = sluice(env, "trigger", "--config", config, "etl")
            run_id = created.stdout.split()[1]
            listed = wait_for_runs(config, env, "etl", finished, proc=proc)
            logs = {t: task_log(config, env, run_id, t)
                    for t in ("ensure", "ingest", "wait", "replay")}
            status = harness.get_json(base + "/api/v1/status")
        finally:
            out = stop(proc)
        assert listed == [(run_id, "success",
                           "ensure=success ingest=success wait=success replay=success")], \
            (listed, logs, out)
        assert "log ready: embedded" in logs["ensure"] and "4 partitions" in logs["ensure"]
        assert "sink ready: sqlite" in logs["ensure"], logs["ensure"]
        # The loop took pages 1-2; the task the next two, from the cursor the loop stored.
        assert "ingest: 2 pages, 200 records fetched, 200 published, 0 rejected early" \
            in logs["ingest"], logs["ingest"]
        assert "cursor 'page=3' -> 'page=5'" in logs["ingest"], logs["ingest"]
        assert "caught up: group sluice-process" in logs["wait"], logs["wait"]
        for p in range(4):
            assert f"replaying partition {p} from offset 0" in logs["replay"], logs["replay"]
        assert "replayed: " in logs["replay"], logs["replay"]
        assert status["fetched"] == 400, status  # the task's run counts in the run's probe
        # After the replay the processor is back: the run ends cleanly and nothing is missing.
        sluice(env, "process", "--config", config, "--until-idle")
        users, quarantine = harness.tables(Path(tmp_path) / "data" / "sluice.db")
        valid, invalid = expectations.expected_outcome(api, api.url, SEED, 4, RESULTS)
    assert len(users) + len(quarantine) == 4 * RESULTS
    expectations.assert_tables_match(users, quarantine, valid, invalid)


def test_scheduler_alone_opens_the_pipeline_per_task(tmp_path):
    """`sluice scheduler` with nothing else running: each task opens the embedded log and the
    sink itself (as `sluice ingest --once` and `sluice replay` would), and lets go after."""
    workflows = """  - name: etl
    tasks:
      - {name: ensure, kind: ensure}
      - {name: ingest, kind: ingest, after: ensure}
      - {name: replay, kind: replay, from_time: '0', after: ingest}
      - {name: wait, kind: wait_caught_up, poll_interval: 100ms, timeout: 30s, after: replay}
"""
    with harness.MockApi(tmp_path, "--invalid-rate", 0.2) as api:
        config, env = tasks_config(tmp_path, api.url, workflows, pages_per_run=3)
        run_id, listed = trigger_under_scheduler(config, env, tmp_path, "etl")
        logs = {t: task_log(config, env, run_id, t) for t in ("ensure", "ingest", "replay", "wait")}
        assert listed == [(run_id, "success",
                           "ensure=success ingest=success replay=success wait=success")], \
            (listed, logs)
        assert "log holds no records yet" in logs["ensure"], logs["ensure"]
        assert "ingest: 3 pages, 300 records fetched, 300 published" in logs["ingest"]
        assert "cursor '' -> 'page=4'" in logs["ingest"], logs["ingest"]
        assert "replayed: " in logs["replay"], logs["replay"]
        assert "caught up" in logs["wait"], logs["wait"]
        users, quarantine = harness.tables(Path(tmp_path) / "data" / "sluice.db")
        valid, invalid = expectations.expected_outcome(api, api.url, SEED, 3, RESULTS)
    assert len(users) + len(quarantine) == 3 * RESULTS
    expectations.assert_tables_match(users, quarantine, valid, invalid)


def test_wait_caught_up_without_a_processor_times_out_saying_how_far_behind(tmp_path):
    workflows = """  - name: etl
    tasks:
      - {name: ingest, kind: ingest}
      - {name: wait, kind: wait_caught_up, poll_interval: 100ms, timeout: 2s, after: ingest}
"""
    with harness.MockApi(tmp_path) as api:
        config, env = tasks_config(tmp_path, api.url, workflows, pages_per_run=2)
        run_id, listed = trigger_under_scheduler(config, env, tmp_path, "etl")
    assert listed == [(run_id, "failed", "ingest=success wait=failed")], listed
    wait_log = task_log(config, env, run_id, "wait")
    assert "behind by 200 records" in wait_log, wait_log
    assert "not caught up when stopped: group sluice-process is 200 records behind" in wait_log, \
        wait_log
    assert "timed out after 2s" in wait_log, wait_log
    assert "timed out after 2s" in (tmp_path / "scheduler.log").read_text()


def test_workflow_ingest_and_the_interval_loop_share_one_cursor(tmp_path):
    """A workflow ingesting every second inside `sluice run`, whose loop ingests every 300 ms:
    runs take turns on one writer, so every page is published once and nothing fails."""
    workflows = """  - name: often
    schedule: '@every 1s'
    tasks:
      - {name: ingest, kind: ingest}
"""
    with harness.MockApi(tmp_path, "--invalid-rate", 0.2) as api:
        config, env = tasks_config(tmp_path, api.url, workflows, pages_per_run=1,
                                   interval_ms=300)
        base = "http://" + env["SLUICE_LISTEN"]
        proc = subprocess.Popen([harness.SLUICE, "run", "--config", str(config),
                                 "--progress-ms", "500"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        try:
            harness.wait_http(base + "/readyz")
            listed = wait_for_runs(
                config, env, "often",
                lambda rows: sum(1 for r in rows if r[1] == "success") >= 3, proc=proc)
            status = harness.get_json(base + "/api/v1/status")
        finally:
            out = stop(proc)
        assert all(r[1] in ("success", "running", "queued") for r in listed), listed
        assert "failed" not in out and "[error]" not in out and "[warning]" not in out, out
        assert status["failed_ingest_runs"] == 0, status
        ingested = [task_log(config, env, r[0], "ingest") for r in listed if r[1] == "success"]
        for text in ingested:
            assert "ingest: 1 pages, 100 records fetched, 100 published" in text, text
        sluice(env, "process", "--config", config, "--until-idle")
        users, quarantine = harness.tables(Path(tmp_path) / "data" / "sluice.db")
        pages = (len(users) + len(quarantine)) // RESULTS
        assert len(users) + len(quarantine) == pages * RESULTS
        assert pages >= 3 + len(ingested), (pages, len(ingested))
        valid, invalid = expectations.expected_outcome(api, api.url, SEED, pages, RESULTS)
    expectations.assert_tables_match(users, quarantine, valid, invalid)


def test_a_workflow_ingest_waits_while_the_processor_is_held_up(tmp_path):
    """Inside `sluice run`, a workflow's ingest obeys process.max_lag_records as the interval
    loop does: while the sink fails every write (a fail point) the interval loop's 200 records
    stay unstored, so the task waits and says why, fetching nothing; once the sink works again
    the task runs, and every page lands once."""
    workflows = """  - name: held
    tasks:
      - {name: ingest, kind: ingest}
"""
    fault_file = tmp_path / "faults"
    fault_file.write_text("sink.write:fail\n")
    with harness.MockApi(tmp_path, "--invalid-rate", 0.2) as api:
        config, env = tasks_config(tmp_path, api.url, workflows, pages_per_run=2,
                                   interval_ms=3600000)
        text = Path(config).read_text()
        Path(config).write_text(text.replace("  group: sluice-process\n",
                                             "  group: sluice-process\n  max_lag_records: 50\n", 1))
        env["SLUICE_FAULT_FILE"] = str(fault_file)
        base = "http://" + env["SLUICE_LISTEN"]
        proc = subprocess.Popen([harness.SLUICE, "run", "--config", str(config)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            harness.wait_http(base + "/healthz")  # /readyz says the sink fails
            deadline = time.time() + 30
            while harness.get_json(base + "/api/v1/status")["ingest_runs"] < 1:
                assert time.time() < deadline, "the interval loop never ran"
                time.sleep(0.1)
            run_id = sluice(env, "trigger", "--config", config, "held").stdout.split()[1]
            deadline = time.time() + 30
            said = ""
            while "held while" not in said:  # no log at all until the task starts
                assert time.time() < deadline, said
                time.sleep(0.2)
                said = sluice(env, "task-log", "--config", config, run_id, "ingest",
                              check=False).stdout
            time.sleep(1)  # held for a while: still nothing fetched
            assert harness.get_json(base + "/api/v1/status")["fetched"] == 200
            assert runs(config, env, "held")[0][1] == "running"
            # What the run published and could not store, in the status and /metrics (looked
            # up every progress tick, 2 s): all 200, whatever the stuck reader's lag says.
            assert harness.get_json(base + "/api/v1/status")["unstored"] == 200
            wait_for_metric(base, "sluice_unstored_records", 200)
            fault_file.write_text("")
            listed = wait_for_runs(config, env, "held", finished, proc=proc)
            log = task_log(config, env, run_id, "ingest")
            wait_for_metric(base, "sluice_unstored_records", 0)  # everything stored at last
        finally:
            fault_file.write_text("")  # a stop waits for the sink to store what it holds
            out = stop(proc)
        assert listed[0][1] == "success", (listed, log, out)
        assert ("ingest: held while 200 records are published and not yet stored (more than "
                "process.max_lag_records, 50)") in log, log
        assert "cursor 'page=3' -> 'page=5'" in log, log
        sluice(env, "process", "--config", config, "--until-idle")
        users, quarantine = harness.tables(Path(tmp_path) / "data" / "sluice.db")
        valid, invalid = expectations.expected_outcome(api, api.url, SEED, 4, RESULTS)
    assert len(users) + len(quarantine) == 4 * RESULTS
    expectations.assert_tables_match(users, quarantine, valid, invalid)
