"""The real `sluice ingest` and `sluice process` on the Kafka log (SQLite sink): the same pages
give the same stored rows and the same quarantine verdicts as on the embedded log, the cursor
goes on from where the last committed page left it, and a dry run does not fence a running
ingest."""
import os
import subprocess
import time
import uuid

import pytest

from conftest import REPO
from pipeline_harness import SLUICE, mock_api, require_sluice, sluice, sqlite_tables


@pytest.fixture
def mock_api_url(tmp_path):
    with mock_api(tmp_path / "mock.log") as url:
        yield url


def kafka_yaml(bootstrap, prefix):
    """config/local.yaml with its log on a fresh Kafka topic."""
    require_sluice()
    local = (REPO / "config" / "local.yaml").read_text()
    topic = f"{prefix}-{uuid.uuid4().hex[:12]}"
    kafka = local.replace("  kind: embedded\n",
                          f"  kind: kafka\n  brokers: {bootstrap}\n  topic: {topic}\n", 1)
    assert kafka != local
    return kafka


def test_kafka_and_embedded_logs_store_the_same(tmp_path, kafka_bootstrap, mock_api_url):
    (tmp_path / "kafka.yaml").write_text(kafka_yaml(kafka_bootstrap, "pipeline"))

    out = {}
    for name, config in (("embedded", REPO / "config" / "local.yaml"),
                         ("kafka", tmp_path / "kafka.yaml")):
        data = tmp_path / name
        env = {"SLUICE_DATA_DIR": str(data), "SLUICE_API_URL": mock_api_url}
        first = sluice(config, env, "ingest", "--once")
        assert "cursor '' -> 'page=5'" in first, first
        second = sluice(config, env, "ingest", "--once")
        assert "cursor 'page=5' -> 'page=9'" in second, second
        processed = sluice(config, env, "process", "--until-idle")
        assert "processed 4000 records" in processed, processed
        out[name] = sqlite_tables(data / "sluice.db")

    users, quarantine = out["kafka"]
    assert len(users) + len(quarantine) == 4000
    assert len(quarantine) > 100
    assert out["kafka"][0] == out["embedded"][0]
    assert out["kafka"][1] == out["embedded"][1]


def test_a_dry_run_leaves_a_running_ingest_publishing(tmp_path, kafka_bootstrap, mock_api_url):
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
    env = {"SLUICE_DATA_DIR": str(tmp_path / "data"), "SLUICE_API_URL": mock_api_url}
    with open(tmp_path / "ingest.out", "w") as out:
        ingest = subprocess.Popen([str(SLUICE), "ingest", "--config", str(config)],
                                  env=dict(os.environ, **env), stdout=out,
                                  stderr=subprocess.STDOUT)
    try:
        def runs():
            return (tmp_path / "ingest.out").read_text().count("ingest: ")

        deadline = time.time() + 60
        while runs() < 1:
            assert ingest.poll() is None and time.time() < deadline, \
                (tmp_path / "ingest.out").read_text()
            time.sleep(0.1)
        dry = sluice(config, env, "ingest", "--dry-run", "--once")
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
