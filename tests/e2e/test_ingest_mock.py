"""End to end: `sluice mock-api` with broken records and failing requests, ingested through the
HTTP source. Every record must arrive exactly once with the verdict the rules give
(docs/architecture.md, "Data quality"), computed here from the mock's own /debug/expectations,
independently of the rule engine."""

import json
import re
import signal
import subprocess
import time
from pathlib import Path

from harness import SLUICE, MockApi, pipeline_config, run

SEED = "sluice"  # the seed config/local.yaml pages with
RESULTS = 50
PAGES = 10


def expected_verdicts(mock):
    """{(page, index): (username, set of rule ids)} in ingest order, with username_unique decided
    as the rules say: the first valid record holds a username; later ones with it fail."""
    expected = {}
    holders = set()
    for page in range(1, PAGES + 1):
        for rec in mock.expectations(SEED, page, RESULTS)["records"]:
            username = rec["username"]
            failed = set(rec["broken"])
            if username and username in holders:
                failed.add("username_unique")
            if not failed and username:
                holders.add(username)
            expected[(page, rec["index"])] = (username, failed)
    return expected


def config_for(tmp, mock):
    return pipeline_config(
        tmp, mock.url,
        results_per_page=RESULTS, pages_per_run=PAGES,
        read_timeout_ms=1000,  # below the mock's --slow-ms: slow answers become timeouts
        initial_backoff_ms=20, max_backoff_ms=300)


def test_every_record_once_with_the_rules_verdict(tmp_path):
    with MockApi(tmp_path, "--invalid-rate", 0.2, "--error-rate", 0.2, "--slow-ms", 1500,
                 "--retry-after", 1) as mock:
        path, env = config_for(tmp_path, mock)
        out = tmp_path / "verdicts.jsonl"
        proc = run(["ingest", "--config", path, "--once", "--dry-run", "--sample", 3,
                    "--verdicts-out", out], env)
        expected = expected_verdicts(mock)

    lines = [json.loads(line) for line in out.read_text().splitlines()]
    got = {}
    for line in lines:
        key = (line["page"], line["index"])
        assert key not in got, f"record {key} arrived twice"
        got[key] = (line["username"], set(line["failed"]))
    assert set(got) == set(expected), "records missing or unexpected"

    mismatches = [(k, got[k], expected[k]) for k in sorted(expected) if got[k] != expected[k]]
    assert not mismatches, f"{len(mismatches)} verdicts differ, first: {mismatches[:5]}"

    # The data set really exercises the rules, uniqueness included.
    all_failed = set().union(*(failed for _, failed in expected.values()))
    assert {"required", "data_types", "email_format", "date_format", "gender_values",
            "username_length", "username_unique"} <= all_failed
    invalid = sum(1 for _, failed in expected.values() if failed)
    assert 0.1 * len(expected) < invalid < 0.35 * len(expected)

    # The mock failed requests (its fault plan is fixed by the seeds), and the source retried.
    m = re.search(r"(\d+) requests, (\d+) retries", proc.stdout)
    assert m, proc.stdout
    requests, retries = int(m.group(1)), int(m.group(2))
    assert retries > 0
    assert requests == PAGES + retries
    assert f"records {len(expected)}, valid {len(expected) - invalid}, invalid {invalid}" \
        in proc.stdout


def test_ingest_publishes_and_the_next_run_resumes_at_the_cursor(tmp_path):
    with MockApi(tmp_path, "--invalid-rate", 0.2, "--error-rate", 0.2, "--slow-ms", 1500) as mock:
        path, env = pipeline_config(tmp_path, mock.url, results_per_page=20, pages_per_run=2,
                                    read_timeout_ms=1000, initial_backoff_ms=20)
        first = run(["ingest", "--config", path, "--once"], env)
        assert "40 published" in first.stdout, first.stdout
        assert "cursor '' -> 'page=3'" in first.stdout, first.stdout
        second = run(["ingest", "--config", path, "--once"], env)
        assert "cursor 'page=3' -> 'page=5'" in second.stdout, second.stdout


def test_bad_config_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("pipeline: [unclosed\n")
    proc = run(["ingest", "--config", bad, "--once", "--dry-run"], env=None, check=False)
    assert proc.returncode == 2, proc.stderr
    assert Path(bad).name in proc.stderr


def test_each_summary_line_reaches_a_file_while_ingest_runs(tmp_path):
    """stdout is line-buffered: a continuous `sluice ingest` writing to a file (as under a
    supervisor or log collector) shows each run's summary as soon as the run ends, not when a
    buffer fills or the process exits."""
    with MockApi(tmp_path) as mock:
        config, env = pipeline_config(tmp_path, mock.url, results_per_page=RESULTS,
                                      pages_per_run=1, interval_ms=3600000)
        out_path = tmp_path / "ingest.out"
        with open(out_path, "w") as out:
            proc = subprocess.Popen([SLUICE, "ingest", "--config", str(config)], env=env,
                                    stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.time() + 60
            while "ingest: 1 batches" not in out_path.read_text():
                assert proc.poll() is None, out_path.read_text()
                assert time.time() < deadline, "no summary while the ingest waits for its next run"
                time.sleep(0.1)
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=30) == 0, out_path.read_text()
