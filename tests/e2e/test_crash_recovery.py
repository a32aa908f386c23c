"""kill -9 at random moments while `sluice run` moves >= 100k records, restart each time: the
final tables must equal those of a run without crashes over the same pages, row for row
(log positions included), and match the mock's ledger. Also: a disk that fills up mid-run
(RLIMIT_FSIZE, EFBIG on write) stops the pipeline with a clear error and corrupts nothing."""

import random
import resource
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import expectations
import harness

SEED = "e2e-crash"
RESULTS = 1000
TARGET_PAGES = 100  # 100,000 records
KILLS = 6


def rows(db):
    con = sqlite3.connect(db)
    users = sorted(tuple(r) for r in con.execute(
        "SELECT username, first_name, last_name, gender, address, post_code, email, dob, "
        "registered_date, phone, picture, _partition, _offset FROM created_users"))
    quarantine = sorted(tuple(r) for r in con.execute(
        "SELECT _partition, _offset, raw, reasons FROM quarantine"))
    con.close()
    return users, quarantine


def start(config, env, extra_env=None, limit_bytes=None):
    def limit():
        if limit_bytes is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    return subprocess.Popen([harness.SLUICE, "run", "--config", str(config), "--once"],
                            env={**env, **(extra_env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, preexec_fn=limit)


def test_kill_9_at_random_moments_loses_and_doubles_nothing(tmp_path):
    rng = random.Random(20261125)
    crash_dir, clean_dir = Path(tmp_path) / "crash", Path(tmp_path) / "clean"
    crash_dir.mkdir()
    clean_dir.mkdir()
    with harness.MockApi(tmp_path, "--invalid-rate", 0.2, "--error-rate", 0.05) as api:
        common = dict(seed=SEED, results_per_page=RESULTS, initial_backoff_ms=20,
                      max_backoff_ms=200, batch_records=500)
        config, env = harness.pipeline_config(crash_dir, api.url, pages_per_run=25, **common)
        db = crash_dir / "data" / "sluice.db"
        kills = 0
        while kills < KILLS:
            proc = start(config, env)
            time.sleep(rng.uniform(0.3, 2.5))
            if proc.poll() is None:
                proc.kill()
                kills += 1
            proc.wait()
        # Restart until the target is ingested and processed, as an operator would.
        for _ in range(20):
            out = harness.run(["run", "--config", config, "--once"], env)
            if harness.total_rows(db) >= TARGET_PAGES * RESULTS:
                break
        total = harness.total_rows(db)
        assert total >= TARGET_PAGES * RESULTS and total % RESULTS == 0, out.stdout
        pages = total // RESULTS

        clean_config, clean_env = harness.pipeline_config(clean_dir, api.url,
                                                          pages_per_run=pages, **common)
        harness.run(["run", "--config", clean_config, "--once"], clean_env)
        valid, invalid = expectations.expected_outcome(api, api.url, SEED, pages, RESULTS)

    crashed, clean = rows(db), rows(clean_dir / "data" / "sluice.db")
    assert crashed[0] == clean[0], "created_users differs from the run without crashes"
    assert crashed[1] == clean[1], "quarantine differs from the run without crashes"
    users, quarantine = harness.tables(db)
    expectations.assert_tables_match(users, quarantine, valid, invalid)


def test_full_disk_is_a_clear_error_and_corrupts_nothing(tmp_path):
    with harness.MockApi(tmp_path, "--invalid-rate", 0.2) as api:
        config, env = harness.pipeline_config(tmp_path, api.url, seed=SEED,
                                              results_per_page=RESULTS, pages_per_run=20)
        # Files may not grow past 3 MB: the log's segments hit EFBIG within the first pages.
        proc = start(config, env, limit_bytes=3 * 1024 * 1024)
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 1, out
        # The last error logged names the file that could not grow and why (SQLite says "disk
        # I/O error", the log the OS's own words). The run's summary follows it on stdout.
        errors = [line for line in out.splitlines() if "[error]" in line]
        assert errors, out
        error = errors[-1]
        assert str(tmp_path) in error, out
        assert any(w in error for w in ("File too large", "No space", "disk I/O error")), out
        # With room again, a restart goes on from the stored cursor and the tables are exact
        # for every page published so far.
        harness.run(["run", "--config", config, "--once"], env)
        db = Path(tmp_path) / "data" / "sluice.db"
        total = harness.total_rows(db)
        assert total >= 20 * RESULTS and total % RESULTS == 0
        valid, invalid = expectations.expected_outcome(api, api.url, SEED, total // RESULTS,
                                                       RESULTS)
    users, quarantine = harness.tables(db)
    expectations.assert_tables_match(users, quarantine, valid, invalid)
