"""End to end: the log formats of docs/operations.md ("Logs"). With --log-format json (or
SLUICE_LOG_FORMAT=json) every line on stderr is one JSON object carrying the pipeline and the
stage; the text format carries them in brackets; stdout keeps the command's own report."""

import json

from harness import MockApi, free_port, pipeline_config, run

DEAD_API = f"http://127.0.0.1:{free_port()}/api/"  # nothing listens there


def ingest_once_against(tmp_path, api_url, *extra, env_extra=None):
    path, env = pipeline_config(tmp_path, api_url, max_attempts=2, initial_backoff_ms=10,
                                max_backoff_ms=20)
    env.update(env_extra or {})
    return run(["ingest", "--config", path, "--once", *extra], env, check=False)


def json_lines(text):
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines, "nothing was logged"
    return [json.loads(line) for line in lines]


def test_json_lines_carry_pipeline_and_stage(tmp_path):
    proc = ingest_once_against(tmp_path, DEAD_API, "--log-format", "json")
    assert proc.returncode == 1, proc.stderr
    entries = json_lines(proc.stderr)
    for entry in entries:
        assert set(entry) >= {"time", "level", "msg"}, entry
        assert entry["time"].endswith("Z"), entry
        assert entry["pipeline"] == "user_profiles", entry
        assert entry["stage"] == "ingest", entry
    assert any("retrying" in e["msg"] for e in entries), entries
    # The run's failure is a log event too: no plain line breaks the JSON stream.
    assert any(e["level"] == "error" and "failed after 2 attempts" in e["msg"] for e in entries)


def test_environment_selects_json_too(tmp_path):
    proc = ingest_once_against(tmp_path, DEAD_API, env_extra={"SLUICE_LOG_FORMAT": "json"})
    assert all(e["stage"] == "ingest" for e in json_lines(proc.stderr))


def test_text_lines_name_pipeline_and_stage(tmp_path):
    with MockApi(tmp_path) as mock:
        proc = ingest_once_against(tmp_path, mock.url)
    assert proc.returncode == 0, proc.stderr
    opened = [line for line in proc.stderr.splitlines() if "open:" in line]
    assert opened and "[info] [user_profiles ingest] log " in opened[0], proc.stderr


def test_log_level_error_hides_retries(tmp_path):
    proc = ingest_once_against(tmp_path, DEAD_API, "--log-level", "error")
    assert "retrying" not in proc.stderr, proc.stderr


def test_unknown_format_is_a_usage_error(tmp_path):
    proc = ingest_once_against(tmp_path, DEAD_API, "--log-format", "xml")
    assert proc.returncode == 2
    assert "--log-format" in proc.stderr + proc.stdout
