"""/metrics of a running `sluice run` (embedded, with the mock API) passes Prometheus' own
linter, `promtool check metrics` (Debian's prometheus package, installed with the service), with
no problem reported: names, units and help text as Prometheus' naming conventions want them.
The process metrics and sluice_build_info are there, with values of this process."""
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
            # Some records through, so that the labelled series exist too.
            deadline = time.time() + 60
            text = ""
            while time.time() < deadline:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
                    text = r.read().decode()
                if re.search(r"^sluice_records_processed_total\S* [1-9]", text, re.M):
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
