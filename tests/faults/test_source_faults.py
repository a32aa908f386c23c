"""The source API failing 30% of requests (`sluice mock-api --error-rate 0.3`: 500, 503, an
error body, 429 with Retry-After, truncated JSON, malformed JSON, a connection cut halfway, and
answers slower than the client's read timeout): every page is retried until it comes whole, the
retries are counted, and the tables equal the fault-free run's, no record lost or doubled."""

import re

import faultlib

INPUT = faultlib.Input("faults-source", pages=40, results=500)


def metric_sum(text, name, label_filter=""):
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") and label_filter in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_source_errors_timeouts_and_bad_bodies_lose_and_double_nothing(tmp_path,
                                                                     tmp_path_factory):
    # --quiet=false undoes the harness's --quiet: the mock logs each request and its fault.
    with INPUT.mock(tmp_path, "--error-rate", 0.3, "--slow-ms", 1500, "--retry-after", 1,
                    "--quiet=false") as api:
        config, env = INPUT.config(tmp_path, api, pages_per_run=10, read_timeout_ms=500,
                                   max_attempts=6)
        db = faultlib.db_path(tmp_path)
        run = faultlib.Run(config, env, tmp_path)
        try:
            run.wait_for("every record stored", lambda: faultlib.total_rows(db) >= INPUT.records,
                         240)
            metrics = run.metrics()
            assert run.stop() == 0, run.output()[-4000:]
        finally:
            run.kill()
        mock_log = (tmp_path / f"mock-{api.port}.log").read_text()
    faults = re.findall(r"fault ([a-z0-9-]+)\)", mock_log)
    kinds = {f for f in faults if f != "none"}
    print(f"mock faults: {len(faults) - faults.count('none')} of {len(faults)} requests, "
          f"kinds {sorted(kinds)}")
    assert kinds == {"500", "503", "error-body", "429", "truncated-json", "malformed-json",
                     "connection-cut", "slow"}, kinds
    retries = metric_sum(metrics, "sluice_ingest_retries_total")
    statuses = {m.group(1) for m in re.finditer(r'sluice_ingest_requests_total\{[^}]*status="([^"]+)"',
                                                 metrics)}
    print(f"retries {retries:.0f}; statuses seen {sorted(statuses)}")
    assert retries >= 5, metrics
    assert {"200", "500", "503", "429", "error"} <= statuses, statuses
    faultlib.count("faults injected", len(faults) - faults.count("none"))
    faultlib.assert_same_as_reference(db, INPUT, tmp_path_factory.getbasetemp())
