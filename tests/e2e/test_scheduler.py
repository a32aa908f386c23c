"""`sluice scheduler` and the workflow commands on the real binary: scheduled shell tasks run and
show in `sluice runs`, a manual run with `trigger` and its output in `task-log`, and a scheduler
killed with SIGKILL mid-task: after a restart every run completes and no (run, task) succeeds
twice (each task appends a line to a file once its work is done)."""

import datetime
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import harness

SLUICE = harness.SLUICE


def write_config(tmp, workflows, listen=None):
    """A pipeline config with `workflows`; the scheduler serves its API and /metrics on
    `listen` (a free port by default)."""
    config = Path(tmp) / "pipeline.yaml"
    listen = listen or f"127.0.0.1:{harness.free_port()}"
    config.write_text(
        "pipeline: sched\n"
        f"data_dir: {tmp}/data\n"
        "source: {http: {url: 'http://127.0.0.1:1/api/'}}\n"
        "schema: {key: k, fields: [{name: k, from: k}]}\n"
        "scheduler: {lease_ms: 2000}\n"
        # `sluice scheduler` serves its API there: a port of its own, tests run side by side.
        f"serve: {{listen: '{listen}'}}\n"
        "workflows:\n" + workflows)
    return str(config)


def sluice(*args, check=True):
    done = subprocess.run([SLUICE, *map(str, args)], capture_output=True, text=True, timeout=60)
    if check:
        assert done.returncode == 0, (args, done.returncode, done.stdout, done.stderr)
    return done


def start_scheduler(config, tmp, name):
    log = open(Path(tmp) / name, "w")
    return subprocess.Popen([SLUICE, "scheduler", "--config", config], stdout=log,
                            stderr=subprocess.STDOUT)


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0


def runs(config, workflow):
    """[(run id, state, task states text)] from `sluice runs`, newest first."""
    lines = sluice("runs", "--config", config, workflow, "--limit", 100).stdout.splitlines()[1:]
    out = []
    for line in lines:
        words = line.split()
        out.append((words[0], words[1], " ".join(words[5:])))
    return out


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_scheduled_shell_tasks_run_and_show_in_runs(tmp_path):
    done = tmp_path / "done.txt"
    listen = f"127.0.0.1:{harness.free_port()}"
    config = write_config(tmp_path, f"""
  - name: every_second
    schedule: '@every 1s'
    tasks:
      - {{name: a, kind: shell, command: 'echo "{{{{ run_id }}}} a" >> {done}'}}
      - {{name: b, kind: shell, command: 'echo "{{{{ run_id }}}} b" >> {done}', after: a}}
""", listen)
    proc = start_scheduler(config, tmp_path, "scheduler.log")
    time.sleep(3.5)
    metrics = urllib.request.urlopen(f"http://{listen}/metrics", timeout=10).read().decode()
    ready = urllib.request.urlopen(f"http://{listen}/readyz", timeout=10).status
    stop(proc)
    assert ready == 200
    succeeded_runs = [line for line in metrics.splitlines() if line.startswith(
        'sluice_workflow_runs_total{state="success",workflow="every_second"}')]
    assert succeeded_runs and float(succeeded_runs[0].split()[-1]) >= 1, metrics
    assert "sluice_task_start_delay_seconds_count" in metrics, metrics
    listed = runs(config, "every_second")
    succeeded = [r for r in listed if r[1] == "success"]
    assert len(succeeded) >= 2, listed
    for run_id, _, tasks in succeeded:
        assert run_id.startswith("scheduled__"), run_id
        assert tasks == "a=success b=success", tasks
    lines = done.read_text().splitlines()
    for run_id, _, _ in succeeded:
        assert lines.count(f"{run_id} a") == 1 and lines.count(f"{run_id} b") == 1, lines
    log = (tmp_path / "scheduler.log").read_text()
    assert "task a: running (attempt 1)" in log, log


def test_trigger_runs_once_and_task_log_shows_its_output(tmp_path):
    config = write_config(tmp_path, """
  - name: greet
    params: {who: world}
    tasks:
      - {name: hello, kind: shell, command: 'echo "hello {{ params.who }} on {{ ds }}"'}
""")
    created = sluice("trigger", "--config", config, "greet", "--param", "who=sluice",
                     "--logical-date", "2024-03-01")
    assert created.stdout.strip() == "created manual__2024-03-01T00:00:00+00:00"
    again = sluice("trigger", "--config", config, "greet", "--logical-date", "2024-03-01")
    assert again.stdout.strip() == "exists  manual__2024-03-01T00:00:00+00:00"
    unknown = sluice("trigger", "--config", config, "nope", check=False)
    assert unknown.returncode == 2
    assert 'unknown workflow "nope" (the config declares: greet)' in unknown.stderr

    proc = start_scheduler(config, tmp_path, "scheduler.log")
    deadline = time.time() + 20
    while time.time() < deadline and runs(config, "greet")[0][1] != "success":
        time.sleep(0.2)
    stop(proc)
    assert runs(config, "greet") == [("manual__2024-03-01T00:00:00+00:00", "success",
                                      "hello=success")]
    log = sluice("task-log", "--config", config, "manual__2024-03-01T00:00:00+00:00", "hello")
    assert log.stdout == "hello sluice on 2024-03-01\n"
    bad = sluice("task-log", "--config", config, "manual__2024-03-01T00:00:00+00:00", "bye",
                 check=False)
    assert bad.returncode == 2
    assert 'workflow "greet" has no task "bye" (its tasks: hello)' in bad.stderr


def test_sigkill_mid_task_then_restart_completes_every_run_once(tmp_path):
    done = tmp_path / "done.txt"
    start = int(time.time()) + 1
    # One task at a time, each sleeping before its side effect: a kill soon after a line appears
    # lands in the next task's sleep, not between its side effect and its recorded success (a
    # window no scheduler can close: that task would run again).
    config = write_config(tmp_path, f"""
  - name: slow
    schedule: '@every 1s'
    start_date: {iso(start)}
    end_date: {iso(start + 3)}
    catchup: true
    max_active_runs: 1
    # A lost attempt counts as one (as in Airflow): a retry is what runs it again.
    defaults: {{retries: 1, retry_delay: 1s}}
    tasks:
      - {{name: a, kind: shell, command: 'sleep 1 && echo "{{{{ run_id }}}} a" >> {done}'}}
      - {{name: b, kind: shell, command: 'sleep 1 && echo "{{{{ run_id }}}} b" >> {done}',
          after: a}}
""")
    first = start_scheduler(config, tmp_path, "first.log")
    deadline = time.time() + 20
    while time.time() < deadline and (not done.exists() or len(done.read_text().splitlines()) < 3):
        time.sleep(0.02)
    time.sleep(0.4)
    first.kill()
    first.wait()
    assert len(done.read_text().splitlines()) == 3
    killed_running = [r for r in runs(config, "slow") if "running" in r[2]]
    assert killed_running, runs(config, "slow")  # the kill did land mid-task

    second = start_scheduler(config, tmp_path, "second.log")
    deadline = time.time() + 40
    listed = []
    while time.time() < deadline:
        listed = runs(config, "slow")
        if len(listed) == 4 and all(r[1] == "success" for r in listed):
            break
        time.sleep(0.3)
    stop(second)
    assert len(listed) == 4 and all(r[1] == "success" for r in listed), listed
    lines = done.read_text().splitlines()
    assert sorted(lines) == sorted(f"{r[0]} {t}" for r in listed for t in "ab"), lines
    assert "expired" in (tmp_path / "second.log").read_text()
