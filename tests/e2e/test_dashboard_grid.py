"""The workflow grid of the dashboard in a real browser: `sluice run` with a manual workflow of two
shell tasks serves the workflow REST API; tests/browser/dashboard_check.mjs (mode grid) triggers
a run with the Trigger button, sees its cells change state and turn green, opens a task's log,
clears the task (a second attempt runs) and pauses the workflow. `sluice scheduler` serves the
page with the grid alone."""

import os
import signal
import subprocess
from pathlib import Path

import harness
from test_workflow_api import Scheduler
from test_dashboard import OUTPUT_DIR, run_browser_check


WORKFLOW = """
  - name: manual
    schedule: none
    tasks:
      - {name: say, kind: shell, command: 'sleep 1; echo "hello from the grid {{ run_id }}"'}
      - {name: after, kind: shell, command: 'sleep 1; echo done', after: say}
"""


def test_workflow_grid_in_a_browser(tmp_path):
    with harness.MockApi(tmp_path, "--seed", 5) as api:
        config, env = harness.pipeline_config(tmp_path, api.url, results_per_page=10,
                                              pages_per_run=1, interval_ms=1000)
        # config/local.yaml ends with its `workflows:` list (the shipped workflow): add ours to it.
        with open(config, "a") as f:
            f.write(WORKFLOW)
        base = "http://" + env["SLUICE_LISTEN"]
        log = open(tmp_path / "sluice-run.log", "w")
        proc = subprocess.Popen([harness.SLUICE, "run", "--config", str(config)], env=env,
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            harness.wait_http(base + "/readyz")
            run_browser_check("grid", base + "/", Path(OUTPUT_DIR or tmp_path) / "dashboard")
        finally:
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=60) == 0
            log.close()


def test_scheduler_page_has_only_the_grid(tmp_path):
    with Scheduler(tmp_path, WORKFLOW) as scheduler:
        run_browser_check("scheduler", scheduler.base + "/",
                          Path(OUTPUT_DIR or tmp_path) / "dashboard")
