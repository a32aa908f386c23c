"""The workflow REST API (/api/v1/workflows, docs/api/openapi.yaml) on the real binary:
`sluice scheduler` serves it over a shell-task workflow, and every endpoint is driven through
HTTP: trigger a run and watch it succeed, its task instances and their logs, clear and watch the
tasks run again, pause and unpause, backfill; the CLI sees what the API made. Then a table of bad
requests, each answered with its 4xx and the field at fault, a config without workflows, and
`sluice run`, which serves the API too."""

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import harness

SLUICE = harness.SLUICE

WORKFLOWS = """
  - name: greet
    description: says hello
    params: {who: world}
    tasks:
      - {name: hello, kind: shell, command: 'echo "hello {{ params.who }}"'}
      - {name: after, kind: shell, command: 'echo "after {{ ds }}"', after: hello}
  - name: hourly
    schedule: '@hourly'
    # The scheduler makes one scheduled run (2024-01-01T00:00); backfills go to the 2nd.
    start_date: 2024-01-01
    end_date: 2024-01-01T00:00:00Z
    tasks:
      - {name: load, kind: shell, command: 'echo "load {{ ts }}"'}
"""


def write_config(tmp, port, workflows=WORKFLOWS):
    config = Path(tmp) / "pipeline.yaml"
    text = ("pipeline: api\n"
            f"data_dir: {tmp}/data\n"
            "source: {http: {url: 'http://127.0.0.1:1/api/'}}\n"
            "schema: {key: k, fields: [{name: k, from: k}]}\n"
            f"serve: {{listen: '127.0.0.1:{port}'}}\n")
    if workflows:
        text += "workflows:\n" + workflows
    config.write_text(text)
    return str(config)


class Scheduler:
    """`sluice scheduler` (or `sluice run`) on a free port; a context manager that stops it with
    SIGTERM."""

    def __init__(self, tmp, workflows=WORKFLOWS, command="scheduler"):
        self.port = harness.free_port()
        self.config = write_config(tmp, self.port, workflows)
        self.log = open(Path(tmp) / f"{command}.log", "w")
        self.proc = subprocess.Popen([SLUICE, command, "--config", self.config],
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     env=dict(os.environ, SLUICE_API_TOKEN=harness.API_TOKEN))
        self.base = f"http://127.0.0.1:{self.port}"
        harness.wait_http(self.base + "/healthz")

    def request(self, method, path, body=None, headers=None, raw=None, under="/api/v1/workflows"):
        """(status, headers, body text) of one request; `body` goes as JSON, `raw` as is."""
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        req = urllib.request.Request(self.base + under + path, data=data,
                                     method=method, headers={**harness.AUTH, **(headers or {})})
        if data is not None and "Content-Type" not in (headers or {}):
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.headers, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read().decode()

    def json(self, method, path, body=None, expect=200):
        status, _, text = self.request(method, path, body)
        assert status == expect, (method, path, status, text)
        return json.loads(text)

    def wait_run(self, workflow, run_id, state="success", timeout=30):
        deadline = time.time() + timeout
        run = None
        while time.time() < deadline:
            run = self.json("GET", f"/{workflow}/runs/{run_id}")
            if run["state"] == state:
                return run
            time.sleep(0.1)
        raise AssertionError(f"run {run_id} is {run and run['state']}, not {state}")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        assert self.proc.wait(timeout=30) == 0
        self.log.close()


def test_every_endpoint_over_http(tmp_path):
    with Scheduler(tmp_path) as s:
        listed = s.json("GET", "")
        assert listed["total_entries"] == 2
        greet = listed["workflows"][0]
        assert greet["name"] == "greet" and greet["description"] == "says hello"
        assert [(t["name"], t["kind"], t["upstream"]) for t in greet["tasks"]] == [
            ("hello", "shell", []), ("after", "shell", ["hello"])]
        assert greet["is_paused"] is False and greet["last_run"] is None
        assert listed["workflows"][1]["schedule"] == "@hourly"

        # Trigger, and the scheduler runs it.
        status, headers, text = s.request("POST", "/greet/runs",
                                          {"logical_date": "2024-03-01", "params": {"who": "api"}})
        assert status == 201, text
        run_id = json.loads(text)["run_id"]
        assert run_id == "manual__2024-03-01T00:00:00+00:00"
        assert headers["Location"].startswith("/api/v1/workflows/greet/runs/manual__2024-03-01")
        run = s.wait_run("greet", run_id)
        assert run["start_date"] and run["end_date"] and run["params"] == {"who": "api"}
        assert s.json("GET", "/greet")["last_run"] == {
            "run_id": run_id, "state": "success", "logical_date": "2024-03-01T00:00:00.000Z"}

        # Task instances and the attempt log, as JSON and as text.
        tasks = s.json("GET", f"/greet/runs/{run_id}/tasks")
        assert tasks["total_entries"] == 2
        for ti in tasks["task_instances"]:
            assert ti["state"] == "success" and ti["try_number"] == 1, ti
            assert isinstance(ti["duration"], float) and ti["duration"] >= 0, ti
        hello = s.json("GET", f"/greet/runs/{run_id}/tasks/hello")
        assert hello["log_attempts"] == [1] and hello["kind"] == "shell"
        log = s.json("GET", f"/greet/runs/{run_id}/tasks/hello/logs/1")
        assert log["content"] == "hello api\n" and log["attempt"] == 1
        status, headers, text = s.request("GET", f"/greet/runs/{run_id}/tasks/after/logs/1",
                                          headers={"Accept": "text/plain"})
        assert status == 200 and headers["Content-Type"].startswith("text/plain")
        assert text == "after 2024-03-01\n"

        # The CLI reads the same history.
        cli = subprocess.run([SLUICE, "runs", "--config", s.config, "greet"], capture_output=True,
                             text=True, timeout=60)
        assert cli.returncode == 0 and run_id in cli.stdout and "hello=success" in cli.stdout

        # Clear with downstream: both tasks run again, at attempt 2.
        cleared = s.json("POST", f"/greet/runs/{run_id}/clear",
                         {"tasks": ["hello"], "downstream": True})
        assert cleared["tasks"] == ["hello", "after"] and cleared["cleared"] == 2
        s.wait_run("greet", run_id)
        tasks = s.json("GET", f"/greet/runs/{run_id}/tasks")["task_instances"]
        assert [t["try_number"] for t in tasks] == [2, 2], tasks
        assert s.json("GET", f"/greet/runs/{run_id}/tasks/hello/logs/2")["content"] == "hello api\n"

        # A JSON body labelled as a form (what `curl -d` sends) is read as JSON all the same.
        status, _, text = s.request(
            "POST", "/greet/runs", raw=b'{"logical_date": "2024-02-01"}',
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 201 and json.loads(text)["logical_date"] == "2024-02-01T00:00:00.000Z", text

        # Paused: a triggered run waits; unpaused, it runs.
        assert s.json("PATCH", "/greet", {"is_paused": True})["is_paused"] is True
        second = s.json("POST", "/greet/runs", {"logical_date": "2024-03-02"}, expect=201)
        time.sleep(1.5)
        held = s.json("GET", f"/greet/runs/{second['run_id']}/tasks")["task_instances"]
        # hello has no upstream task: queued by the run's insert, but not claimed while paused.
        assert [t["state"] for t in held] == ["queued", "none"], held
        assert s.json("GET", "/greet")["is_paused"] is True
        assert s.json("PATCH", "/greet", {"is_paused": False})["is_paused"] is False
        s.wait_run("greet", second["run_id"])

        # Backfill: one run per hour of the range, each run by the scheduler.
        made = s.json("POST", "/hourly/backfill",
                      {"from": "2024-01-02T00:00Z", "to": "2024-01-02T02:00Z"})
        assert made["created"] == 3 and made["total_entries"] == 3
        ids = [r["run_id"] for r in made["runs"]]
        assert ids == [f"backfill__2024-01-02T0{h}:00:00+00:00" for h in range(3)]
        for run_id in ids:
            s.wait_run("hourly", run_id)
        page = s.json("GET", "/hourly/runs?limit=2")
        assert page["total_entries"] == 4, page  # and the scheduled one
        assert [r["run_id"] for r in page["runs"]] == [ids[2], ids[1]], "newest first"
        assert s.json("GET", "/hourly/runs?state=failed")["total_entries"] == 0
        log = s.json("GET", f"/hourly/runs/{ids[1]}/tasks/load/logs/1")
        assert log["content"] == "load 2024-01-02T01:00:00+00:00\n"


# (method, path, JSON body or raw bytes, status, field): each bad request and what it gets.
RUN = "/greet/runs/manual__2024-03-01T00:00:00+00:00"
BAD_REQUESTS = [
    ("GET", "/nope", None, 404, "name"),
    ("GET", "/greet/runs/manual__1999", None, 404, "run_id"),
    ("GET", RUN + "/tasks/ghost", None, 404, "task"),
    ("GET", RUN + "/tasks/hello/logs/9", None, 404, "attempt"),
    ("GET", RUN + "/tasks/hello/logs/first", None, 400, "attempt"),
    ("GET", "/greet/runs?limit=0", None, 400, "limit"),
    ("GET", "/greet/runs?offset=x", None, 400, "offset"),
    ("GET", "/greet/runs?state=done", None, 400, "state"),
    ("GET", "/greet/runs?sort=asc", None, 400, "sort"),
    ("POST", "/greet/runs", b'{"logical_date": ', 400, None),
    ("POST", "/greet/runs", b"[]", 400, None),
    ("POST", "/greet/runs", {"params": {"nope": "1"}}, 400, "params.nope"),
    ("POST", "/greet/runs", {"params": {"who": 5}}, 400, "params.who"),
    ("POST", "/greet/runs", {"logical_date": "someday"}, 400, "logical_date"),
    ("POST", "/greet/runs", {"logical_date": 20240301}, 400, "logical_date"),
    ("POST", "/greet/runs", {"logical_date": "2024-03-01"}, 409, "logical_date"),
    ("POST", "/greet/runs", {"colour": "red"}, 400, "colour"),
    ("POST", "/greet/runs", b" " * (100 * 1024), 413, None),
    ("PATCH", "/greet", {"is_paused": "no"}, 400, "is_paused"),
    ("PATCH", "/greet", {}, 400, "is_paused"),
    ("POST", RUN + "/clear", {"tasks": ["hello", "ghost"]}, 404, "tasks[1]"),
    ("POST", RUN + "/clear", {"downstream": "yes"}, 400, "downstream"),
    ("POST", "/hourly/backfill", {"from": "2024-01-02", "to": "2024-01-01"}, 400, "to"),
    ("POST", "/hourly/backfill", {"to": "2024-01-01"}, 400, "from"),
    ("POST", "/greet/backfill", {"from": "2024-01-01", "to": "2024-01-02"}, 400, None),
    ("DELETE", "/greet", None, 405, None),
    ("PUT", "/greet/runs", {}, 405, None),
    ("GET", "/greet/nothing", None, 404, None),
]


def test_bad_requests_get_their_4xx_naming_the_field(tmp_path):
    with Scheduler(tmp_path) as s:
        s.json("POST", "/greet/runs", {"logical_date": "2024-03-01"}, expect=201)
        s.wait_run("greet", "manual__2024-03-01T00:00:00+00:00")
        for method, path, body, want, field in BAD_REQUESTS:
            raw = body if isinstance(body, bytes) else None
            status, headers, text = s.request(method, path, None if raw else body, raw=raw)
            case = (method, path, body if raw is None else raw[:40], status, text)
            assert status == want, case
            assert headers["Content-Type"] == "application/problem+json", case
            error = json.loads(text)
            assert error["status"] == want and error["title"] and error["detail"], case
            assert error["field"] == field, case
            if want == 405:
                assert headers["Allow"], case
        # Paths the server knows nothing of under /api/ answer in the same shape.
        status, headers, text = s.request("GET", "/api/v1/nothing", under="")
        assert status == 404 and json.loads(text)["status"] == 404, text
        # Still serving after all of that.
        assert s.json("GET", "")["total_entries"] == 2


def test_a_config_without_workflows_answers_404_saying_so(tmp_path):
    with Scheduler(tmp_path, workflows=None) as s:
        status, headers, text = s.request("GET", "")
        assert status == 404, text
        assert "the config declares no workflows" in json.loads(text)["detail"]


def test_sluice_run_serves_the_api_too(tmp_path):
    # The whole pipeline in one process; its source is away (ingest runs fail and are retried),
    # which the workflows do not mind.
    with Scheduler(tmp_path, command="run") as s:
        assert [w["name"] for w in s.json("GET", "")["workflows"]] == ["greet", "hourly"]
        run = s.json("POST", "/greet/runs", {"params": {"who": "run"}}, expect=201)
        s.wait_run("greet", run["run_id"])
        log = s.json("GET", f"/greet/runs/{run['run_id']}/tasks/hello/logs/1")
        assert log["content"] == "hello run\n"
