"""`sluice run` end to end on the embedded pipeline: mock API (seeded, 20% invalid records incl.
reused usernames, 10% failing requests) -> log -> rules -> SQLite. The tables must hold exactly
the records the mock's ledger says are valid, and quarantine exactly the others with the rules
they break."""

import sqlite3
from pathlib import Path

import expectations
import harness

SEED = "e2e-local"
PAGES = 12
RESULTS = 250


def test_run_stores_valid_and_quarantines_invalid_exactly(tmp_path):
    with harness.MockApi(tmp_path, "--invalid-rate", 0.2, "--error-rate", 0.1) as api:
        config, env = harness.pipeline_config(
            tmp_path, api.url, seed=SEED, results_per_page=RESULTS, pages_per_run=PAGES,
            initial_backoff_ms=20, max_backoff_ms=200)
        out = harness.run(["run", "--config", config, "--once"], env)
        assert "processed" in out.stdout
        valid, invalid = expectations.expected_outcome(api, api.url, SEED, PAGES, RESULTS)

    users, quarantine = harness.tables(Path(tmp_path) / "data" / "sluice.db")
    assert len(users) + len(quarantine) == PAGES * RESULTS
    assert any(rules == ["username_unique"] for rules in invalid.values()), \
        "the mock should have reused some usernames"
    expectations.assert_tables_match(users, quarantine, valid, invalid)


def test_second_run_resumes_at_the_next_page_and_doubles_nothing(tmp_path):
    with harness.MockApi(tmp_path, "--invalid-rate", 0.2) as api:
        config, env = harness.pipeline_config(tmp_path, api.url, seed=SEED,
                                              results_per_page=RESULTS, pages_per_run=3)
        harness.run(["run", "--config", config, "--once"], env)
        harness.run(["run", "--config", config, "--once"], env)
        valid, invalid = expectations.expected_outcome(api, api.url, SEED, 6, RESULTS)
    users, quarantine = harness.tables(Path(tmp_path) / "data" / "sluice.db")
    expectations.assert_tables_match(users, quarantine, valid, invalid)


def test_unwritable_data_dir_is_a_clear_error(tmp_path):
    blocker = Path(tmp_path) / "not-a-dir"
    blocker.write_text("a file where the data dir should be")
    config, env = harness.pipeline_config(tmp_path, "http://127.0.0.1:9/api/")
    env["SLUICE_DATA_DIR"] = str(blocker / "data")
    out = harness.run(["run", "--config", config, "--once"], env, check=False)
    assert out.returncode == 1
    assert str(blocker) in out.stderr + out.stdout


def test_process_role_alone_catches_up_and_exits(tmp_path):
    with harness.MockApi(tmp_path, "--invalid-rate", 0.2) as api:
        config, env = harness.pipeline_config(tmp_path, api.url, seed=SEED,
                                              results_per_page=RESULTS, pages_per_run=2)
        harness.run(["ingest", "--config", config, "--once"], env)
        out = harness.run(["process", "--config", config, "--until-idle"], env)
        assert f"processed {2 * RESULTS} records" in out.stdout
    con = sqlite3.connect(Path(tmp_path) / "data" / "sluice.db")
    total = con.execute("SELECT (SELECT count(*) FROM created_users) + "
                        "(SELECT count(*) FROM quarantine)").fetchone()[0]
    assert total == 2 * RESULTS


def test_run_serves_health_metrics_status_and_stops_cleanly_on_sigint(tmp_path):
    import json
    import signal
    import subprocess
    import time
    import urllib.request

    with harness.MockApi(tmp_path, "--invalid-rate", 0.2) as api:
        config, env = harness.pipeline_config(tmp_path, api.url, seed=SEED,
                                              results_per_page=RESULTS, pages_per_run=1,
                                              interval_ms=100)
        base = "http://" + env["SLUICE_LISTEN"]
        proc = subprocess.Popen([harness.SLUICE, "run", "--config", str(config),
                                 "--progress-ms", "200"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        try:
            harness.wait_http(base + "/readyz")
            deadline = time.time() + 60
            status = {}
            while time.time() < deadline:
                status = harness.get_json(base + "/api/v1/status")
                if status["stored"] + status["quarantined"] >= 3 * RESULTS:
                    break
                time.sleep(0.1)
            assert status["stored"] + status["quarantined"] >= 3 * RESULTS, status
            assert status["pipeline"] == "user_profiles"
            assert set(status["rule_failures"]) >= {"required", "email_format", "username_unique"}
            with urllib.request.urlopen(base + "/healthz") as r:
                assert r.read() == b"ok\n"
            with urllib.request.urlopen(base + "/metrics") as r:
                metrics = r.read().decode()
            assert 'sluice_records_processed_total{pipeline="user_profiles",stage="process"}' \
                in metrics
            assert "sluice_rule_failures_total" in metrics and "sluice_consumer_lag_records" in metrics
            with urllib.request.urlopen(base + "/") as r:
                assert b"sluice" in r.read()
        finally:
            proc.send_signal(signal.SIGINT)
            out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0, out
        assert "fetched" in out and "processed" in out
        # A clean stop commits what it processed; the rest of the log waits for the next start.
        # Once processed, every page ingested before the stop is there exactly once.
        harness.run(["process", "--config", config, "--until-idle"], env)
        users, quarantine = harness.tables(Path(tmp_path) / "data" / "sluice.db")
        pages = (len(users) + len(quarantine)) // RESULTS
        assert len(users) + len(quarantine) == pages * RESULTS
        valid, invalid = expectations.expected_outcome(api, api.url, SEED, pages, RESULTS)
    expectations.assert_tables_match(users, quarantine, valid, invalid)


def test_status_escapes_names_and_metrics_count_ingest(tmp_path):
    """A pipeline name and a data dir with quotes and a backslash still give valid JSON at
    /api/v1/status (names go through the JSON escaper), and /metrics has the ingest counters."""
    import json
    import signal
    import subprocess
    import urllib.request

    with harness.MockApi(tmp_path) as api:
        config, env = harness.pipeline_config(tmp_path, api.url, seed=SEED,
                                              pipeline="'say \"hi\" pipeline'",
                                              results_per_page=RESULTS, pages_per_run=1)
        data_dir = Path(tmp_path) / 'da"t\\a'
        env["SLUICE_DATA_DIR"] = str(data_dir)
        base = "http://" + env["SLUICE_LISTEN"]
        proc = subprocess.Popen([harness.SLUICE, "run", "--config", str(config)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            harness.wait_http(base + "/readyz")
            with harness.api_get(base + "/api/v1/status") as r:
                body = r.read().decode()
            status = json.loads(body)  # raises on invalid JSON
            assert status["pipeline"] == 'say "hi" pipeline', body
            assert status["sink"] == "sqlite " + str(data_dir / "sluice.db"), body
            assert "username_unique" in status["rule_failures"], body
            with urllib.request.urlopen(base + "/metrics") as r:
                metrics = r.read().decode()
            for name in ("sluice_ingest_runs_total", "sluice_ingest_records_total",
                         "sluice_ingest_retries_total", "sluice_ingest_rejected_total"):
                assert name in metrics, name
        finally:
            proc.send_signal(signal.SIGINT)
            out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0, out
