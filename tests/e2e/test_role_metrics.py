"""End to end: the metrics of the one-role commands, served with --listen. `sluice ingest`
against a mock API that fails some requests: every request is counted by status, and what
the source, the cursor and the log report agree with one another. Then `sluice process`
over that log: records per sink transaction add up to what it processed. Both report the
data dir's filesystem. (`sluice run` is checked with promtool in
tests/services/test_metrics_lint.py.)"""

import signal
import subprocess
import time

from harness import (SLUICE, MockApi, free_port, get_json, pipeline_config, scrape_metrics,
                     wait_http)
from harness import metric_total as total

PAGES = 8
RESULTS = 50


def scrape(port):
    return scrape_metrics(f"http://127.0.0.1:{port}")


def series(samples, name):
    return {ls: v for (n, ls), v in samples.items() if n == name}


def until(port, ready, timeout=60):
    deadline = time.time() + timeout
    while True:
        samples = scrape(port)
        if ready(samples) or time.time() > deadline:
            return samples
        time.sleep(0.2)


def serve(args, env, port, log_path):
    log = open(log_path, "w")
    proc = subprocess.Popen([SLUICE, *map(str, args), "--listen", f"127.0.0.1:{port}"], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    wait_http(f"http://127.0.0.1:{port}/readyz", timeout=60)
    return proc, log


def stop(proc, log):
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=60)
    log.close()
    return code


def check_data_dir(samples):
    available = total(samples, "sluice_data_dir_available_bytes", pipeline="user_profiles")
    size = total(samples, "sluice_data_dir_size_bytes", pipeline="user_profiles")
    assert 0 < available <= size, samples


def test_ingest_and_process_roles_serve_their_metrics(tmp_path):
    with MockApi(tmp_path, "--error-rate", 0.4) as mock:
        path, env = pipeline_config(tmp_path, mock.url, results_per_page=RESULTS,
                                    pages_per_run=PAGES, interval_ms=600000,
                                    initial_backoff_ms=5, max_backoff_ms=50)
        port = free_port()
        proc, log = serve(["ingest", "--config", path], env, port, tmp_path / "ingest.log")
        try:
            s = until(port, lambda s: total(s, "sluice_ingest_runs_total") >= 1)
            status = get_json(f"http://127.0.0.1:{port}/api/v1/status")
        finally:
            assert stop(proc, log) == 0, (tmp_path / "ingest.log").read_text()

    assert total(s, "sluice_ingest_runs_total", result="ok") == 1, s
    pages = total(s, "sluice_ingest_cursor") - 1  # the cursor names the next page
    assert pages == PAGES
    by_status = {dict(ls)["status"]: v for ls, v in series(s, "sluice_ingest_requests_total").items()}
    assert set(by_status) <= {"200", "429", "500", "503", "error"}, by_status
    # Each request either brought its page or was retried.
    retries = total(s, "sluice_ingest_retries_total")
    assert sum(by_status.values()) == pages + retries, (by_status, retries)
    assert retries > 0 and by_status["200"] >= pages, "the mock failed some requests"
    assert total(s, "sluice_ingest_fetched_bytes_total") > 1000 * pages
    assert total(s, "sluice_ingest_run_duration_seconds_count") == 1

    # One log transaction per page; the partitions' end offsets hold every record published.
    published = total(s, "sluice_ingest_records_total")
    assert published == status["published"] == PAGES * RESULTS, status
    assert total(s, "sluice_log_appends_total") == pages
    assert total(s, "sluice_log_end_offset") == published
    assert total(s, "sluice_log_fsync_duration_seconds_count") >= 1
    assert total(s, "sluice_log_size_bytes") >= total(s, "sluice_log_appended_bytes_total") > 0
    assert len(series(s, "sluice_log_segments")) == 4  # config/local.yaml: 4 partitions
    check_data_dir(s)

    port = free_port()
    proc, log = serve(["process", "--config", path], env, port, tmp_path / "process.log")
    try:
        s = until(port, lambda s: total(s, "sluice_records_processed_total") >= published)
    finally:
        assert stop(proc, log) == 0, (tmp_path / "process.log").read_text()
    assert total(s, "sluice_records_processed_total") == published
    assert total(s, "sluice_process_batch_records_sum") == published
    assert total(s, "sluice_process_batch_records_count") == total(s, "sluice_process_batch_seconds_count") >= 1
    assert total(s, "sluice_log_end_offset") == published, "the process role sees the same log"
    check_data_dir(s)
