"""The real `sluice ingest` and `sluice process` on the Kafka log (SQLite sink): the same pages
give the same stored rows and the same quarantine verdicts as on the embedded log, and the
cursor goes on from where the last committed page left it.

The binary comes from the build tree: $SLUICE_BUILD_DIR (default build/) /src/cli/sluice.
"""
import json
import os
import pathlib
import socket
import sqlite3
import subprocess
import time
import urllib.request
import uuid
from contextlib import closing

import pytest

from conftest import REPO

SLUICE = pathlib.Path(os.environ.get("SLUICE_BUILD_DIR", REPO / "build")) / "src" / "cli" / "sluice"
FIELDS = ("username, email, first_name, last_name, gender, address, post_code, dob, "
          "registered_date, phone, picture")


def free_port():
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def mock_api(tmp_path):
    port = free_port()
    with open(tmp_path / "mock.log", "w") as log:
        proc = subprocess.Popen([str(SLUICE), "mock-api", "--port", str(port), "--seed", "42",
                                 "--invalid-rate", "0.1", "--quiet"], stdout=log,
                                stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api/"
    deadline = time.time() + 15
    while True:
        try:
            urllib.request.urlopen(url + "?results=1&page=1&seed=probe", timeout=2).close()
            break
        except OSError:
            if time.time() > deadline:
                proc.kill()
                raise
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def sluice(config, data_dir, api_url, *args):
    env = dict(os.environ, SLUICE_DATA_DIR=str(data_dir), SLUICE_API_URL=api_url)
    run = subprocess.run([str(SLUICE), *args, "--config", str(config)], capture_output=True,
                         text=True, timeout=300, env=env)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    return run.stdout + run.stderr


def tables(db):
    with closing(sqlite3.connect(db)) as c:
        users = c.execute(f"SELECT {FIELDS} FROM created_users ORDER BY username").fetchall()
        # Reasons by rule: a username_unique message names the log position of the holder,
        # which differs between the logs (another partitioner, other offsets).
        quarantine = sorted(
            (raw, tuple(r["rule"] for r in json.loads(reasons)))
            for raw, reasons in c.execute("SELECT raw, reasons FROM quarantine"))
    return users, quarantine


def kafka_yaml(bootstrap, prefix):
    """config/local.yaml with its log on a fresh Kafka topic."""
    if not SLUICE.exists():
        pytest.fail(f"{SLUICE} is not built: make build")
    local = (REPO / "config" / "local.yaml").read_text()
    topic = f"{prefix}-{uuid.uuid4().hex[:12]}"
    kafka = local.replace("  kind: embedded\n",
                          f"  kind: kafka\n  brokers: {bootstrap}\n  topic: {topic}\n", 1)
    assert kafka != local
    return kafka


def test_kafka_and_embedded_logs_store_the_same(tmp_path, kafka_bootstrap, mock_api):
    (tmp_path / "kafka.yaml").write_text(kafka_yaml(kafka_bootstrap, "pipeline"))

    out = {}
    for name, config in (("embedded", REPO / "config" / "local.yaml"),
                         ("kafka", tmp_path / "kafka.yaml")):
        data = tmp_path / name
        first = sluice(config, data, mock_api, "ingest", "--once")
        assert "cursor '' -> 'page=5'" in first, first
        second = sluice(config, data, mock_api, "ingest", "--once")
        assert "cursor 'page=5' -> 'page=9'" in second, second
        processed = sluice(config, data, mock_api, "process", "--until-idle")
        assert "processed 4000 records" in processed, processed
        out[name] = tables(data / "sluice.db")

    users, quarantine = out["kafka"]
    assert len(users) + len(quarantine) == 4000
    assert len(quarantine) > 100
    assert out["kafka"][0] == out["embedded"][0]
    assert out["kafka"][1] == out["embedded"][1]


def test_a_dry_run_leaves_a_running_ingest_publishing(tmp_path, kafka_bootstrap, mock_api):
    """`sluice ingest --dry-run` reads the stored cursor without opening a writer: the ingest
    running meanwhile is not fenced and goes on publishing."""
    kafka = kafka_yaml(kafka_bootstrap, "dryrun")
    kafka = kafka.replace("  interval_ms: 2000 ", "  interval_ms: 500 ", 1)
    # A pipeline of its own: the transactional.id is per pipeline, whatever the topic, and
    # another run of user_profiles on this Kafka would fence this test's ingest.
    name = f"dryrun_{uuid.uuid4().hex[:12]}"
    kafka = kafka.replace("pipeline: user_profiles\n", f"pipeline: {name}\n", 1)
    assert f"pipeline: {name}" in kafka
    config = tmp_path / "kafka.yaml"
    config.write_text(kafka)
    env = dict(os.environ, SLUICE_DATA_DIR=str(tmp_path / "data"), SLUICE_API_URL=mock_api)
    with open(tmp_path / "ingest.out", "w") as out:
        ingest = subprocess.Popen([str(SLUICE), "ingest", "--config", str(config)], env=env,
                                  stdout=out, stderr=subprocess.STDOUT)
    try:
        def runs():
            return (tmp_path / "ingest.out").read_text().count("ingest: ")

        deadline = time.time() + 60
        while runs() < 1:
            assert ingest.poll() is None and time.time() < deadline, \
                (tmp_path / "ingest.out").read_text()
            time.sleep(0.1)
        dry = sluice(config, tmp_path / "data", mock_api, "ingest", "--dry-run", "--once")
        assert "dry run:" in dry and "cursor 'page=" in dry, dry
        before = runs()
        while runs() < before + 2:
            assert ingest.poll() is None and time.time() < deadline + 60, \
                (tmp_path / "ingest.out").read_text()
            time.sleep(0.1)
        text = (tmp_path / "ingest.out").read_text()
        assert "fenced" not in text, text
    finally:
        ingest.terminate()
        ingest.wait(timeout=30)
