"""/metrics of a running `sluice run` (embedded, with the mock API) passes Prometheus' own
linter, `promtool check metrics` (Debian's prometheus package, installed with the service), with
no problem reported: names, units and help text as Prometheus' naming conventions want them.
The process metrics and sluice_build_info are there, with values of this process, and so is
every family of the ingest, log, process and disk metrics (docs/operations.md, "Metrics")."""
import os
import re
import subprocess
import time
import urllib.request

from conftest import REPO, require_tool
from pipeline_harness import SLUICE, free_port, mock_api, require_sluice, wait_http


def test_metrics_of_a_running_pipeline_pass_promtool(tmp_path):
    require_sluice()
    promtool = require_tool("promtool")
    port = free_port()
    with mock_api(tmp_path / "mock.log") as api_url:
        env = dict(os.environ, SLUICE_DATA_DIR=str(tmp_path / "data"), SLUICE_API_URL=api_url,
                   SLUICE_LISTEN=f"127.0.0.1:{port}")
        with open(tmp_path / "run.log", "w") as log:
            run = subprocess.Popen([str(SLUICE), "run", "--config", str(REPO / "config" / "local.yaml")],
                                   stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            wait_http(f"http://127.0.0.1:{port}/readyz", timeout=60)
            # Some records through and an ingest run ended, so that the labelled series and
            # the run histogram have samples too.
            deadline = time.time() + 60
            text = ""
            while time.time() < deadline:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
                    text = r.read().decode()
                if (re.search(r"^sluice_records_processed_total\S* [1-9]", text, re.M) and
                        re.search(r"^sluice_ingest_run_duration_seconds_count\S* [1-9]", text,
                                  re.M)):
                    break
                time.sleep(0.5)
        finally:
            run.terminate()
            run.wait(timeout=60)
    lint = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True,
                          text=True, timeout=60)
    assert lint.returncode == 0 and lint.stdout.strip() == "", lint.stdout + lint.stderr
    values = dict(re.findall(r"^(\w+(?:\{[^}]*\})?) (\S+)$", text, re.M))
    assert float(values["process_resident_memory_bytes"]) > 1 << 20, text
    assert float(values["process_open_fds"]) >= 3
    assert abs(float(values["process_start_time_seconds"]) - time.time()) < 600
    build = [k for k in values if k.startswith("sluice_build_info{")]
    assert build and 'version="' in build[0], text
    # The families of issue 13 (ingest, log, process, disk), each with a sample.
    for family, kind in [("sluice_ingest_requests_total", "counter"),
                         ("sluice_ingest_fetched_bytes_total", "counter"),
                         ("sluice_ingest_run_duration_seconds", "histogram"),
                         ("sluice_ingest_cursor", "gauge"),
                         ("sluice_log_appends_total", "counter"),
                         ("sluice_log_appended_bytes_total", "counter"),
                         ("sluice_log_fsync_duration_seconds", "histogram"),
                         ("sluice_log_segments", "gauge"),
                         ("sluice_log_size_bytes", "gauge"),
                         ("sluice_log_end_offset", "gauge"),
                         ("sluice_process_batch_records", "histogram"),
                         ("sluice_unstored_records", "gauge"),
                         ("sluice_sink_write_seconds", "histogram"),
                         ("sluice_data_dir_available_bytes", "gauge"),
                         ("sluice_data_dir_size_bytes", "gauge")]:
        assert f"# TYPE {family} {kind}\n" in text, f"{family} missing\n{text}"
        sample = family + ("_count" if kind == "histogram" else "")
        assert any(k == sample or k.startswith(sample + "{") for k in values), family
    assert 'sluice_ingest_requests_total{pipeline="user_profiles",stage="ingest",status="200"}' \
        in values, text
    assert float(values[next(k for k in values if k.startswith("sluice_ingest_cursor{"))]) >= 2
    assert sum(float(v) for k, v in values.items() if k.startswith("sluice_log_appends_total")) > 0
    assert len([k for k in values if k.startswith("sluice_log_end_offset{")]) == 4, text
