"""The dashboard of a running `sluice run` (embedded, mock API, temp data dir): the JSON it reads
(/api/v1/status's partitions and latency, /api/v1/quarantine), and the page itself in Debian's
headless chromium driven by playwright-core (tests/browser/dashboard_check.mjs): numbers and
charts move, the quarantine shows reasons, partitions are listed, the console stays clean, and a
screenshot lands in the test output dir. scripts/browser-deps installs chromium and
playwright-core (`make test` runs it)."""

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import harness

BROWSER_DIR = harness.SOURCE_DIR / "tests" / "browser"
# Where screenshots go: the build's test output dir under ctest, else pytest's tmp dir.
OUTPUT_DIR = os.environ.get("SLUICE_TEST_OUTPUT_DIR")


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    """`sluice run` ingesting a small page every 300 ms (a fifth of the records invalid), so that
    numbers keep moving while the browser watches. Yields the base URL."""
    tmp = tmp_path_factory.mktemp("dashboard")
    with harness.MockApi(tmp, "--invalid-rate", 0.2, "--seed", 7) as api:
        config, env = harness.pipeline_config(tmp, api.url, results_per_page=40,
                                              pages_per_run=1, interval_ms=300)
        # Without config/local.yaml's workflows (its last section): this page hides the grid.
        text = config.read_text()
        config.write_text(text[:text.index("\nworkflows:\n") + 1])
        base = "http://" + env["SLUICE_LISTEN"]
        log = open(tmp / "sluice-run.log", "w")
        proc = subprocess.Popen([harness.SLUICE, "run", "--config", str(config)], env=env,
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            harness.wait_http(base + "/readyz")
            yield base
        finally:
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=60) == 0
            log.close()


def get(url):
    """(status, parsed JSON body), for 2xx and error answers alike."""
    try:
        with harness.api_get(url, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def wait_for(read, good, what, timeout=30):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = read()
        if good(last):
            return last
        time.sleep(0.2)
    raise AssertionError(f"{what}; last: {last}")


def test_status_has_partition_offsets_latency_and_health(pipeline):
    status = wait_for(lambda: get(pipeline + "/api/v1/status")[1],
                      lambda s: s["quarantined"] > 0 and all(
                          p["committed"] >= 0 for p in s["partition_offsets"]),
                      "every partition gets a committed offset")
    assert [p["partition"] for p in status["partition_offsets"]] == [0, 1, 2, 3]
    for p in status["partition_offsets"]:
        assert p["assigned"] is True
        assert p["end_offset"] >= p["committed"] >= 0, p
        assert p["end_offset"] == p["position"] + p["lag"], p
    latency = status["latency_seconds"]
    assert 0 < latency["p50"] <= latency["p99"], latency
    counts = [c for _, c in latency["buckets"]]
    assert counts == sorted(counts) and latency["buckets"][-1][0] is None
    assert counts[-1] >= status["processed"] - 1  # every judged record was observed
    assert status["ready"] is True and status["health"] == "ready"


def test_quarantine_api_lists_newest_rows_with_reasons(pipeline):
    status, body = wait_for(lambda: get(pipeline + "/api/v1/quarantine?limit=5"),
                            lambda a: len(a[1]["rows"]) == 5, "five quarantined rows")
    assert status == 200 and body["limit"] == 5
    for row in body["rows"]:
        assert row["reasons"] and all(r["rule"] and r["message"] for r in row["reasons"]), row
        assert row["raw"].startswith("{") and row["ingested_at"].endswith("Z")
    # Newest first: the rows' ingest times never increase down the list.
    times = [r["ingested_at"] for r in body["rows"]]
    assert times == sorted(times, reverse=True), times
    _, default = get(pipeline + "/api/v1/quarantine")
    assert default["limit"] == 20 and len(default["rows"]) <= 20
    for bad in ["0", "1001", "ten", "5x", "-1"]:
        status, error = get(pipeline + f"/api/v1/quarantine?limit={bad}")
        assert status == 400, (bad, error)
        assert error["field"] == "limit" and bad in error["detail"], error
    try:
        urllib.request.urlopen(urllib.request.Request(pipeline + "/api/v1/quarantine", data=b"{}",
                                                      method="POST", headers=harness.AUTH),
                               timeout=10)
        raise AssertionError("POST /api/v1/quarantine was accepted")
    except urllib.error.HTTPError as e:
        assert e.code == 405 and json.loads(e.read())["status"] == 405


def run_browser_check(mode, base, out_dir, token=harness.API_TOKEN):
    """Opens the page as `sluice run` prints it: BASE/?token=... (no token: none given)."""
    node_modules = BROWSER_DIR / "node_modules" / "playwright-core"
    assert node_modules.is_dir(), "playwright-core is missing: run scripts/browser-deps"
    url = base.rstrip("/") + "/" + (f"?token={token}" if token else "")
    done = subprocess.run(["node", str(BROWSER_DIR / "dashboard_check.mjs"), mode, url,
                           str(out_dir)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    shot = Path(out_dir) / f"dashboard-{mode}.png"
    assert shot.stat().st_size > 10_000, shot


def test_dashboard_in_a_browser(pipeline, tmp_path):
    run_browser_check("pipeline", pipeline, Path(OUTPUT_DIR or tmp_path) / "dashboard")


def test_dashboard_without_the_token_says_what_to_do(pipeline, tmp_path):
    """Opened without ?token=, the page shows the 401's message instead of numbers."""
    run_browser_check("no-token", pipeline, Path(OUTPUT_DIR or tmp_path) / "dashboard",
                      token=None)


def test_worker_serves_the_dashboard_without_ingest(tmp_path):
    """`sluice process --listen` (cluster mode's worker) serves the same page with what it has:
    its counts, partitions and quarantine, no ingest numbers, no workflow section."""
    with harness.MockApi(tmp_path, "--invalid-rate", 0.2, "--seed", 11) as api:
        config, env = harness.pipeline_config(tmp_path, api.url, results_per_page=50,
                                              pages_per_run=2)
        harness.run(["ingest", "--config", config, "--once"], env)
    listen = f"127.0.0.1:{harness.free_port()}"
    log = open(tmp_path / "process.log", "w")
    proc = subprocess.Popen([harness.SLUICE, "process", "--config", str(config), "--listen",
                             listen], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        harness.wait_http(f"http://{listen}/readyz")
        status = wait_for(lambda: get(f"http://{listen}/api/v1/status")[1],
                          lambda s: s["processed"] == 100, "the worker processes both pages")
        assert "fetched" not in status
        run_browser_check("worker", f"http://{listen}/", Path(OUTPUT_DIR or tmp_path) / "dashboard")
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
        log.close()
